/** Loads the config for a command; on problems prints every one of them and sets exit code 1. */
import { loadConfig } from '../config/index.js';
import type { Config } from '../config/index.js';

export function loadValidConfig(options: { configDir?: string; deferProductionChecks?: boolean } = {}): Config | undefined {
  const result = loadConfig(options);
  if (result.ok) return result.config;
  process.stderr.write(`casebridge: refusing to start, the configuration has ${result.problems.length} problem(s):\n`);
  for (const problem of result.problems) process.stderr.write(`  ${problem}\n`);
  process.exitCode = 1;
  return undefined;
}
