import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logging.js';

function givenCapturingLogger(secretValues: string[]) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  const logger = createLogger({ level: 'trace', secretValues, destination: destination as unknown as import('pino').DestinationStream });
  return { logger, text: () => lines.join('') };
}

describe('logging', () => {
  it('scrubs secret values wherever they appear, and redacts secret-bearing keys', () => {
    const secret = 'sk_live_"quoted"\\slash';
    const { logger, text } = givenCapturingLogger([secret, 'tok-9876543210']);
    logger.info({ url: `https://x/?t=${encodeURIComponent(secret)}` }, `message with ${secret}`);
    logger.error({ err: new Error(`upstream said tok-9876543210 was rejected`) }, 'failed');
    logger.info({ headers: { authorization: 'Bearer something-else' }, password: 'pw-not-in-env' }, 'request');
    const out = text();
    assert.ok(!out.includes('tok-9876543210'));
    assert.ok(!out.includes('sk_live_'));
    assert.ok(!out.includes('something-else'));
    assert.ok(!out.includes('pw-not-in-env'));
    assert.ok(out.includes('[REDACTED]'));
    assert.ok(out.includes('upstream said'), 'the rest of the message survives');
  });
});
