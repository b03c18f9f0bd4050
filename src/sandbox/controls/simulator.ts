/**
 * Demo mode's activity simulator: at a fixed interval, one gentle random action by an agent
 * (Salesforce) or a developer (Jira), so the demo has something to sync. Off in tests.
 */

/** A running simulator. */
export interface ActivitySimulator {
  stop(): void;
}

/** Starts ticking; each tick runs one of the steps, chosen by `random`. Errors are ignored (demo only). */
export function startActivitySimulator(intervalMs: number, random: () => number, steps: readonly ((random: () => number) => Promise<void>)[]): ActivitySimulator {
  let running = false;
  const timer = setInterval(() => {
    if (running || steps.length === 0) return;
    running = true;
    const step = steps[Math.floor(random() * steps.length)];
    void (step ? step(random) : Promise.resolve())
      .catch(() => undefined)
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
