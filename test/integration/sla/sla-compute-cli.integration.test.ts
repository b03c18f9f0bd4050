/** `casebridge sla compute` as a child process on the example config and the named-case fixture. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../helpers/cli.js';

const FIXTURE = 'test/fixtures/sla/tickets.json';

describe('casebridge sla compute (child process)', function () {
  this.timeout(60_000);

  it('prints the clocks of the fixture tickets as JSON', async () => {
    const run = await runCli(['sla', 'compute', '--config', 'config', '--input', FIXTURE]);
    assert.equal(run.code, 0, run.stderr);
    const output = JSON.parse(run.stdout) as { tickets: Array<{ id: string; policy: string; calendar: string; metrics: Array<Record<string, unknown>> }> };
    const byId = new Map(output.tickets.map((t) => [t.id, t]));
    assert.deepEqual([...byId.keys()], ['IL-THU-1730', 'GB-DST-MARCH', 'GB-CHRISTMAS', 'RU-NEW-YEAR', 'P1-PAUSED-TWICE']);

    const israel = byId.get('IL-THU-1730')!;
    assert.deepEqual([israel.policy, israel.calendar], ['p2-corporate', 'IL']);
    // Thursday 17:30–18:00 plus Sunday 09:00–09:20: 50 working minutes of a 60-minute target.
    assert.deepEqual(israel.metrics[0], {
      metric: 'first_response',
      targetMinutes: 60,
      elapsedMinutes: 50,
      pausedMinutes: 0,
      state: 'met',
      dueAt: null,
      breachedAt: null,
      stoppedAt: '2025-11-23T07:20:00.000Z',
    });
    // The reply came 15 minutes after the Monday 09:00 BST opening + 2.5 h: breached at 10:30Z.
    assert.deepEqual(pick(byId.get('GB-DST-MARCH')!.metrics[0]!), ['breached', 255, '2025-03-31T10:30:00.000Z']);
    assert.deepEqual(pick(byId.get('GB-CHRISTMAS')!.metrics[0]!), ['met', 105, null]);
    assert.deepEqual(pick(byId.get('RU-NEW-YEAR')!.metrics[0]!), ['breached', 930, '2026-01-09T06:30:00.000Z']);
    const paused = byId.get('P1-PAUSED-TWICE')!.metrics[1]!;
    assert.deepEqual([paused.state, paused.elapsedMinutes, paused.pausedMinutes, paused.stoppedAt], ['met', 210, 90, '2026-01-05T16:00:00.000Z']);
  });

  it('exits 1 naming the ticket and field of bad input', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'casebridge-sla-'));
    const input = path.join(dir, 'bad.json');
    writeFileSync(input, JSON.stringify({ now: '2026-01-01T00:00:00Z', tickets: [{ id: 'C-17', createdAt: 'Tuesday', priority: 'P1', tier: 'VIP', region: 'IL' }] }));
    const run = await runCli(['sla', 'compute', '--config', 'config', '--input', input]);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /tickets\[0\] \(id "C-17"\)\.createdAt: not an ISO-8601 instant/);
  });

  it('exits 1 with file:line:col problems for a broken sla.yaml', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'casebridge-sla-'));
    writeFileSync(path.join(dir, 'sla.yaml'), 'calendars:\n  X: { timezone: UTC, hours: "24x7" }\nresolvedStatuses: [Closed]\npolicies:\n  - { name: a, calendar: Y, targets: { resolution: 2d } }\n');
    const run = await runCli(['sla', 'compute', '--config', dir, '--input', FIXTURE]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /sla\.yaml:5:\d+ policies\[0\]\.targets\.resolution: "2d": days and weeks are not accepted/);
  });
});

function pick(metric: Record<string, unknown>): unknown[] {
  return [metric.state, metric.elapsedMinutes, metric.breachedAt];
}
