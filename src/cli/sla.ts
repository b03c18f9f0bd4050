/**
 * `casebridge sla compute --config DIR --input FILE.json`: evaluates SLA clocks for the tickets in
 * a JSON file against the calendars and policies of DIR/sla.yaml. No database, no network.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { createDateHolidaysProvider } from '../adapters/holidays/date-holidays-provider.js';
import { formatProblem } from '../config/issues.js';
import { loadConfigDir, loadOne } from '../config/load.js';
import { CONFIG_FILES } from '../config/registry.js';
import type { SlaConfig } from '../config/schemas/sla.js';
import { checkSla, slaFileSchema } from '../config/schemas/sla.js';
import { computeSla } from '../domain/sla/compute.js';
import { compileSla } from '../domain/sla/engine.js';
import { parseSlaComputeInput } from '../domain/sla/input.js';
import { CasebridgeError } from '../errors.js';

/** Registers `sla` and its `compute` sub-command; returns the `sla` command so others (e.g. `sla report`) can attach to it. */
export function registerSlaCommand(program: Command): Command {
  const sla = program.command('sla').description('SLA clocks on business calendars');
  sla
    .command('compute')
    .description('evaluate SLA clocks for tickets given as JSON; prints JSON')
    .requiredOption('--config <dir>', 'config directory containing sla.yaml')
    .requiredOption('--input <file>', 'input JSON: { now, tickets: [{ id, createdAt, priority, tier, region, events }] }; - for stdin')
    .action((options: { config: string; input: string }) => {
      const result = runSlaCompute(options.config, options.input);
      if (result.ok) process.stdout.write(`${JSON.stringify(result.output, null, 2)}\n`);
      else {
        process.stderr.write(`${result.errors.join('\n')}\n`);
        process.exitCode = 1;
      }
    });
  return sla;
}

/** Loads the config and the input, computes; every expected failure comes back as error lines. */
export function runSlaCompute(configDir: string, inputFile: string): { ok: true; output: unknown } | { ok: false; errors: string[] } {
  const config = loadSlaConfig(configDir);
  if (!config.ok) return config;
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(inputFile === '-' ? 0 : inputFile, 'utf8'));
  } catch (error) {
    return { ok: false, errors: [`${inputFile}: ${error instanceof Error ? error.message : String(error)}`] };
  }
  try {
    const sla = compileSla(config.config, createDateHolidaysProvider());
    return { ok: true, output: computeSla(sla, parseSlaComputeInput(document)) };
  } catch (error) {
    if (error instanceof CasebridgeError) return { ok: false, errors: [`${inputFile}: ${error.message}`] };
    throw error;
  }
}

/** Through the shared loader once `sla` is registered there; until then the same validation on sla.yaml alone. */
function loadSlaConfig(dir: string): { ok: true; config: SlaConfig } | { ok: false; errors: string[] } {
  if (CONFIG_FILES.some((spec) => spec.name === 'sla')) {
    const loaded = loadConfigDir(dir, { only: ['sla'] });
    if (!loaded.ok) return { ok: false, errors: loaded.problems.map(formatProblem) };
    return { ok: true, config: loaded.config.sla as SlaConfig };
  }
  const file = path.join(dir, 'sla.yaml');
  if (!existsSync(file)) return { ok: false, errors: [`${file}: required config file is missing`] };
  const loaded = loadOne(file, readFileSync(file, 'utf8'), { name: 'sla', fileName: 'sla.yaml', required: true, schema: slaFileSchema, check: (c) => checkSla(c as SlaConfig) });
  if (loaded.problems.length > 0) return { ok: false, errors: loaded.problems.map(formatProblem) };
  return { ok: true, config: loaded.value as SlaConfig };
}
