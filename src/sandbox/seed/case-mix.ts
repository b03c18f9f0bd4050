/**
 * The mix of the seeded org's cases: how often each status, topic, language and priority occurs, so
 * the sandbox's demo board looks like a day of a real support org rather than a uniform draw.
 */
import { TOPICS } from '../salesforce/sobject-defs.js';
import { pickWeighted } from '../controls/prng.js';
import type { Language, Topic } from './case-texts.js';

/** How often each status occurs among the seeded cases (relative weights). */
export const STATUS_WEIGHTS = [
  ['New', 20],
  ['Working', 25],
  ['Escalated', 10],
  ['Waiting on Customer', 10],
  ['Pending Vendor', 5],
  ['Resolved', 15],
  ['Closed', 15],
] as const;
/** How often each topic occurs: safety and internal tools are rare, as in a real org. */
export const TOPIC_WEIGHTS: readonly (readonly [Topic, number])[] = TOPICS.map((t) => [t, t === 'safety_incident' || t === 'internal_tools' ? 5 : t === 'other' ? 8 : 14] as const);

/** The language a case of an account in `region` is written in. */
export function languageFor(region: string, random: () => number): Language {
  if (region === 'IL')
    return pickWeighted(random, [
      ['he', 60],
      ['en', 30],
      ['ru', 10],
    ] as const);
  if (region === 'RU')
    return pickWeighted(random, [
      ['ru', 85],
      ['en', 15],
    ] as const);
  return pickWeighted(random, [
    ['en', 95],
    ['ru', 5],
  ] as const);
}

/** The priority an agent would have given: safety cases high, VIP never below P2. */
export function priorityFor(topic: Topic, tier: string, random: () => number): string {
  if (topic === 'safety_incident')
    return pickWeighted(random, [
      ['P1', 50],
      ['P2', 50],
    ] as const);
  const base = pickWeighted(random, [
    ['P1', 5],
    ['P2', 20],
    ['P3', 50],
    ['P4', 25],
  ] as const);
  return tier === 'VIP' && base !== 'P1' ? 'P2' : base;
}
