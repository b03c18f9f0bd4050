/**
 * Reads one YAML config file safely and keeps what is needed to point at a line and column
 * for any YAML path inside it.
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import type { ConfigIssue, ConfigProblem } from './issues.js';

/** Cap on alias expansions: a YAML "billion laughs" file is rejected instead of exhausting memory. */
const MAX_ALIAS_COUNT = 50;
/** Config files are hand-written; anything this large is a mistake or an attack. */
export const MAX_CONFIG_FILE_BYTES = 1_000_000;

export interface YamlSource {
  file: string;
  /** The parsed plain value (undefined when the document failed to parse). */
  value: unknown;
  /** Syntax problems; when not empty, `value` must not be trusted. */
  syntaxProblems: ConfigProblem[];
  /** Locates a YAML path in this file. */
  locate(issue: ConfigIssue): ConfigProblem;
}

export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const syntaxProblems: ConfigProblem[] = [];
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  if (Buffer.byteLength(text) > MAX_CONFIG_FILE_BYTES) {
    return {
      file,
      value: undefined,
      syntaxProblems: [{ file, line: 1, column: 1, path: [], message: `file is larger than ${MAX_CONFIG_FILE_BYTES} bytes` }],
      locate: (issue) => ({ file, line: 1, column: 1, ...issue }),
    };
  }

  // The core schema only: no custom tags such as !!js/function, no merge keys, no binary.
  const doc: Document = parseDocument(text, { lineCounter, schema: 'core', prettyErrors: false, uniqueKeys: true });
  for (const problem of [...doc.errors, ...doc.warnings]) {
    // Unknown tags are only warnings to the yaml library; a tag we do not understand must not pass silently.
    syntaxProblems.push({ file, ...position(problem.pos[0]), path: [], message: problem.message.split('\n')[0] ?? problem.message });
  }

  let value: unknown;
  if (syntaxProblems.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      syntaxProblems.push({ file, line: 1, column: 1, path: [], message: `YAML could not be expanded: ${message}` });
    }
  }

  const locate = (issue: ConfigIssue): ConfigProblem => {
    const offset = findOffset(doc.contents as Node | null, issue.path) ?? 0;
    return { file, ...position(offset), path: issue.path, message: issue.message };
  };

  return { file, value, syntaxProblems, locate };
}

/**
 * The source offset of the node at `path`, or of the deepest existing ancestor when the path
 * does not exist (a missing key is reported where it should have been written). For a map entry
 * the key's position is used, so `unknown key` points at the key itself.
 */
function findOffset(root: Node | null, path: ReadonlyArray<string | number>): number | undefined {
  let node: unknown = root;
  let offset = rangeStart(root);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
      if (!pair) return offset;
      offset = rangeStart(pair.key as Node) ?? offset;
      node = pair.value;
      continue;
    }
    if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (!item) return offset;
      offset = rangeStart(item as Node) ?? offset;
      node = item;
      continue;
    }
    return offset;
  }
  return offset;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function rangeStart(node: Node | null | undefined): number | undefined {
  return node && 'range' in node && node.range ? node.range[0] : undefined;
}
