/**
 * Secret URLs (Slack webhook, SMTP, database) leak in pieces: a proxy echoes only the request path,
 * a driver prints the user and password apart, a client logs the query. Each secret part is
 * scrubbed on its own, while the harmless parts (host, fixed path words) stay readable.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { DestinationStream } from 'pino';
import { createLogger, makeScrubber } from '../../src/logging.js';

const SLACK = 'https://hooks.slack.com/services/T0123ABCD/B0456EFGH/Xyz123SecretTokenValue9';
const SMTP = 'smtp://alerts%40acme.example:pa55-w0rd!@mail.acme.example:587';
const HOOK = 'https://api.example.org/notify?channel=ops&api_key=ak_4f9d2c7e1b&sig=0a1b2c3d4e5f';

function givenCapturingLogger(secretValues: string[]) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { logger: createLogger({ level: 'info', secretValues, destination: destination as unknown as DestinationStream }), text: () => lines.join('') };
}

describe('logging: the secret parts of secret URLs', () => {
  it('scrubs a Slack webhook path a proxy echoed without the host', () => {
    const { logger, text } = givenCapturingLogger([SLACK]);
    logger.error({ err: new Error('proxy answered 502 for POST /services/T0123ABCD/B0456EFGH/Xyz123SecretTokenValue9') }, 'slack notify failed');
    logger.warn('retrying Xyz123SecretTokenValue9 alone, and %s encoded', encodeURIComponent('/services/T0123ABCD/B0456EFGH/Xyz123SecretTokenValue9'));
    const out = text();
    assert.ok(!out.includes('Xyz123SecretTokenValue9'), out);
    assert.ok(!out.includes('B0456EFGH'), out);
    assert.ok(out.includes('proxy answered 502 for POST'), 'the rest of the message survives');
    assert.ok(out.includes('slack notify failed'));
  });

  it('scrubs userinfo and query secrets, and keeps host names and plain words', () => {
    const scrub = makeScrubber([SMTP, HOOK]);
    const line = scrub('login alerts@acme.example / pa55-w0rd! at mail.acme.example; GET /notify?channel=ops&api_key=ak_4f9d2c7e1b&sig=0a1b2c3d4e5f; services ok');
    for (const secret of ['pa55-w0rd!', 'alerts@acme.example', 'ak_4f9d2c7e1b', '0a1b2c3d4e5f']) assert.ok(!line.includes(secret), `${secret} in ${line}`);
    assert.ok(line.includes('mail.acme.example'), line);
    assert.ok(line.includes('channel=ops'), 'a short, plain query value is not a secret');
    assert.ok(line.includes('services ok'));
  });

  it('keeps a role-like database user name readable while hiding its password', () => {
    const line = makeScrubber(['postgres://postgres:s3cr3t-pw@db.internal:5432/casebridge'])('postgres refused s3cr3t-pw');
    assert.equal(line, 'postgres refused [REDACTED]');
  });

  it('leaves lines alone when no secret is configured', () => {
    assert.equal(makeScrubber([])('GET /services/T0123ABCD'), 'GET /services/T0123ABCD');
  });
});
