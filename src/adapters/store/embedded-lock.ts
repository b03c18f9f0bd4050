/**
 * The embedded database (PGlite) is one process's: a second process opening the same directory
 * crashes inside the WASM build (`Aborted()`), and could damage the files. So the data directory
 * has a lock file beside it naming its holder (pid, process start time, command). A lock whose process
 * is gone, or whose pid now belongs to a later process, is stale and taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { CasebridgeError } from '../../errors.js';

/** The lock sits next to the PGlite directory (`.data/pglite.lock`), not among PostgreSQL's own files. */
export function lockFileOf(dataDir: string): string {
  return `${path.resolve(dataDir)}.lock`;
}

/** What the lock file says about the process holding the database. */
export interface LockHolder {
  pid: number;
  /** When the holding process started (ms since the epoch). */
  processStartedAtMs: number;
  /** The casebridge command it runs, e.g. `start`. */
  command: string;
  lockedAt: string;
}

/** The embedded database is held by another live process. */
export class DatabaseInUseError extends CasebridgeError {
  override name = 'DatabaseInUseError';
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      'DATABASE_IN_USE',
      `the embedded database in ${dataDir} is in use by \`casebridge ${holder.command}\` (pid ${holder.pid}, since ${holder.lockedAt}); ` +
        `stop that process (Ctrl-C, or kill ${holder.pid}) and run this again, or set DATABASE_URL to a PostgreSQL database that several processes can share`,
    );
  }
}

export interface EmbeddedLock {
  release(): void;
}

/** Takes the data directory's lock or throws DatabaseInUseError naming the live holder. */
export function lockDataDir(dataDir: string, command = describeCommand()): EmbeddedLock {
  const file = lockFileOf(dataDir);
  const mine: LockHolder = { pid: process.pid, processStartedAtMs: processStartedAtMs(process.pid) ?? Date.now() - process.uptime() * 1000, command, lockedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // `wx`: created only if absent, atomically, so two processes starting together cannot both win.
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify(mine));
      closeSync(fd);
      return { release: () => releaseIfMine(file) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(file);
    if (holder && isAlive(holder)) throw new DatabaseInUseError(dataDir, holder);
    // Stale (the holder died without releasing, e.g. SIGKILL): take it over.
    unlinkSync(file);
  }
  const holder = readHolder(file);
  throw new DatabaseInUseError(dataDir, holder ?? { ...mine, pid: 0, command: 'unknown' });
}

function releaseIfMine(file: string): void {
  if (readHolder(file)?.pid !== process.pid) return;
  try {
    unlinkSync(file);
  } catch {
    // Already gone: nothing to release.
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.processStartedAtMs !== 'number') return undefined;
    return { pid: parsed.pid, processStartedAtMs: parsed.processStartedAtMs, command: String(parsed.command ?? 'unknown'), lockedAt: String(parsed.lockedAt ?? '?') };
  } catch {
    // Unreadable or half-written: treated as stale (a live holder writes it before anything else).
    return undefined;
  }
}

function isAlive(holder: LockHolder): boolean {
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else; it still holds the files.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A recycled pid: the process now using it started after the lock's holder did.
  const startedAt = processStartedAtMs(holder.pid);
  return startedAt === undefined || Math.abs(startedAt - holder.processStartedAtMs) < 5_000;
}

/** When a process started, from /proc (Linux); undefined where /proc is not available. */
function processStartedAtMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime, clock ticks since boot) counted after the `(comm)` field, which may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const bootLine = readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('btime '));
    if (!bootLine || !Number.isFinite(ticks)) return undefined;
    // USER_HZ is 100 on every Linux build Node supports.
    return Number(bootLine.split(' ')[1]) * 1000 + ticks * 10;
  } catch {
    return undefined;
  }
}

function describeCommand(): string {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  return args.slice(0, 2).join(' ') || 'casebridge';
}
