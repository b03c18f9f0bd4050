/**
 * The doctor's checklist: each check names what it looked at and either passes with what it found,
 * or fails with one problem per thing that is wrong, each with the fix. Skipped checks say why.
 */

/** One thing wrong, and what the admin does about it. */
export interface CheckProblem {
  what: string;
  fix: string;
}

export interface CheckResult {
  /** What was checked, e.g. `Salesforce authentication` or `Jira project DRV`. */
  name: string;
  status: 'pass' | 'fail' | 'skip';
  /** What was found (pass) or why nothing was checked (skip). */
  detail: string;
  /** Present when failed: every problem found, each with its fix. */
  problems: CheckProblem[];
  /** A failure that makes `start` refuse to run (a missing field, bad credentials). */
  fatal?: boolean;
}

export const pass = (name: string, detail: string): CheckResult => ({ name, status: 'pass', detail, problems: [] });
export const skip = (name: string, detail: string): CheckResult => ({ name, status: 'skip', detail, problems: [] });

/** Passes with `detail` when there are no problems; fails listing them otherwise. */
export function checkOf(name: string, detail: string, problems: CheckProblem[], fatal = false): CheckResult {
  return problems.length === 0 ? pass(name, detail) : { name, status: 'fail', detail, problems, ...(fatal ? { fatal } : {}) };
}

/** A check that could not run because its call failed (network, credentials, permissions). */
export function failedCall(name: string, error: unknown, fix: string, fatal = false): CheckResult {
  const message = error instanceof Error ? error.message : String(error);
  return { name, status: 'fail', detail: '', problems: [{ what: message.split('\n')[0] ?? message, fix }], ...(fatal ? { fatal } : {}) };
}

/** One line per check (one per problem for a failed one): ✓, ✗ or –, what, and the fix. */
export function formatChecklist(results: readonly CheckResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    if (result.status === 'pass') lines.push(`✓ ${result.name}: ${result.detail}`);
    else if (result.status === 'skip') lines.push(`– ${result.name}: ${result.detail}`);
    else for (const problem of result.problems) lines.push(`✗ ${result.name}: ${problem.what} — fix: ${problem.fix}`);
  }
  const failed = results.filter((r) => r.status === 'fail').length;
  const passed = results.filter((r) => r.status === 'pass').length;
  lines.push(failed === 0 ? `all ${passed} checks passed${results.length > passed ? ` (${results.length - passed} skipped)` : ''}` : `${failed} of ${results.length} checks failed`);
  return `${lines.join('\n')}\n`;
}

/** The problems of the failed checks as the lines `start` prints when it refuses to run. */
export function formatFatal(results: readonly CheckResult[]): string[] {
  return results.filter((r) => r.status === 'fail' && r.fatal).flatMap((r) => r.problems.map((p) => `${r.name}: ${p.what} — fix: ${p.fix}`));
}
