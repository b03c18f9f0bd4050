/**
 * knex prints its warnings (a refused connection with its stack, a failed migration) through
 * console.log: raw, non-JSON lines on stdout that bypass the logger and its scrubber. The database
 * hands them to the logger instead.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { DestinationStream } from 'pino';
import { openDatabase } from '../../../src/adapters/store/database.js';
import { createLogger } from '../../../src/logging.js';

describe('database: knex messages go through the logger', function () {
  this.timeout(20_000);

  it('logs a refused connection as a JSON warning, scrubbed, and prints nothing raw on stdout', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(String(chunk));
        callback();
      },
    });
    const url = 'postgres://casebridge:Pw-0f-the-db-9@127.0.0.1:1/casebridge';
    const logger = createLogger({ level: 'warn', secretValues: [url], destination: destination as unknown as DestinationStream });
    const printed: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const log = console.log;
    process.stdout.write = ((chunk: string | Uint8Array) => printed.push(String(chunk)) > 0) as typeof process.stdout.write;
    console.log = (...args: unknown[]) => void printed.push(args.map(String).join(' '));
    const db = await openDatabase({ url, logger });
    try {
      await assert.rejects(db.knex.raw('select 1'));
    } finally {
      process.stdout.write = write;
      console.log = log;
      await db.close();
    }
    assert.deepEqual(printed, [], 'nothing raw on stdout');
    const entries = lines.map((line) => JSON.parse(line) as { level: number; source?: string; msg: string });
    const fromKnex = entries.filter((e) => e.source === 'knex');
    assert.ok(fromKnex.length > 0, `knex's warning reached the logger: ${lines.join('')}`);
    assert.match(fromKnex[0]!.msg, /Acquire connection error/);
    assert.ok(!lines.join('').includes('Pw-0f-the-db-9'));
  });
});
