/**
 * A problem found in configuration. `path` is the YAML path inside one file (keys and array
 * indexes); the loader turns it into `file:line:col path: message` using the YAML source positions.
 */
export interface ConfigIssue {
  /** YAML path inside the file, e.g. `['statusMap', 'toJira', 'Closed']`. */
  path: Array<string | number>;
  /** What is wrong and what was expected, e.g. `unknown Jira status "Done!"`. */
  message: string;
}

/** A config problem located in a file: what `config check` prints, one per line. */
export interface ConfigProblem extends ConfigIssue {
  /** File path as given to the loader (relative to the working directory when it was). */
  file: string;
  /** 1-based line and column of the offending node, or of the nearest parent that exists. */
  line: number;
  column: number;
}

/** Renders a YAML path the way a person would type it: `statusMap.toJira."Closed".id`, `rules[2]`. */
export function formatYamlPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `${out ? '.' : ''}${JSON.stringify(segment)}`;
  }
  return out || '(root)';
}

export function formatProblem(problem: ConfigProblem): string {
  return `${problem.file}:${problem.line}:${problem.column} ${formatYamlPath(problem.path)}: ${problem.message}`;
}
