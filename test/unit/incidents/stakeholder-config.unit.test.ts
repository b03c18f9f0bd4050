/** The stakeholders section of incidents.yaml and owners.yaml's globalIncidentManager: shipped values load; mistakes are named with their paths. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfigDir } from '../../../src/config/load.js';
import { formatProblem } from '../../../src/config/issues.js';

function givenConfigDir(edits: ReadonlyArray<[file: string, from: string, to: string]>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'casebridge-stakeholder-config-'));
  cpSync('config', dir, { recursive: true });
  for (const [file, from, to] of edits) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    assert.ok(text.includes(from), `fixture text "${from}" not in ${file}`);
    writeFileSync(path.join(dir, file), text.replace(from, to));
  }
  return dir;
}
const problemsOf = (dir: string) => {
  const result = loadConfigDir(dir);
  assert.equal(result.ok, false);
  return result.ok ? [] : result.problems.map(formatProblem);
};

describe('stakeholders config', () => {
  it('the shipped files give SEV1 updates every 30 minutes, three regions, a business line and the manager', () => {
    const result = loadConfigDir('config');
    assert.ok(result.ok, result.ok ? '' : JSON.stringify(result.problems));
    const stakeholders = result.config.incidents?.stakeholders;
    assert.equal(stakeholders?.intervalMinutes.SEV1, 30);
    assert.deepEqual(Object.keys(stakeholders?.audiences ?? {}), ['israel', 'uk', 'russia', 'corporate']);
    assert.equal(result.config.owners?.globalIncidentManager, 'sarah-oconnor');
  });

  it('an unknown manager, an unknown business-line service and an audience nobody can hear are each named', () => {
    const dir = givenConfigDir([
      ['owners.yaml', 'globalIncidentManager: sarah-oconnor', 'globalIncidentManager: sara-oconnor'],
      ['incidents.yaml', 'services: [corporate-portal, payments]', 'services: [corporate-portal, billing]'],
      ['incidents.yaml', 'regions: [RU], slack: "#incidents-ru", email: [ops-ru@ride.example]', 'regions: [RU]'],
    ]);
    const problems = problemsOf(dir);
    assert.ok(
      problems.some((p) => /incidents\.yaml.*stakeholders\.audiences\.russia.*give slack or at least one email address/.test(p)),
      problems.join('\n'),
    );
    const fixed = givenConfigDir([
      ['owners.yaml', 'globalIncidentManager: sarah-oconnor', 'globalIncidentManager: sara-oconnor'],
      ['incidents.yaml', 'services: [corporate-portal, payments]', 'services: [corporate-portal, billing]'],
    ]);
    const across = problemsOf(fixed);
    assert.ok(
      across.some((p) => /incidents\.yaml:\d+:\d+ stakeholders\.audiences\.corporate\.services\[1\]: unknown service "billing"/.test(p)),
      across.join('\n'),
    );
    assert.ok(
      across.some((p) => /owners\.yaml:\d+:\d+ globalIncidentManager: unknown contact "sara-oconnor"/.test(p)),
      across.join('\n'),
    );
  });

  it('an interval that is not whole minutes is refused with the expectation', () => {
    const problems = problemsOf(givenConfigDir([['incidents.yaml', 'intervalMinutes: { SEV1: 30,', 'intervalMinutes: { SEV1: -5,']]));
    assert.ok(
      problems.some((p) => /stakeholders\.intervalMinutes\.SEV1.*expected minutes ≥ 0/.test(p)),
      problems.join('\n'),
    );
  });
});
