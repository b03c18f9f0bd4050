import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfigDir, loadOne } from '../../../src/config/load.js';
import { formatProblem } from '../../../src/config/issues.js';
import { CONFIG_FILES } from '../../../src/config/registry.js';

const syncSpec = CONFIG_FILES.find((f) => f.name === 'sync')!;
const exampleSync = readFileSync('config/sync.yaml', 'utf8');

/** A copy of the example config directory with `sync.yaml` replaced by `text`. */
function givenConfigDirWithSync(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'casebridge-config-'));
  cpSync('config', dir, { recursive: true });
  writeFileSync(path.join(dir, 'sync.yaml'), text);
  return dir;
}

function problemsOf(text: string): string[] {
  return loadOne('sync.yaml', text, syncSpec).problems.map(formatProblem);
}

describe('config loader', () => {
  it('accepts the shipped example config', () => {
    const result = loadConfigDir('config');
    assert.ok(result.ok, result.ok ? '' : result.problems.map(formatProblem).join('\n'));
    assert.equal(result.config.sync!.statusMap.toJira.Closed !== 'ignore' && result.config.sync!.statusMap.toJira.Closed!.jiraStatus, 'Done');
  });

  it('reports five different mistakes at once, each with file:line:col and YAML path', () => {
    const broken = exampleSync
      .replace('pollIntervalSeconds: 30', 'pollIntervalSecnds: 30') // typo'd key
      .replace('Closed: { jiraStatus: Done }', 'Closed: { jiraStatus: "Done!" }') // unknown Jira status
      .replace('integrationEmail: casebridge@integration.example', 'integrationEmail: not-an-email') // bad format
      .replace('{ name: rider-app, topics: [rider_app], target: { project: RDR,', '{ name: rider-app, topics: [rider_app], target: { project: rdr,') // bad project key
      .replace('    In Review: { display: "Fix in review" }\n', ''); // status map no longer total
    const dir = givenConfigDirWithSync(broken);
    const result = loadConfigDir(dir);
    assert.equal(result.ok, false);
    const lines = result.ok ? [] : result.problems.map(formatProblem);
    const file = path.join(dir, 'sync.yaml');
    const expectations = [/salesforce\.pollIntervalSecnds: unknown key "pollIntervalSecnds"/, /jira\.integrationEmail: .*email/i, /routing\.rules\[1\]\.target\.project: expected a Jira project key/];
    // Schema errors are reported first; cross-field checks run once the shape is valid.
    for (const expected of expectations)
      assert.ok(
        lines.some((l) => expected.test(l)),
        `missing ${expected} in\n${lines.join('\n')}`,
      );
    for (const line of lines) assert.match(line, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ `));
    const typoLine = lines.find((l) => l.includes('pollIntervalSecnds'))!;
    assert.match(typoLine, /:5:3 /, 'points at the typo itself');

    // With the shape fixed, the two semantic mistakes surface together.
    const semantic = exampleSync.replace('Closed: { jiraStatus: Done }', 'Closed: { jiraStatus: "Done!" }').replace('    In Review: { display: "Fix in review" }\n', '');
    const semanticLines = problemsOf(semantic);
    assert.ok(
      semanticLines.some((l) => /statusMap\.toJira\.Closed\.jiraStatus: unknown Jira status "Done!"/.test(l)),
      semanticLines.join('\n'),
    );
    assert.ok(
      semanticLines.some((l) => /statusMap\.toSalesforce: Jira status "In Review" has no mapping/.test(l)),
      semanticLines.join('\n'),
    );
  });

  it('reports all five mistakes of a mixed file in one run', () => {
    const text = [
      'salesforce:',
      '  integrationUsername: casebridge@integration.example',
      '  caseStatuses: [New, Closed]',
      '  pollIntervalSeconds: 2', // below minimum
      'jira:',
      '  integrationEmail: casebridge@integration.example',
      '  statuses: [To Do, Done]',
      '  caseLabel: "sf case"', // no {caseId}
      'mirror:',
      '  when: { all: [ { field: Escalate_to_Jira__c, equals: true, in: [1] } ] }', // two operators
      'routing:',
      '  default: { project: OPS, issueType: Task }',
      'fields: []',
      'statusMap: { toSalesforce: {}, toJira: {} }',
      'comments: { toJira: {}, toSalesforce: {} }',
      'colour: blue', // unknown top-level key
      'retries: { maxAttempts: many }', // wrong type
    ].join('\n');
    const lines = problemsOf(text);
    assert.equal(lines.length, 5, lines.join('\n'));
    assert.match(lines.join('\n'), /sync\.yaml:4:\d+ salesforce\.pollIntervalSeconds/);
    assert.match(lines.join('\n'), /sync\.yaml:8:\d+ jira\.caseLabel: must contain \{caseId\}/);
    assert.match(lines.join('\n'), /sync\.yaml:10:\d+ mirror\.when\.all\[0\]: give exactly one of/);
    assert.match(lines.join('\n'), /sync\.yaml:16:1 colour: unknown key "colour"/);
    assert.match(lines.join('\n'), /sync\.yaml:17:\d+ retries\.maxAttempts/);
  });

  it('refuses hostile YAML: language tags, alias bombs, duplicate keys, huge files', () => {
    assert.match(problemsOf('salesforce: !!js/function "function(){ return 1 }"').join('\n'), /sync\.yaml:1:\d+ .*tag/i);
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    ].join('\n');
    const started = Date.now();
    assert.match(problemsOf(bomb).join('\n'), /alias/i);
    assert.ok(Date.now() - started < 2_000, 'an alias bomb is refused quickly');
    assert.match(problemsOf('mirror: 1\nmirror: 2\n').join('\n'), /sync\.yaml:2:1 .*unique/i);
    assert.match(problemsOf(`x: "${'a'.repeat(1_100_000)}"`).join('\n'), /larger than/);
    assert.match(problemsOf('').join('\n'), /file is empty/);
    assert.match(problemsOf('salesforce: [unclosed').join('\n'), /sync\.yaml:1:\d+ /);
  });

  it('checks names across files: a routing topic must be a classification topic', () => {
    const dir = givenConfigDirWithSync(exampleSync.replace('topics: [rider_app]', 'topics: [ridr_app]'));
    const result = loadConfigDir(dir);
    const lines = result.ok ? [] : result.problems.map(formatProblem);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0]!, /sync\.yaml:\d+:\d+ routing\.rules\[1\]\.topics\[0\]: unknown topic "ridr_app"/);
  });

  it('names a missing directory, a file given as the directory and a missing required file', () => {
    const missingDir = loadConfigDir('/nonexistent/casebridge');
    assert.equal(missingDir.ok, false);
    assert.match(missingDir.ok ? '' : formatProblem(missingDir.problems[0]!), /config directory does not exist/);
    const empty = mkdtempSync(path.join(tmpdir(), 'casebridge-empty-'));
    const result = loadConfigDir(empty);
    assert.match(result.ok ? '' : result.problems.map(formatProblem).join('\n'), /sync\.yaml:1:1 \(root\): required config file is missing/);
    const file = loadConfigDir('config/sync.yaml');
    assert.deepEqual(file.ok ? [] : file.problems.map(formatProblem), ['config/sync.yaml:1:1 (root): is a file; expected the config directory that holds sync.yaml and the other files']);
  });
});
