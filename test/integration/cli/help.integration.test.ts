/**
 * `casebridge --help` from names and summaries alone: every command listed; a command's own help
 * (its module loaded on demand) shows its arguments, e.g. the case number `links show` accepts.
 */
import assert from 'node:assert/strict';
import { runCli } from '../../helpers/cli.js';

const COMMANDS = ['start', 'migrate', 'config', 'sync', 'backfill', 'links', 'dead-letters', 'sla', 'classify', 'owners', 'incidents', 'sandbox', 'doctor', 'jira'];

describe('casebridge help', function () {
  this.timeout(120_000);

  it('lists every command, and loads a command only for its own help', async () => {
    const help = await runCli(['--help']);
    assert.equal(help.code, 0, help.stderr);
    for (const name of COMMANDS) assert.match(help.stdout, new RegExp(`^  ${name} `, 'm'), `${name} listed`);
    const links = await runCli(['links', 'show', '--help']);
    assert.equal(links.code, 0, links.stderr);
    assert.match(links.stdout, /show \[options\] <caseNumberIdOrIssueKey>/);
    assert.match(links.stdout, /by case number such as 00001234/);
    const typo = await runCli(['link']);
    assert.equal(typo.code, 1);
    assert.match(typo.stderr, /unknown command 'link'/);
  });
});
