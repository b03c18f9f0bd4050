/**
 * How far the V8 heap may grow past what the last full GC left while a backfill runs
 * (`backfill.heapGrowthPercent`).
 *
 * Why: a backfill holds little (50–60 MB after a full GC, at 20,000 cases as at 100,000, most of it loaded code),
 * but every pass keeps its cases, issues and plans for a few seconds, so they outlive the young
 * generation and are promoted. On a machine with much memory V8 then lets the old generation reach
 * up to 4x what the last full GC left before it collects again (its growing factor, capped by the
 * heap limit it derives from the machine's memory): the peak RSS was that lazy growth (431 MB at
 * 100,000 cases), not data kept.
 *
 * Why this way: the heap limits (`--max-old-space-size`, `--max-semi-space-size`) are fixed when the
 * process starts, so a command cannot set them for itself, and a low limit turns a larger backfill
 * into an out-of-memory crash. The growing factor is read again at every full GC, so the backfill can
 * set it for its own duration (`v8.setFlagsFromString('--heap-growing-percent=N')`, V8's
 * "specifies heap growing factor as (1 + heap_growing_percent/100)") and put V8's own choice back
 * after. It bounds nothing: a backfill that needs more memory still gets it, only collected sooner.
 */
import { setFlagsFromString } from 'node:v8';

/** Runs `work` with V8's heap growing factor at 1 + percent/100; 0 leaves V8's own choice alone. */
export async function withHeapGrowth<T>(percent: number, work: () => Promise<T>): Promise<T> {
  if (!Number.isInteger(percent) || percent < 0) throw new Error(`backfill.heapGrowthPercent must be a whole number of 0 or more, got ${percent}`);
  if (percent === 0) return work();
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  await collectGarbage();
  try {
    return await work();
  } finally {
    // 0 is V8's default: the factor is its own again (from GC and allocation speed).
    setFlagsFromString('--heap-growing-percent=0');
  }
}

/**
 * One full GC now: V8 sets the next collection's threshold only at a full GC, so without it the
 * backfill's first stretch would still run to the threshold the last one set at V8's own factor
 * (4x at start-up: 41 -> 152 MB before the first collection in a 20,000-case run). An in-process
 * session of Node's inspector module asks for one with the DevTools protocol's
 * `HeapProfiler.collectGarbage`, without `--expose-gc`; no port is opened.
 */
async function collectGarbage(): Promise<void> {
  // A Node built without the inspector has no such module: the factor then applies from V8's next full GC.
  const inspector = await import('node:inspector/promises').catch(() => undefined);
  if (!inspector) return;
  const session = new inspector.Session();
  session.connect();
  try {
    await session.post('HeapProfiler.collectGarbage');
  } finally {
    session.disconnect();
  }
}
