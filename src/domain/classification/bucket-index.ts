/**
 * Bucket → feature index, as an open-addressing hash table in one typed array of (bucket, index)
 * pairs: one cache line per lookup. A model keeps a few hundred thousand of the 2^22 buckets; a
 * dense lookup array would cost 16 MB per loaded model, and a `Map<number, number>` several times
 * the memory of this table and more time per lookup.
 */
export class BucketIndex {
  /** Slot s holds bucket `slots[2s]` (-1: empty) and its feature index `slots[2s + 1]`. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  /** `buckets` are distinct non-negative integers; `buckets[f]` maps to `f`. */
  constructor(buckets: ArrayLike<number>) {
    let capacity = 16;
    while (capacity < buckets.length * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.slots = new Int32Array(2 * capacity).fill(-1);
    for (let f = 0; f < buckets.length; f++) {
      const bucket = buckets[f] as number;
      let slot = this.slotOf(bucket);
      while (this.slots[2 * slot] !== -1) slot = (slot + 1) & this.mask;
      this.slots[2 * slot] = bucket;
      this.slots[2 * slot + 1] = f;
    }
  }

  // Buckets are already hash bits, but the low bits of neighbouring buckets cluster; one multiply spreads them.
  private slotOf(bucket: number): number {
    return (Math.imul(bucket, 0x9e3779b1) >>> 7) & this.mask;
  }

  /** The feature index of `bucket`, or -1 when the vocabulary does not hold it. */
  get(bucket: number): number {
    const slots = this.slots;
    let slot = this.slotOf(bucket);
    for (;;) {
      const key = slots[2 * slot] as number;
      if (key === bucket) return slots[2 * slot + 1] as number;
      if (key === -1) return -1;
      slot = (slot + 1) & this.mask;
    }
  }
}
