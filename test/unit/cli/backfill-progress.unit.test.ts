/** Backfill progress: percentage, rate and ETA against the counted total; a bar on a TTY, JSON lines otherwise. */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createBackfillProgress, toProgressFigures } from '../../../src/cli/backfill-progress.js';
import type { BackfillSummary } from '../../../src/engine/backfill.js';

const givenSummary = (partial: Partial<BackfillSummary>): BackfillSummary => ({ examined: 0, created: 0, linked: 0, skipped: 0, failed: 0, resumedFrom: null, total: 1000, ...partial });

function givenStream(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({ write: (chunk, _enc, done) => ((text += String(chunk)), done()) }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY, columns: 200, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { stream, text: () => text };
}

describe('backfill progress', () => {
  it('computes percentage, rate and ETA from the total', () => {
    assert.deepEqual(toProgressFigures({ examined: 250, total: 1000 }, 5000), { examined: 250, total: 1000, percent: 25, casesPerSecond: 50, etaSeconds: 15 });
    assert.deepEqual(toProgressFigures({ examined: 0, total: 1000 }, 0), { examined: 0, total: 1000, percent: 0, casesPerSecond: 0, etaSeconds: null });
    assert.equal(toProgressFigures({ examined: 1200, total: 1000 }, 1000).percent, 100, 'never over 100 % when cases changed meanwhile');
    assert.deepEqual(toProgressFigures({ examined: 10, total: null }, 1000), { examined: 10, total: null, percent: null, casesPerSecond: 10, etaSeconds: null });
  });

  it('writes one JSON line per batch without a terminal', () => {
    let clock = 0;
    const { stream, text } = givenStream(false);
    const progress = createBackfillProgress(stream, () => clock);
    clock = 2000;
    progress.update(givenSummary({ examined: 200, created: 150, skipped: 50 }));
    progress.stop();
    const lines = text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { backfillProgress: Record<string, unknown> });
    assert.equal(lines.length, 1);
    assert.deepEqual(lines[0]!.backfillProgress, { examined: 200, created: 150, linked: 0, skipped: 50, failed: 0, resumedFrom: null, total: 1000, percent: 20, casesPerSecond: 100, etaSeconds: 8 });
  });

  it('draws a bar with percentage, count of total, rate and ETA on a terminal', () => {
    let clock = 0;
    const { stream, text } = givenStream(true);
    const progress = createBackfillProgress(stream, () => clock);
    clock = 4000;
    progress.update(givenSummary({ examined: 400, created: 300, linked: 10 }));
    progress.stop();
    assert.match(text(), /backfill \[.*\] 40% \| 400\/1000 cases \| 100 cases\/s \| ETA 6s \| created 300 linked 10 skipped 0 failed 0/);
  });
});
