/** Pure pieces of SLA in the running system: the case summary, events from the feed, reports.yaml, cron slots. */
import assert from 'node:assert/strict';
import { summarizeClocks } from '../../../src/domain/sla/case-summary.js';
import { toReplyEvents, toStatusEvents, toTicket } from '../../../src/engine/extensions/sla-extension.js';
import { readCaseSummary } from '../../../src/engine/sla/writeback.js';
import { checkReports, reportsFileSchema, toWindowMs } from '../../../src/config/schemas/reports.js';
import { createSlotMatcher, listSlotsBetween } from '../../../src/jobs/report-slots.js';
import { givenCase } from '../sync/given.js';

describe('SLA runtime pieces', () => {
  describe('summarizeClocks', () => {
    it('shows the most urgent state and the earliest deadline of a counting clock', () => {
      assert.deepEqual(
        summarizeClocks([
          { state: 'met', dueAtMs: null },
          { state: 'running', dueAtMs: 5000 },
        ]),
        { state: 'running', dueAtMs: 5000 },
      );
      assert.deepEqual(
        summarizeClocks([
          { state: 'at_risk', dueAtMs: 9000 },
          { state: 'running', dueAtMs: 7000 },
        ]),
        { state: 'at_risk', dueAtMs: 7000 },
      );
      assert.deepEqual(
        summarizeClocks([
          { state: 'breached', dueAtMs: null },
          { state: 'paused', dueAtMs: null },
        ]),
        { state: 'breached', dueAtMs: null },
      );
      assert.deepEqual(summarizeClocks([]), { state: null, dueAtMs: null });
    });
  });

  describe('events from the feed', () => {
    const record = givenCase(
      { Status: 'Waiting on Customer', CreatedDate: '2026-11-02T08:00:00.000+0000', Priority: 'P2', Customer_Tier__c: 'VIP', Region__c: 'IL', CaseNumber: '00001001' },
      { id: 'C1', systemModstamp: '2026-11-02T09:30:00.000Z' },
    );

    it('a status differing from the stored one is an event at the SystemModstamp; the same status is not', () => {
      assert.deepEqual(toStatusEvents([record], new Map()), [{ caseId: 'C1', at: new Date('2026-11-02T09:30:00.000Z'), type: 'status', value: 'Waiting on Customer' }]);
      const known = new Map([['C1', { ...toTicket(record) }]]);
      assert.deepEqual(toStatusEvents([record], known), []);
    });

    it('tickets take CreatedDate with a +0000 offset and the SLA attributes', () => {
      const ticket = toTicket(record);
      assert.equal(ticket.createdAt.toISOString(), '2026-11-02T08:00:00.000Z');
      assert.deepEqual([ticket.priority, ticket.tier, ticket.region, ticket.caseNumber], ['P2', 'VIP', 'IL', '00001001']);
    });

    it('replies are public comments by people other than the integration user', () => {
      const comment = (id: string, isPublished: boolean, createdById: string) => ({ id, caseId: 'C1', body: 'x', isPublished, createdAt: '2026-11-02T10:00:00.000+0000', createdById });
      const events = toReplyEvents([comment('a', true, 'agent'), comment('b', false, 'agent'), comment('c', true, 'integration')], 'integration');
      assert.deepEqual(events, [{ caseId: 'C1', at: new Date('2026-11-02T10:00:00.000Z'), type: 'agentReply', value: null }]);
    });

    it('reads the SLA fields back as Salesforce formats them, to the second', () => {
      assert.deepEqual(readCaseSummary({ SLA_Status__c: 'running', SLA_Due__c: '2026-11-02T10:15:00.000+0000' }), { state: 'running', dueAtMs: Date.parse('2026-11-02T10:15:00Z') });
      assert.deepEqual(readCaseSummary({ SLA_Status__c: null, SLA_Due__c: null }), { state: null, dueAtMs: null });
    });
  });

  describe('reports.yaml', () => {
    it('fills defaults and accepts the example shape', () => {
      const parsed = reportsFileSchema.parse({ reports: [{ name: 'daily', cron: '0 7 * * 0-4', window: '24h', outputs: { directory: './r' } }] });
      assert.equal(parsed.reports[0]!.timezone, 'UTC');
      assert.deepEqual(parsed.reports[0]!.formats, ['html']);
      assert.equal(parsed.alerts.slack, true);
      assert.equal(toWindowMs('7d'), 7 * 86_400_000);
    });

    it('refuses bad cron, unknown keys, no output, bad windows and duplicate names', () => {
      const bad = reportsFileSchema.safeParse({ reports: [{ name: 'x', cron: '61 * * * *', window: '2w', outputs: {}, colour: 'red' }] });
      assert.equal(bad.success, false);
      const messages = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
      assert.match(messages, /reports\.0\.cron: "61 \* \* \* \*" is not a cron expression/);
      assert.match(messages, /reports\.0\.window: "2w" is not a window: expected a whole number above 0 of minutes m, hours h or days d/);
      assert.match(messages, /give at least one output/);
      assert.match(messages, /colour/);
      assert.equal(reportsFileSchema.safeParse({ reports: [{ name: 'x', cron: '0 0 * * * *', window: '1h', outputs: { slack: true } }] }).success, false, 'six-field (seconds) cron refused');
      const dup = reportsFileSchema.parse({ reports: [1, 2].map(() => ({ name: 'same', cron: '0 * * * *', window: '1h', outputs: { slack: true } })) });
      assert.deepEqual(checkReports(dup), [{ path: ['reports', 1, 'name'], message: 'duplicate report name "same"' }]);
    });
  });

  describe('cron slots', () => {
    it('lists the matching minutes in the schedule zone, keeping the newest up to the limit', () => {
      // 07:00 Sunday–Thursday in Jerusalem is 05:00 UTC in November (UTC+2).
      const matcher = createSlotMatcher('0 7 * * 0-4', 'Asia/Jerusalem');
      const slots = listSlotsBetween(matcher, Date.parse('2026-11-19T12:00:00Z'), Date.parse('2026-11-26T12:00:00Z'), 10);
      assert.deepEqual(
        slots.map((s) => new Date(s).toISOString()),
        ['2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26'].map((d) => `${d}T05:00:00.000Z`),
      );
      assert.equal(listSlotsBetween(matcher, Date.parse('2026-11-19T12:00:00Z'), Date.parse('2026-11-26T12:00:00Z'), 2).length, 2);
    });
  });
});
