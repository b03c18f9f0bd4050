/** sla.yaml validation: schema errors with YAML paths, and the cross-field checks. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { formatProblem } from '../../../src/config/issues.js';
import { loadOne } from '../../../src/config/load.js';
import { checkSla, slaFileSchema } from '../../../src/config/schemas/sla.js';
import type { SlaConfig } from '../../../src/config/schemas/sla.js';

const SPEC = { name: 'sla', fileName: 'sla.yaml', required: true, schema: slaFileSchema, check: (c: unknown) => checkSla(c as SlaConfig) };

function problemsOf(yaml: string): string[] {
  return loadOne('sla.yaml', yaml, SPEC).problems.map(formatProblem);
}

const BASE = `
calendars:
  GB: { timezone: Europe/London, hours: { mon-fri: "09:00-17:30" }, holidays: { country: GB, region: ENG } }
  always: { timezone: UTC, hours: "24x7" }
pauseStatuses: ["Waiting on Customer"]
resolvedStatuses: ["Resolved", "Closed"]
policies:
  - { name: p1, when: { priority: P1 }, calendar: always, targets: { first_response: 15m, resolution: 4h } }
  - { name: rest, calendar: GB, targets: { first_response: 1h30m } }
`;

describe('sla.yaml schema and checks', () => {
  it('accepts the example config/sla.yaml and fills defaults', () => {
    const loaded = loadOne('config/sla.yaml', readFileSync('config/sla.yaml', 'utf8'), SPEC);
    assert.deepEqual(loaded.problems, []);
    const config = loaded.value as SlaConfig;
    assert.deepEqual(Object.keys(config.calendars), ['IL', 'GB', 'RU', 'always']);
    assert.equal(config.calendars.RU!.extraHolidays.length, 0);
  });

  it('accepts a minimal file and defaults atRisk to 20 %', () => {
    const loaded = loadOne('sla.yaml', BASE, SPEC);
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual((loaded.value as SlaConfig).atRisk, { remainingPercent: 20 });
  });

  it('refuses days in a duration and says why, with file, line and path', () => {
    const problems = problemsOf(BASE.replace('resolution: 4h', 'resolution: 1d'));
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^sla\.yaml:8:\d+ policies\[0\]\.targets\.resolution: "1d": days and weeks are not accepted because .*ambiguous/);
  });

  it('refuses malformed and zero durations', () => {
    assert.match(problemsOf(BASE.replace('first_response: 15m', 'first_response: 15'))[0]!, /first_response: 15 is not a duration; write hours and\/or minutes/);
    assert.match(problemsOf(BASE.replace('first_response: 15m', 'first_response: 0m'))[0]!, /first_response: "0m" is zero/);
  });

  it('names an unknown calendar and lists the known ones', () => {
    const problems = problemsOf(BASE.replace('calendar: GB', 'calendar: UK'));
    assert.deepEqual(problems, ['sla.yaml:9:19 policies[1].calendar: unknown calendar "UK"; known: GB, always, or "region"']);
  });

  it('reports bad hours: reversed range, overlap, unknown weekday, a day given twice', () => {
    const problems = problemsOf(BASE.replace('hours: { mon-fri: "09:00-17:30" }', 'hours: { mon-thu: "18:00-09:00", fri: ["09:00-13:00", "12:30-14:00"], thu: "09:00-12:00", funday: "10:00-11:00" }'));
    assert.equal(problems.length, 4, problems.join('\n'));
    assert.match(problems[0]!, /calendars\.GB\.hours\.mon-thu: "18:00-09:00" ends before it starts; .*split a night shift/);
    assert.match(problems[1]!, /calendars\.GB\.hours\.fri: ranges 09:00-13:00 and 12:30-14:00 overlap/);
    assert.match(problems[2]!, /calendars\.GB\.hours\.thu: thu is already given by "mon-thu"/);
    assert.match(problems[3]!, /calendars\.GB\.hours\.funday: "funday" is not a weekday/);
  });

  it('refuses unknown keys anywhere, an unknown time zone and a bad extra holiday date', () => {
    const problems = problemsOf(
      BASE.replace('timezone: UTC, hours: "24x7"', 'timezone: Mars/Olympus, hours: "24x7", extraHolidays: ["2025-02-30"], colour: red').replace(
        'resolvedStatuses',
        'resolvedStatus: []\nresolvedStatuses',
      ),
    );
    const text = problems.join('\n');
    assert.match(text, /calendars\.always\.timezone: "Mars\/Olympus" is not an IANA time zone/);
    assert.match(text, /calendars\.always\.extraHolidays\[0\]: not a real calendar date/);
    assert.match(text, /calendars\.always\.colour: unknown key "colour"/);
    assert.match(text, /resolvedStatus: unknown key "resolvedStatus"/);
  });

  it('checks holiday country and region against date-holidays', () => {
    const badRegion = problemsOf(BASE.replace('region: ENG', 'region: ENGLAND'));
    assert.equal(badRegion.length, 1);
    assert.match(badRegion[0]!, /calendars\.GB\.holidays\.region: date-holidays has no region "ENGLAND" in GB; known regions: .*ENG/);
    assert.match(problemsOf(BASE.replace('country: GB', 'country: XX'))[0]!, /calendars\.GB\.holidays\.country: date-holidays has no country "XX"/);
  });

  it('refuses a status that both pauses and resolves', () => {
    const problems = problemsOf(BASE.replace('pauseStatuses: ["Waiting on Customer"]', 'pauseStatuses: ["Waiting on Customer", "Closed"]'));
    assert.deepEqual(
      problems.map((p) => p.replace(/^sla\.yaml:\d+:\d+ /, '')),
      ['pauseStatuses[1]: "Closed" is also a resolved status; a status either pauses or stops the clocks'],
    );
  });

  it('finds policies that can never apply after a broader one', () => {
    const yaml =
      BASE.replace('  - { name: rest,', '  - { name: p1-vip, when: { priority: [P1], tier: VIP }, calendar: always, targets: { first_response: 10m } }\n  - { name: rest,') +
      '  - { name: after-catch-all, when: { tier: Corporate }, calendar: GB, targets: { resolution: 8h } }\n';
    const problems = problemsOf(yaml);
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems[0]!, /policies\[1\]: policy "p1-vip" can never apply: policies\[0\] \("p1"\)/);
    assert.match(problems[1]!, /policies\[3\]: policy "after-catch-all" can never apply: policies\[2\] \("rest"\)/);
  });

  it('needs a fallbackCalendar when a region-picked calendar cannot exist', () => {
    const yaml = BASE.replace('{ name: rest, calendar: GB,', '{ name: rest, when: { region: [GB, FR] }, calendar: region,');
    const problems = problemsOf(yaml);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0]!, /policies\[1\]\.when\.region: region "FR" is not a calendar name/);
    assert.deepEqual(problemsOf(yaml.replace('calendar: region,', 'calendar: region, fallbackCalendar: GB,')), []);
  });

  it('schema rejects an atRisk with both or neither threshold', () => {
    const both = slaFileSchema.safeParse({ ...minimal(), atRisk: { remainingPercent: 10, remainingMinutes: 5 } });
    assert.equal(both.success, false);
    assert.match(JSON.stringify(both.error?.issues), /exactly one of remainingPercent, remainingMinutes/);
    const minutes = slaFileSchema.parse({ ...minimal(), atRisk: { remainingMinutes: 30 } });
    assert.deepEqual(minutes.atRisk, { remainingMinutes: 30 });
  });
});

function minimal() {
  return { calendars: { C: { timezone: 'UTC', hours: '24x7' } }, resolvedStatuses: ['Closed'], policies: [{ name: 'a', calendar: 'C', targets: { resolution: '1h' } }] };
}
