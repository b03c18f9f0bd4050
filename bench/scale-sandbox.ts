/**
 * The emulators of `bench scale` in a process of their own, so that N workers' requests are answered
 * by an event loop the bench's own polling does not share: creates `--cases N` escalated P3 cases
 * (six topics in turn), listens on loopback and prints `{ "url", "caseIds" }`. Then answers lines on
 * stdin: `census` prints the exactly-once census (test/helpers/sync-census.ts) and how many cases show
 * a Jira key; stops on SIGTERM or when stdin closes.
 */
import { createInterface } from 'node:readline';
import { createSandbox } from '../src/sandbox/server.js';
import type { SyncConfig } from '../src/config/schemas/sync.js';
import { summarizeCensus, takeCensus } from '../test/helpers/sync-census.js';

const TOPICS = ['driver_app', 'rider_app', 'payments_billing', 'corporate_portal', 'dispatch_pricing', 'account_access'];

const argument = (name: string, fallback: string) => (process.argv.includes(name) ? (process.argv[process.argv.indexOf(name) + 1] ?? fallback) : fallback);
const count = Number(argument('--cases', '0'));
const statusMap = JSON.parse(argument('--status-map', '{"toSalesforce":{}}')) as SyncConfig['statusMap'];
const sandbox = createSandbox({ seed: 0, webhookSecret: argument('--webhook-secret', 'scale') });
const caseIds: string[] = [];
for (let i = 0; i < count; i++) {
  const fields = { Subject: `Scale case ${i}`, Status: 'Escalated', Priority: 'P3', Escalate_to_Jira__c: true, Topic__c: TOPICS[i % TOPICS.length] };
  const outcome = await sandbox.salesforce.runActor({ system: 'salesforce', action: 'createCase', fields });
  if (!outcome.ok) throw new Error(`creating scale case ${i}: ${outcome.error}`);
  caseIds.push((outcome.result as { id: string }).id);
}
const running = await sandbox.listen(0, '127.0.0.1');
const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
say({ url: running.url, caseIds });
process.on('SIGTERM', () => void running.close().finally(() => process.exit(0)));

for await (const line of createInterface({ input: process.stdin })) {
  if (line !== 'census') continue;
  const store = sandbox.salesforce.store;
  const census = await takeCensus({ baseUrl: running.url, store, statusDisplay: statusMap.toSalesforce });
  const keyed = caseIds.filter((id) => typeof store.get('Case', id)?.Jira_Key__c === 'string').length;
  say({ census: summarizeCensus(census), casesWithKey: keyed, fieldMismatches: census.fieldMismatches.slice(0, 5) });
}
await running.close();
