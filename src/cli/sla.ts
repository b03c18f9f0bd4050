/**
 * `casebridge sla compute --config DIR --input FILE.json`: evaluates SLA clocks for the tickets in
 * a JSON file against the calendars and policies of DIR/sla.yaml. No database, no network.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createDateHolidaysProvider } from '../adapters/holidays/date-holidays-provider.js';
import { formatProblem } from '../config/issues.js';
import { loadConfigDir } from '../config/load.js';
import type { SlaConfig } from '../config/schemas/sla.js';
import { computeSla } from '../domain/sla/compute.js';
import { compileSla } from '../domain/sla/engine.js';
import { parseSlaComputeInput } from '../domain/sla/input.js';
import { CasebridgeError } from '../errors.js';
import { registerSlaReportCommand } from './sla-report.js';

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
  registerSlaReportCommand(sla);
  return sla;
}

/** Loads the config and the input, computes; every expected failure comes back as error lines. */
export function runSlaCompute(configDir: string, inputFile: string): { ok: true; output: unknown } | { ok: false; errors: string[] } {
  const config = loadSlaConfig(configDir);
  if (!config.ok) return config;
  let text: string;
  try {
    text = readFileSync(inputFile === '-' ? 0 : inputFile, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [`--input ${inputFile}: ${reason}; expected a JSON file { now, tickets: [...] }, or - for stdin`] };
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`--input ${inputFile}: not valid JSON (${error instanceof Error ? error.message : String(error)})`] };
  }
  try {
    const sla = compileSla(config.config, createDateHolidaysProvider());
    return { ok: true, output: computeSla(sla, parseSlaComputeInput(document)) };
  } catch (error) {
    if (error instanceof CasebridgeError) return { ok: false, errors: [`${inputFile}: ${error.message}`] };
    throw error;
  }
}

/** sla.yaml alone, through the shared loader (same file:line:col problems as `config check`). */
function loadSlaConfig(dir: string): { ok: true; config: SlaConfig } | { ok: false; errors: string[] } {
  const loaded = loadConfigDir(dir, { only: ['sla'] });
  if (!loaded.ok) return { ok: false, errors: loaded.problems.map(formatProblem) };
  return { ok: true, config: loaded.config.sla as SlaConfig };
}
