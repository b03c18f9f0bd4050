/** console.yaml: defaults, the file/path/expected of each mistake, and the operator check with OIDC. */
import assert from 'node:assert/strict';
import { formatProblem } from '../../../src/config/issues.js';
import { loadConfigDir, loadOne } from '../../../src/config/load.js';
import { CONFIG_FILES } from '../../../src/config/registry.js';
import type { ConsoleConfig } from '../../../src/config/schemas/console.js';

const consoleSpec = CONFIG_FILES.find((f) => f.name === 'console')!;
const problemsOf = (text: string) => loadOne('console.yaml', text, consoleSpec).problems.map(formatProblem);
const valueOf = (text: string) => loadOne('console.yaml', text, consoleSpec).value as ConsoleConfig;

const OIDC = `signIn:
  oidc:
    issuer: https://acme.okta.com/oauth2/default
    clientId: 0oa1
    redirectUrl: https://casebridge.acme.example/signin/callback
roles:
  operators:
    groups: [casebridge-operators]
`;

describe('console.yaml', () => {
  it('ships an example the loader accepts: token sign-in, 12-hour sessions, no proxy trusted', () => {
    const result = loadConfigDir('config');
    assert.ok(result.ok, result.ok ? '' : result.problems.map(formatProblem).join('\n'));
    assert.equal(result.config.console?.signIn.oidc, undefined);
    assert.equal(result.config.console?.sessionHours, 12);
    assert.equal(result.config.console?.trustProxy, false);
  });

  it('fills OIDC defaults: scopes openid email profile, groups claim "groups", others refused', () => {
    const value = valueOf(OIDC);
    assert.deepEqual(value.signIn.oidc?.scopes, ['openid', 'email', 'profile']);
    assert.equal(value.signIn.oidc?.groupsClaim, 'groups');
    assert.equal(value.roles.others, 'refuse');
    assert.deepEqual(value.roles.viewers, { emails: [], domains: [], groups: [] });
  });

  it('names the file, the YAML path and what was expected, for every mistake at once', () => {
    const problems = problemsOf(`signIn:
  oidc:
    issuer: http://login.acme.example
    clientId: ""
    redirectUrl: https://casebridge.acme.example/callback
roles:
  operators:
    emails: [not-an-email]
  others: maybe
sessionHours: 0
`);
    const expected = [
      /^console\.yaml:3:\d+ signIn\.oidc\.issuer: the issuer must use https:\/\//,
      /^console\.yaml:4:\d+ signIn\.oidc\.clientId: expected the client id/,
      /^console\.yaml:5:\d+ signIn\.oidc\.redirectUrl: the redirect URL must end with \/signin\/callback/,
      /^console\.yaml:8:\d+ roles\.operators\.emails\[0\]: expected an e-mail address/,
      /^console\.yaml:9:\d+ roles\.others: expected refuse or viewer/,
      /^console\.yaml:10:\d+ sessionHours: /,
    ];
    for (const pattern of expected)
      assert.ok(
        problems.some((p) => pattern.test(p)),
        `${pattern} not in:\n${problems.join('\n')}`,
      );
  });

  it('allows http:// only for a provider on loopback', () => {
    assert.deepEqual(problemsOf(OIDC.replace('https://acme.okta.com/oauth2/default', 'http://127.0.0.1:4000')), []);
  });

  it('refuses OIDC with no operator listed (nobody could act)', () => {
    const problems = problemsOf(OIDC.replace('    groups: [casebridge-operators]\n', '    groups: []\n'));
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /roles\.operators: sign-in is by OpenID Connect but no operator is listed/);
  });
});
