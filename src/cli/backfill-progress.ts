/**
 * Backfill progress on stderr: on a terminal a bar (cli-progress) with percentage, rate and ETA
 * against the total the backfill counted first; without one (logs, supervisors, a pipe) one JSON
 * line per batch with the same figures, which tools can read and people can grep.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { BackfillSummary } from '../engine/backfill.js';

export interface ProgressFigures {
  examined: number;
  total: number | null;
  /** 0–100, one decimal; null without a total. */
  percent: number | null;
  casesPerSecond: number;
  /** Seconds left at the current rate; null without a total or before the first batch. */
  etaSeconds: number | null;
}

/** Percentage, rate and ETA of a backfill `elapsedMs` after it started. */
export function toProgressFigures(summary: Pick<BackfillSummary, 'examined' | 'total'>, elapsedMs: number): ProgressFigures {
  const { examined, total } = summary;
  const casesPerSecond = elapsedMs > 0 ? Math.round((examined / elapsedMs) * 1000 * 10) / 10 : 0;
  // A total below what was examined (cases changed meanwhile) still reads as done, never over 100 %.
  const percent = total === null ? null : total === 0 ? 100 : Math.min(100, Math.round((examined / total) * 1000) / 10);
  const etaSeconds = total === null || casesPerSecond === 0 ? null : Math.ceil(Math.max(0, total - examined) / casesPerSecond);
  return { examined, total, percent, casesPerSecond, etaSeconds };
}

export interface BackfillProgress {
  update(summary: BackfillSummary): void;
  stop(): void;
}

export function createBackfillProgress(stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): BackfillProgress {
  const startedAt = now();
  if (!stream.isTTY) {
    return {
      update: (summary) => stream.write(`${JSON.stringify({ backfillProgress: { ...summary, ...toProgressFigures(summary, now() - startedAt) } })}\n`),
      stop: () => undefined,
    };
  }
  const bar = new SingleBar(
    { format: 'backfill [{bar}] {percentage}% | {value}/{total} cases | {rate} cases/s | ETA {etaText} | created {created} linked {linked} skipped {skipped} failed {failed}', stream, etaBuffer: 20 },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update: (summary) => {
      const figures = toProgressFigures(summary, now() - startedAt);
      const payload = { rate: figures.casesPerSecond, etaText: formatSeconds(figures.etaSeconds), created: summary.created, linked: summary.linked, skipped: summary.skipped, failed: summary.failed };
      // Without a count the bar still moves, against what was seen so far.
      const total = Math.max(summary.total ?? summary.examined, summary.examined, 1);
      if (!started) bar.start(total, summary.examined, payload);
      else bar.setTotal(total);
      started = true;
      bar.update(summary.examined, payload);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

/** `45s`, `12m 05s`, `2h 03m`; `?` when unknown. */
function formatSeconds(seconds: number | null): string {
  if (seconds === null) return '?';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}
