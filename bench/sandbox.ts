/**
 * `npm run bench -- sandbox [cases]`: how fast the Salesforce emulator answers the calls the sync
 * makes, through the real jsforce client over loopback — so benchmarks of the sync measure the
 * sync, not the emulator. Prints JSON.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import jsforce from 'jsforce';
import { createSandbox } from '../src/sandbox/server.js';

function percentile(sortedMs: number[], p: number): number {
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))] ?? 0;
}

async function timeEach(times: number, work: () => Promise<unknown>): Promise<{ p50Ms: number; p95Ms: number }> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50Ms: Number(percentile(samples, 50).toFixed(2)), p95Ms: Number(percentile(samples, 95).toFixed(2)) };
}

export async function run(args: string[]): Promise<void> {
  const caseCount = Number(args[0] ?? 20_000);
  let acked = 0;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      acked++;
      res.end('<Envelope><Body><notificationsResponse><Ack>true</Ack></notificationsResponse></Body></Envelope>');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const outboundUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/om`;

  const seedStart = performance.now();
  const sandbox = createSandbox({ seed: caseCount, outboundUrl, outbound: { batchDelayMs: 5 } });
  const seedMs = performance.now() - seedStart;
  const running = await sandbox.listen(0);
  const conn = new jsforce.Connection({ instanceUrl: running.url, accessToken: 'bench', version: '62.0' });
  try {
    const since = new Date(Date.now() - 86_400_000).toISOString();
    const poll = await timeEach(30, async () => {
      await conn.query(`SELECT Id, Subject, Status, Priority, Account.Name, SystemModstamp FROM Case WHERE SystemModstamp > ${since} ORDER BY SystemModstamp, Id LIMIT 200`);
    });
    const scanStart = performance.now();
    const all = await conn.query<{ Id: string }>('SELECT Id FROM Case', { autoFetch: true, maxFetch: caseCount + 1 });
    const fullScanMs = performance.now() - scanStart;
    const ids = all.records.map((r) => r.Id);
    let batch = 0;
    const update = await timeEach(20, () => {
      const slice = ids.slice((batch * 200) % ids.length, ((batch++ * 200) % ids.length) + 200);
      return conn.sobject('Case').update(slice.map((Id) => ({ Id, Jira_Status__c: 'In Progress' })));
    });
    const deadline = Date.now() + 10_000;
    const settled = (): boolean => {
      const stats = sandbox.salesforce.outboundStats();
      return stats.pending === 0 && stats.messagesSent === stats.messagesAcked + stats.messagesFailed;
    };
    while (!settled() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    process.stdout.write(
      `${JSON.stringify(
        {
          cases: caseCount,
          seedMs: Math.round(seedMs),
          pollQuery200: poll,
          fullScan: { rows: ids.length, ms: Math.round(fullScanMs) },
          collectionsUpdate200: update,
          outbound: { ...sandbox.salesforce.outboundStats(), messagesReceived: acked },
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await running.close();
    receiver.close();
  }
}
