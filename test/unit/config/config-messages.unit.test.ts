import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadOne } from '../../../src/config/load.js';
import { formatProblem } from '../../../src/config/issues.js';
import { CONFIG_FILES } from '../../../src/config/registry.js';

/** The problems of the example `name`.yaml after one edit, as `config check` prints them. */
function problemsAfter(name: string, from: string, to: string): string[] {
  const text = readFileSync(`config/${name}.yaml`, 'utf8');
  assert.ok(text.includes(from), `config/${name}.yaml has no "${from}"`);
  return loadOne(
    `${name}.yaml`,
    text.replace(from, to),
    CONFIG_FILES.find((f) => f.name === name)!,
  ).problems.map(formatProblem);
}

/** The one problem of an edit, without its file:line:col. */
function onlyProblem(name: string, from: string, to: string): string {
  const lines = problemsAfter(name, from, to);
  assert.equal(lines.length, 1, lines.join('\n'));
  return lines[0]!.replace(/^\S+:\d+:\d+ /, '');
}

describe('config messages in plain words', () => {
  it('says what was expected and what the file holds for a wrong type', () => {
    assert.equal(onlyProblem('sync', 'pollIntervalSeconds: 30', 'pollIntervalSeconds: thirty'), 'salesforce.pollIntervalSeconds: expected a number, got "thirty"');
    assert.equal(onlyProblem('sync', 'pollIntervalSeconds: 30', 'pollIntervalSeconds: 2.5'), 'salesforce.pollIntervalSeconds: expected a whole number, got 2.5');
    assert.equal(onlyProblem('sync', 'pollIntervalSeconds: 30', 'pollIntervalSeconds:'), 'salesforce.pollIntervalSeconds: expected a number, got no value (the key is empty)');
    assert.equal(onlyProblem('sync', 'retries: { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 300000 }', 'retries: [8, 500]'), 'retries: expected a mapping of keys to values, got a list of 2 items');
    assert.equal(
      onlyProblem('sync', 'integrationUsername: casebridge@integration.example', 'integrationUsername: casebridge'),
      'salesforce.integrationUsername: expected an e-mail address such as leads@example.org, got "casebridge"',
    );
  });

  it('names the bound a number or a list breaks, with the value given', () => {
    assert.equal(onlyProblem('sync', 'pollIntervalSeconds: 30', 'pollIntervalSeconds: -5'), 'salesforce.pollIntervalSeconds: expected a number of at least 5, got -5');
    assert.equal(onlyProblem('console', 'sessionHours: 12', 'sessionHours: 0'), 'sessionHours: expected a number greater than 0, got 0');
    assert.equal(onlyProblem('sla', 'remainingPercent: 20', 'remainingPercent: 150'), 'atRisk.remainingPercent: expected a number less than 100, got 150');
    assert.match(onlyProblem('sync', 'caseStatuses: [New, Working,', 'caseStatuses: [] #'), /^salesforce\.caseStatuses: expected a list of at least 1 item, got an empty list$/);
  });

  it('says why a report window is none, with the value', () => {
    const expected = 'is not a window: expected a whole number above 0 of minutes m, hours h or days d, such as "1h", "24h" or "7d"';
    assert.equal(onlyProblem('reports', 'window: 1h', 'window: 0h'), `reports[0].window: "0h" ${expected}`);
    assert.equal(onlyProblem('reports', 'window: 1h', 'window: 24'), `reports[0].window: 24 ${expected}`);
  });

  it('refuses a retry ceiling below the first wait, naming both values', () => {
    assert.equal(onlyProblem('sync', 'maxDelayMs: 300000', 'maxDelayMs: 100'), 'retries.maxDelayMs: maxDelayMs (100) is below baseDelayMs (500); expected the longest wait to be at least the first');
  });

  it("explains YAML's surprises: yes is text, a quoted number is text", () => {
    const yes = problemsAfter('reports', '  slack: true', '  slack: yes');
    assert.match(yes[0]!, /alerts\.slack: expected true or false, got "yes" \(YAML reads yes, no, on and off as text\)$/);
    assert.equal(onlyProblem('sync', 'maxAttempts: 8', 'maxAttempts: "8"'), 'retries.maxAttempts: expected a number, got "8" (leave out the quotes to write a number)');
  });

  it('lists the choices of an enumeration or a union', () => {
    assert.equal(onlyProblem('sync', 'jira: summary, direction: toJira', 'jira: summary, direction: to_jira'), 'fields[0].direction: expected one of "toJira", "toSalesforce", "both", got "to_jira"');
    assert.equal(onlyProblem('sync', '    New: ignore', '    New: {}'), 'statusMap.toJira.New: expected ignore or { jiraStatus: NAME } with NAME one of jira.statuses, got a mapping');
    assert.equal(onlyProblem('console', 'trustProxy: false', 'trustProxy: 1.5'), 'trustProxy: expected true or false, a whole number or a list, got 1.5');
    assert.equal(onlyProblem('sla', 'when: { priority: P1, tier: VIP }', 'when: { priority: 1, tier: VIP }'), 'policies[0].when.priority: expected text or a list, got 1');
  });

  it('does not echo a long value: a webhook URL pasted where true or false belongs stays out of the output', () => {
    const secret = 'https://hooks.slack.com/services/T0000/B0000/XXXXSECRETXXXX';
    const lines = problemsAfter('reports', '  slack: true', `  slack: "${secret}"`);
    assert.match(lines[0]!, /alerts\.slack: expected true or false, got text of 59 characters$/);
    assert.doesNotMatch(lines.join('\n'), /SECRET|hooks\.slack/);
  });

  it("gives an invalid pattern's reason once, without V8 repeating the pattern", () => {
    const from = "patterns: ['(?:[₪£$€]";
    assert.equal(
      onlyProblem('classification', from, "patterns: ['(?:[₪£$€"),
      "topics[2].rules[1].patterns[0]: invalid regular expression: Unmatched ')' (patterns are JavaScript regular expressions)",
    );
  });

  it("keeps a schema's own message", () => {
    assert.equal(
      onlyProblem('sla', 'first_response: 10m, resolution: 2h', 'first_response: 0m, resolution: 2h'),
      'policies[0].targets.first_response: "0m" is zero; an SLA target must be longer than that',
    );
  });
});
