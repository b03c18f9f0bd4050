/**
 * Wrong arguments as a person types them: each run exits 1 with one line naming the option, what
 * it was given and what it takes, before any database or system is touched.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../helpers/cli.js';

describe('casebridge with wrong arguments', function () {
  this.timeout(120_000);
  // A data directory of its own: nothing here may create or touch ./.data.
  const env = { CASEBRIDGE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'casebridge-args-')) };

  const refused = async (args: string[], expected: RegExp) => {
    const run = await runCli(args, env);
    assert.equal(run.code, 1, `${args.join(' ')}: exit ${run.code}\n${run.stdout}${run.stderr}`);
    assert.match(run.stderr, expected);
  };

  it('names a mistyped --once, and a sync without it', async () => {
    await refused(['sync', '--onse'], /unknown option '--onse'\n\(Did you mean --once\?\)/);
    await refused(['sync'], /^casebridge sync: give --once \(one pass of both change feeds, then exit\); `casebridge start` runs the sync continuously$/m);
  });

  it('names a mistyped option before saying a required one is missing', async () => {
    // `--sinse` is the mistake; "required option '--since' not specified" alone would hide it.
    await refused(['backfill', '--sinse', '2026-01-01'], /unknown option '--sinse'\n\(Did you mean --since\?\)/);
    await refused(['sla', 'report', '--form', '2026-11-01', '--to', '2026-11-08'], /unknown option '--form'\n\(Did you mean --from\?\)/);
    await refused(['backfill', '--dry-run'], /required option '--since <iso>' not specified/);
  });

  it('refuses a date that is not ISO-8601 or does not exist', async () => {
    await refused(
      ['backfill', '--since', '2026-02-30', '--dry-run'],
      /^casebridge backfill: --since "2026-02-30" is not an ISO-8601 date or date-time with a zone, such as 2026-01-01 or 2026-01-01T00:00:00Z$/m,
    );
    await refused(['sla', 'report', '--from', '01/11/2026', '--to', '2026-11-08'], /^casebridge sla report: --from "01\/11\/2026" is not an ISO-8601 date or date-time with a zone/m);
  });

  it('refuses a port out of range and a public URL that is none', async () => {
    await refused(['start', '--port', '70000'], /option '--port <port>' argument '70000' is invalid\. Expected a whole number from 0 to 65535/);
    await refused(['doctor', '--public-url', 'casebridge.acme.example'], /option '--public-url <url>' argument 'casebridge\.acme\.example' is invalid\. Expected the absolute URL/);
  });

  it('names a missing input file and a missing option of classify train', async () => {
    await refused(
      ['sla', 'compute', '--config', 'config', '--input', 'no/such/tickets.json'],
      /^--input no\/such\/tickets\.json: no such file; expected a JSON file \{ now, tickets: \[\.\.\.\] \}, or - for stdin$/m,
    );
    await refused(['sla', 'compute', '--config', 'config', '--input', 'config/sync.yaml'], /^--input config\/sync\.yaml: not valid JSON \(/m);
    await refused(
      ['classify', 'train', '--file', 'corpus/ride-hailing/train.csv', '--text', 'subject', '--out', 'x.json'],
      /^casebridge classify: missing --label: training from a file takes --file, --text, --label and --out/m,
    );
  });
});
