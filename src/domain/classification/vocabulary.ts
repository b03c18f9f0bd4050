/**
 * The vocabulary of a model: which hashed term buckets become features. A bucket is kept when it is
 * found in at least `minDf` training rows; features are numbered in bucket order and weighted by
 * smoothed IDF. Counting is by sorting or densely, whichever is faster for the data's size.
 */

/** Vocabulary chosen from training rows, with smoothed IDF `ln((1 + n) / (1 + df)) + 1`. */
export interface Vocabulary {
  /** Kept buckets, ascending; feature `f` is bucket `buckets[f]`. */
  buckets: Int32Array;
  idf: Float64Array;
}

/** Buckets found in at least `minDf` rows, ascending, with their document frequencies. */
interface Frequencies {
  kept: number[];
  df: number[];
}

/** Sorts each row's distinct buckets together and counts runs: memory in proportion to the data. */
function countBySorting(rows: readonly Int32Array[], minDf: number): Frequencies {
  const distinct = rows.map((buckets) => {
    const sorted = Int32Array.from(buckets).sort();
    let n = 0;
    for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[n++] = sorted[k] as number;
    return sorted.subarray(0, n);
  });
  const all = new Int32Array(distinct.reduce((sum, d) => sum + d.length, 0));
  let offset = 0;
  for (const d of distinct) {
    all.set(d, offset);
    offset += d.length;
  }
  all.sort();
  const out: Frequencies = { kept: [], df: [] };
  for (let start = 0; start < all.length;) {
    let end = start + 1;
    while (end < all.length && all[end] === all[start]) end++;
    if (end - start >= minDf) {
      out.kept.push(all[start] as number);
      out.df.push(end - start);
    }
    start = end;
  }
  return out;
}

/** One counter per bucket (2 × 4 bytes × 2^hashBits): faster than sorting once the data is large. */
function countDensely(rows: readonly Int32Array[], minDf: number, hashBits: number): Frequencies {
  const size = 2 ** hashBits;
  const df = new Uint32Array(size);
  const lastRow = new Int32Array(size).fill(-1);
  rows.forEach((buckets, r) => {
    for (const bucket of buckets) {
      if (lastRow[bucket] === r) continue;
      lastRow[bucket] = r;
      df[bucket] = (df[bucket] as number) + 1;
    }
  });
  const out: Frequencies = { kept: [], df: [] };
  for (let bucket = 0; bucket < size; bucket++) {
    if ((df[bucket] as number) < minDf) continue;
    out.kept.push(bucket);
    out.df.push(df[bucket] as number);
  }
  return out;
}

/**
 * Keeps the buckets found in at least `minDf` rows (rarer terms mostly overfit and bloat the file).
 * `strategy` is for tests; by default small data is counted by sorting, large data densely.
 */
export function fitVocabulary(rows: readonly Int32Array[], minDf: number, hashBits: number, strategy?: 'sort' | 'dense'): Vocabulary {
  const occurrences = rows.reduce((sum, r) => sum + r.length, 0);
  const dense = strategy ? strategy === 'dense' : occurrences > 2 ** hashBits / 4;
  const { kept, df } = dense ? countDensely(rows, minDf, hashBits) : countBySorting(rows, minDf);
  const n = rows.length;
  const idf = Float64Array.from(df, (count) => Math.log((1 + n) / (1 + count)) + 1);
  return { buckets: Int32Array.from(kept), idf };
}
