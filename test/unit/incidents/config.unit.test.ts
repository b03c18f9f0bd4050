/** owners.yaml and incidents.yaml: the shipped files load; mistakes are reported with their paths. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfigDir } from '../../../src/config/load.js';
import { formatProblem } from '../../../src/config/issues.js';

function givenConfigDir(edit: (dir: string) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'casebridge-incident-config-'));
  cpSync('config', dir, { recursive: true });
  edit(dir);
  return dir;
}
const replaceIn = (dir: string, file: string, from: string, to: string) => {
  const text = readFileSync(path.join(dir, file), 'utf8');
  assert.ok(text.includes(from), `fixture text "${from}" not in ${file}`);
  writeFileSync(path.join(dir, file), text.replace(from, to));
};
const problemsOf = (dir: string) => {
  const result = loadConfigDir(dir);
  assert.equal(result.ok, false);
  return result.ok ? [] : result.problems.map(formatProblem);
};

describe('owners.yaml and incidents.yaml', () => {
  it('the shipped config loads with both files', () => {
    const result = loadConfigDir('config');
    assert.ok(result.ok, result.ok ? '' : JSON.stringify(result.problems));
    assert.ok(result.config.owners?.services['payments']);
    assert.equal(result.config.incidents?.rca.closeWithOpenSubtasks, 'block');
  });

  it('a classification topic no service claims is named', () => {
    const dir = givenConfigDir((d) => replaceIn(d, 'owners.yaml', 'topics: [dispatch_pricing]', 'topics: []'));
    const problems = problemsOf(dir);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /owners\.yaml:\d+:\d+ services: topic "dispatch_pricing" of classification\.yaml maps to no service/);
  });

  it('unknown contacts, a topic claimed twice and a misspelt key are all reported at once', () => {
    const dir = givenConfigDir((d) => {
      replaceIn(d, 'owners.yaml', 'owner: priya-shah', 'owner: priya-shahh');
      replaceIn(d, 'owners.yaml', 'topics: [rider_app]', 'topics: [rider_app, driver_app]');
      replaceIn(d, 'owners.yaml', '{ contact: payments-oncall, waitMinutes: 5 }', '{ contact: payments-oncall, waitMinute: 5 }');
    });
    const problems = problemsOf(dir).join('\n');
    assert.match(problems, /services\.payments\.chain\[0\]\.waitMinute: unknown key "waitMinute"/);
    const fixed = givenConfigDir((d) => {
      replaceIn(d, 'owners.yaml', 'owner: priya-shah', 'owner: priya-shahh');
      replaceIn(d, 'owners.yaml', 'topics: [rider_app]', 'topics: [rider_app, driver_app]');
    });
    const crossProblems = problemsOf(fixed).join('\n');
    assert.match(crossProblems, /services\.dispatch\.owner: unknown contact "priya-shahh"/);
    assert.match(crossProblems, /services\.rider-app\.topics\[1\]: topic "driver_app" already belongs to service "driver-app"/);
  });

  it('incidents.yaml checks its contacts against owners.yaml and its modes', () => {
    const dir = givenConfigDir((d) => {
      replaceIn(d, 'incidents.yaml', 'incidentManager: sarah-oconnor', 'incidentManager: mobile-oncall');
      replaceIn(d, 'incidents.yaml', 'closeWithOpenSubtasks: block', 'closeWithOpenSubtasks: refuse');
    });
    const problems = problemsOf(dir).join('\n');
    assert.match(problems, /rca\.closeWithOpenSubtasks: .*"block"\|"warn"|rca\.closeWithOpenSubtasks: .*block.*warn/);
    const manager = givenConfigDir((d) => replaceIn(d, 'incidents.yaml', 'incidentManager: sarah-oconnor', 'incidentManager: mobile-oncall'));
    assert.match(problemsOf(manager).join('\n'), /rca\.incidentManager: contact "mobile-oncall" has no jiraAccountId/);
  });
});
