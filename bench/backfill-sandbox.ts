/**
 * The emulators of `bench backfill` in a process of their own, so the casebridge process's memory
 * is measured apart: seeds `--cases N` escalated cases (topics from `--topics a,b`) straight into the Salesforce store, listens
 * on loopback and prints one JSON line `{ "url": ... }` on stdout; stops on SIGTERM.
 */
import { createSandbox } from '../src/sandbox/server.js';

const argument = (name: string) => process.argv[process.argv.indexOf(name) + 1] ?? '';
const count = Number(argument('--cases'));
const TOPICS = argument('--topics').split(',');
const sandbox = createSandbox({ seed: 0 });
const agent = sandbox.salesforce.people().agents[0]?.id;
for (let i = 0; i < count; i++) {
  const fields = { Subject: `Backfill case ${i}`, Status: 'Escalated', Priority: 'P2', Escalate_to_Jira__c: true, Topic__c: TOPICS[i % TOPICS.length] };
  await sandbox.salesforce.runActor({ system: 'salesforce', action: 'createCase', fields, ...(agent ? { actor: agent } : {}) });
}
const running = await sandbox.listen(0, '127.0.0.1');
process.stdout.write(`${JSON.stringify({ url: running.url, cases: count })}\n`);
process.on('SIGTERM', () => {
  void running.close().finally(() => process.exit(0));
});
