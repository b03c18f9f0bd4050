/** Seeded randomness for the sandbox: the shared generator plus pickers for seed data. */
export { createPrng } from '../../domain/random.js';

/** Picks one element of a non-empty list. */
export function pickOne<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pickOne needs a non-empty list');
  return item;
}

/** An integer in [min, max], both inclusive. */
export function pickInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
