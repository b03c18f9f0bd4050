/**
 * Zod's default messages ("Too small: expected number to be >=5", "expected int, received number")
 * in the words of a person editing YAML: what was expected, in YAML's terms (a list, a mapping,
 * true or false), and what the file holds instead. It is the per-parse error map of the config
 * loader, so a schema's own message (`error: '…'`) always wins over these.
 */
import type { z } from 'zod';

type RawIssue = Parameters<z.core.$ZodErrorMap>[0];

/** What a zod type is called in a config file. */
const KINDS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  string: 'text',
  object: 'a mapping of keys to values',
  record: 'a mapping of keys to values',
  array: 'a list',
  tuple: 'a list',
};

/** Longer strings are described, not quoted: a pasted token or webhook URL must not be echoed. */
const MAX_QUOTED = 32;

export const plainConfigMessages: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `required key is missing (expected ${kindOf(issue.expected)})`;
      return `expected ${kindOf(issue.expected)}, got ${describe(issue.input)}${hint(issue.expected, issue.input)}`;
    case 'too_small':
    case 'too_big':
      return bound(issue);
    case 'invalid_value':
      return `expected ${issue.values.length === 1 ? quote(issue.values[0]) : `one of ${issue.values.map(quote).join(', ')}`}, got ${describe(issue.input)}`;
    case 'invalid_union':
      return union(issue);
    case 'invalid_format':
      if (issue.format === 'email') return `expected an e-mail address such as leads@example.org, got ${describe(issue.input)}`;
      if (issue.format === 'url') return `expected an absolute URL such as https://example.org, got ${describe(issue.input)}`;
      return undefined;
    default:
      return undefined;
  }
};

function kindOf(expected: string): string {
  return KINDS[expected] ?? expected;
}

/** The value the file holds, quoted when short: for a schema's own message ("…, got 5"). */
export function describe(input: unknown): string {
  if (input === null) return 'no value (the key is empty)';
  if (Array.isArray(input)) return input.length === 0 ? 'an empty list' : `a list of ${input.length} item${input.length === 1 ? '' : 's'}`;
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'string') return input.length <= MAX_QUOTED && !/[\n\r]|:\/\//.test(input) ? JSON.stringify(input) : `text of ${input.length} characters`;
  return String(input);
}

/** YAML's two classic surprises: yes/no are text in YAML 1.2, and quotes make a number text. */
function hint(expected: string, input: unknown): string {
  if (typeof input !== 'string') return '';
  if (expected === 'boolean' && /^(yes|no|on|off|y|n)$/i.test(input)) return ' (YAML reads yes, no, on and off as text)';
  if ((expected === 'number' || expected === 'int') && input.trim() !== '' && !Number.isNaN(Number(input))) return ' (leave out the quotes to write a number)';
  return '';
}

function bound(issue: Extract<RawIssue, { code: 'too_small' | 'too_big' }>): string | undefined {
  const small = issue.code === 'too_small';
  const limit = Number(small ? issue.minimum : issue.maximum);
  const inclusive = issue.inclusive !== false;
  const words = small ? (inclusive ? 'of at least' : 'greater than') : inclusive ? 'of at most' : 'less than';
  const input = issue.input;
  switch (issue.origin) {
    case 'number':
      return `expected a number ${words} ${limit}, got ${describe(input)}`;
    case 'array':
      return `expected a list ${words} ${limit} item${limit === 1 ? '' : 's'}, got ${describe(input)}`;
    case 'string':
      return `expected a text ${words} ${limit} character${limit === 1 ? '' : 's'}, got ${typeof input === 'string' ? input.length : describe(input)}`;
    default:
      return undefined;
  }
}

/** "expected "ignore" or a mapping of keys to values": each alternative by what it expects of the value itself. */
function union(issue: Extract<RawIssue, { code: 'invalid_union' }>): string | undefined {
  const alternatives: string[] = [];
  for (const option of issue.errors) {
    const own = option.find((i) => i.path.length === 0);
    if (own?.code === 'invalid_type') alternatives.push(kindOf(own.expected));
    else if (own?.code === 'invalid_value') alternatives.push(...own.values.map(quote));
    else return undefined;
  }
  if (alternatives.length === 0) return undefined;
  const listed = alternatives.length === 1 ? alternatives[0] : `${alternatives.slice(0, -1).join(', ')} or ${alternatives.at(-1)}`;
  return `expected ${listed}, got ${describe(issue.input)}`;
}

function quote(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
