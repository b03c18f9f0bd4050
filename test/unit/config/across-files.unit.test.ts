import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfigDir } from '../../../src/config/load.js';
import { formatProblem } from '../../../src/config/issues.js';

/** A copy of the example config directory with one edit in `file`; returns `config check`'s lines without the directory. */
function problemsAfterEdit(file: string, from: string, to: string): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'casebridge-across-'));
  cpSync('config', dir, { recursive: true });
  const text = readFileSync(path.join(dir, file), 'utf8');
  assert.ok(text.includes(from), `${file} has no "${from}"`);
  writeFileSync(path.join(dir, file), text.replace(from, to));
  const result = loadConfigDir(dir);
  return result.ok ? [] : result.problems.map((p) => formatProblem(p).replace(`${dir}${path.sep}`, ''));
}

describe('config checks across files', () => {
  it('names an unknown topic in an owners.yaml service, with the topics there are', () => {
    const lines = problemsAfterEdit('owners.yaml', 'topics: [rider_app]', 'topics: [rider_ap]');
    assert.match(lines[0]!, /^owners\.yaml:\d+:\d+ services\.rider-app\.topics\[0\]: unknown topic "rider_ap" \(not a topic of classification\.yaml: safety_incident, account_access, .*rider_app/);
    // The topic the typo left without a service is named too: both lines point at the one fix.
    assert.match(lines[1]!, /services: topic "rider_app" of classification\.yaml maps to no service/);
    assert.equal(lines.length, 2, lines.join('\n'));
  });

  it('does not call an owners.yaml that failed its own checks missing', () => {
    const lines = problemsAfterEdit('owners.yaml', 'owner: olga-smirnova', 'owner: olga-smirnov');
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0]!, /^owners\.yaml:\d+:\d+ services\.rider-app\.owner: unknown contact "olga-smirnov"/);
    assert.doesNotMatch(lines.join('\n'), /needs owners\.yaml/);
  });

  it('still says incidents.yaml and alerts.yaml need owners.yaml when it is absent', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'casebridge-across-'));
    cpSync('config', dir, { recursive: true, filter: (source) => path.basename(source) !== 'owners.yaml' });
    const result = loadConfigDir(dir);
    const text = result.ok ? '' : result.problems.map(formatProblem).join('\n');
    assert.match(text, /incidents\.yaml:\d+:\d+ \(root\): incidents\.yaml needs owners\.yaml .*add it or remove incidents\.yaml/);
    assert.match(text, /alerts\.yaml:\d+:\d+ \(root\): alerts\.yaml needs owners\.yaml/);
  });
});
