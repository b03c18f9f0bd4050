/**
 * The emulators of `bench soak` in a process of their own: seeded demo org, REALISTIC_FAULTS on,
 * the activity simulator (agents and developers) ticking every `--tick-ms`. Prints `{ "url" }`, then
 * answers lines on stdin: `quiet` stops the simulator and the faults (`{ "quiet": true }`), `census`
 * prints the exactly-once census of the end state (test/helpers/sync-census.ts).
 */
import { createInterface } from 'node:readline';
import { createSandbox } from '../src/sandbox/server.js';
import { REALISTIC_FAULTS, faultConfigSchema } from '../src/sandbox/controls/faults.js';
import { startActivitySimulator } from '../src/sandbox/controls/simulator.js';
import { createPrng } from '../src/sandbox/controls/prng.js';
import { summarizeCensus, takeCensus } from '../test/helpers/sync-census.js';

const argument = (name: string, fallback: string) => (process.argv.includes(name) ? (process.argv[process.argv.indexOf(name) + 1] ?? fallback) : fallback);
const statusDisplay = JSON.parse(argument('--status-display', '{}')) as Record<string, { display: string }>;
const sandbox = createSandbox({ seed: Number(argument('--seed-cases', '60')) });
sandbox.faults.configure(REALISTIC_FAULTS);
const running = await sandbox.listen(0, '127.0.0.1');
const random = createPrng(7);
const simulator = startActivitySimulator(Number(argument('--tick-ms', '200')), random, [(r) => sandbox.salesforce.simulateStep(r), (r) => sandbox.jira.simulateStep(r)]);
const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
say({ url: running.url });

for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'quiet') {
    simulator.stop();
    sandbox.faults.configure(faultConfigSchema.parse({}));
    say({ quiet: true, cases: sandbox.salesforce.store.list('Case').length });
  } else if (line === 'census') {
    const census = await takeCensus({ baseUrl: running.url, store: sandbox.salesforce.store, statusDisplay });
    say({ census: summarizeCensus(census) });
  }
}
await running.close();
