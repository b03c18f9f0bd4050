/** incidents.yaml `jira.onAcknowledged`: the shipped rule loads; a move to a status that is not an acknowledged one is named. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfigDir } from '../../../src/config/load.js';
import { formatProblem } from '../../../src/config/issues.js';

describe('incidents.yaml jira.onAcknowledged', () => {
  it('the shipped config moves to Investigating and comments who took it', () => {
    const result = loadConfigDir('config');
    assert.ok(result.ok, result.ok ? '' : JSON.stringify(result.problems));
    assert.equal(result.config.incidents?.jira.onAcknowledged?.moveTo, 'Investigating');
    assert.match(result.config.incidents?.jira.onAcknowledged?.comment ?? '', /\{by\}.*\{via\}.*\{at\}/);
  });

  it('moveTo outside acknowledgedStatuses is a problem with its file, line and path', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'casebridge-ack-config-'));
    cpSync('config', dir, { recursive: true });
    const file = path.join(dir, 'incidents.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('moveTo: Investigating', 'moveTo: Resolved'));
    const result = loadConfigDir(dir);
    assert.equal(result.ok, false);
    const problems = result.ok ? [] : result.problems.map(formatProblem);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0]!, /incidents\.yaml:\d+:\d+ jira\.onAcknowledged\.moveTo: "Resolved" is not one of acknowledgedStatuses \(Investigating, Mitigated\)/);
  });
});
