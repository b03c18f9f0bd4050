/**
 * The embedded database's lock: a live holder is named, a dead one (SIGKILLed, or a pid reused by
 * a later process) is taken over, and its holder releases it (database.ts does on close).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseInUseError, lockDataDir, lockFileOf } from '../../../src/adapters/store/embedded-lock.js';

describe('embedded database lock', function () {
  this.timeout(60_000);
  let root: string;
  beforeEach(() => (root = mkdtempSync(path.join(tmpdir(), 'casebridge-lock-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('names a live holder, and is released by its holder', () => {
    const dir = path.join(root, 'pglite');
    const lock = lockDataDir(dir);
    const holder = JSON.parse(readFileSync(lockFileOf(dir), 'utf8')) as { pid: number };
    assert.equal(holder.pid, process.pid);
    // Another live process holding it (our parent stands in: alive, and started before us).
    writeFileSync(lockFileOf(path.join(root, 'other')), JSON.stringify({ pid: process.ppid, processStartedAtMs: startedAtOf(process.ppid), command: 'start', lockedAt: '2026-01-01T00:00:00.000Z' }));
    assert.throws(
      () => lockDataDir(path.join(root, 'other')),
      (error: unknown) => {
        assert.ok(error instanceof DatabaseInUseError);
        assert.equal(error.code, 'DATABASE_IN_USE');
        assert.match(error.message, new RegExp(`in use by \`casebridge start\` \\(pid ${process.ppid}, since 2026-01-01T00:00:00.000Z\\)`));
        return true;
      },
    );
    assert.throws(() => lockDataDir(dir), DatabaseInUseError, 'held by this very process');
    lock.release();
    assert.equal(existsSync(lockFileOf(dir)), false, 'released');
  });

  it('takes over the lock of a process that died, or whose pid now belongs to another process', async () => {
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = child.pid!;
    await new Promise((resolve) => child.on('exit', resolve));
    const dir = path.join(root, 'dead');
    writeFileSync(lockFileOf(dir), JSON.stringify({ pid: deadPid, processStartedAtMs: Date.now() - 1000, command: 'start', lockedAt: 'x' }));
    lockDataDir(dir).release();

    const recycled = path.join(root, 'recycled');
    // Our parent is alive, but it started long after this (made-up) holder did.
    writeFileSync(lockFileOf(recycled), JSON.stringify({ pid: process.ppid, processStartedAtMs: Date.parse('2001-01-01'), command: 'start', lockedAt: 'x' }));
    const lock = lockDataDir(recycled);
    assert.equal((JSON.parse(readFileSync(lockFileOf(recycled), 'utf8')) as { pid: number }).pid, process.pid);
    lock.release();
  });
});

/** The parent's start time as the lock records it (from /proc), so the holder looks genuine. */
function startedAtOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  const btime = Number(
    readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('btime '))!
      .split(' ')[1],
  );
  return btime * 1000 + ticks * 10;
}
