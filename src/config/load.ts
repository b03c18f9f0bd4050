/**
 * Loads every config file of a directory, validates each with its schema and cross-field checks,
 * and reports every problem at once with file, line, column and YAML path.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { CONFIG_FILES } from './registry.js';
import type { ConfigFileSpec } from './registry.js';
import type { ConfigIssue, ConfigProblem } from './issues.js';
import { parseYamlSource } from './yaml-source.js';
import { plainConfigMessages } from './plain-messages.js';
import type { YamlSource } from './yaml-source.js';
import type { ReportsConfig } from './schemas/reports.js';
import type { SlaConfig } from './schemas/sla.js';
import type { ClassificationConfig } from './schemas/classification.js';
import type { SyncConfig } from './schemas/sync.js';
import type { OwnersConfig } from './schemas/owners.js';
import type { IncidentsConfig } from './schemas/incidents.js';
import type { AlertsConfig } from './schemas/alerts.js';
import type { ConsoleConfig } from './schemas/console.js';
import { checkAcrossFiles } from './across-files.js';
import type { EnvConfig } from './env.js';
import { checkProductionConfig } from './production-checks.js';

/** The validated contents of the config directory, one entry per file present. */
export interface FileConfigs {
  sync?: SyncConfig;
  sla?: SlaConfig;
  reports?: ReportsConfig;
  classification?: ClassificationConfig;
  owners?: OwnersConfig;
  incidents?: IncidentsConfig;
  alerts?: AlertsConfig;
  console?: ConsoleConfig;
  [name: string]: unknown;
}

export type LoadResult = { ok: true; config: FileConfigs; files: string[] } | { ok: false; problems: ConfigProblem[] };

export interface LoadOptions {
  /** Load only these files (by name, e.g. `['sla']`); the others are neither read nor required. */
  only?: string[];
  /** Production mode: the environment the files are checked against (channels need endpoints, push needs the org id). */
  production?: EnvConfig;
}

export function loadConfigDir(dir: string, options: LoadOptions = {}): LoadResult {
  const problems: ConfigProblem[] = [];
  const config: FileConfigs = {};
  const files: string[] = [];
  const sources = new Map<string, ReturnType<typeof parseYamlSource>>();
  const invalid = new Set<string>();
  const wanted = options.only ? CONFIG_FILES.filter((f) => options.only!.includes(f.name)) : CONFIG_FILES;
  if (options.only) {
    for (const name of options.only) {
      if (!CONFIG_FILES.some((f) => f.name === name)) problems.push({ file: dir, line: 1, column: 1, path: [], message: `unknown config file name "${name}"` });
    }
  }
  if (!existsSync(dir)) {
    return { ok: false, problems: [{ file: dir, line: 1, column: 1, path: [], message: 'config directory does not exist' }] };
  }
  // `--dir config/sync.yaml` would otherwise report config/sync.yaml/sync.yaml as missing.
  if (!statSync(dir).isDirectory()) {
    return { ok: false, problems: [{ file: dir, line: 1, column: 1, path: [], message: 'is a file; expected the config directory that holds sync.yaml and the other files' }] };
  }

  for (const fileSpec of wanted) {
    const file = path.join(dir, fileSpec.fileName);
    if (!existsSync(file)) {
      if (fileSpec.required || options.only) problems.push({ file, line: 1, column: 1, path: [], message: 'required config file is missing' });
      continue;
    }
    files.push(file);
    const text = readFileSync(file, 'utf8');
    const loaded = loadOne(file, text, fileSpec);
    problems.push(...loaded.problems);
    if (loaded.problems.length === 0) {
      config[fileSpec.name] = loaded.value;
      // The source parsed for validation locates the cross-file problems too: YAML is parsed once per file.
      sources.set(fileSpec.name, loaded.source!);
    } else invalid.add(fileSpec.name);
  }
  const acrossFiles = [...checkAcrossFiles(config, invalid), ...(options.production ? checkProductionConfig(config, options.production) : [])];
  for (const { file, issue } of acrossFiles) problems.push(sources.get(file)!.locate(issue));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config, files };
}

/** Validates one file's text; exported for tests that feed text directly. */
export function loadOne(file: string, text: string, fileSpec: ConfigFileSpec): { value?: unknown; problems: ConfigProblem[]; source?: YamlSource } {
  const source = parseYamlSource(file, text);
  if (source.syntaxProblems.length > 0) return { problems: source.syntaxProblems };
  if (source.value === undefined || source.value === null) {
    return { problems: [{ file, line: 1, column: 1, path: [], message: 'file is empty; expected a mapping of settings' }] };
  }
  const parsed = fileSpec.schema.safeParse(source.value, { error: plainConfigMessages });
  if (!parsed.success) {
    const issues = toIssues(parsed.error);
    const reported = new Set(issues.map((i) => JSON.stringify(i.path)));
    const references = (fileSpec.checkUnparsed?.(source.value) ?? []).filter((i) => !reported.has(JSON.stringify(i.path)));
    return { problems: [...issues, ...references].map(source.locate) };
  }
  const crossIssues = fileSpec.check?.(parsed.data) ?? [];
  if (crossIssues.length > 0) return { problems: crossIssues.map(source.locate) };
  return { value: parsed.data, problems: [], source };
}

/** Zod issues in our shape: one entry per unknown key (the messages are plainConfigMessages' or the schema's). */
function toIssues(error: z.ZodError): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const issue of error.issues) {
    const issuePath = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: [...issuePath, key], message: `unknown key "${key}" (check the spelling)` });
    } else {
      issues.push({ path: issuePath, message: issue.message.replace(/^Invalid input: /, '') });
    }
  }
  return issues;
}
