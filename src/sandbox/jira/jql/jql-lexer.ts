import { JiraApiError } from '../jira-errors.js';

/** Tokens of the JQL subset. Positions are 1-based character offsets for Jira-style error messages. */
export type JqlToken =
  | { kind: 'word'; text: string; position: number }
  | { kind: 'string'; text: string; position: number }
  | { kind: 'operator'; text: '=' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '!~'; position: number }
  | { kind: 'punct'; text: '(' | ')' | ',' | '&&' | '||' | '!'; position: number }
  | { kind: 'end'; text: ''; position: number };

/** A JQL syntax or validation error, answered as Jira does: 400 with `errorMessages`. */
export function jqlError(message: string): JiraApiError {
  return new JiraApiError(400, [message]);
}

export function jqlSyntaxError(detail: string, position: number): JiraApiError {
  return jqlError(`Error in the JQL Query: ${detail} (line 1, character ${position})`);
}

const RESERVED = new Set([' ', '\t', '\n', '\r', '(', ')', ',', '=', '!', '<', '>', '~', '"', "'", '&', '|', '{', '}', '*', '/', '%', '+', '^', '$', '#', '@', ';', '?']);
const ESCAPES: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', n: '\n', t: '\t', r: '\r', ' ': ' ' };

function readQuoted(jql: string, start: number): { text: string; end: number } {
  const quote = jql[start];
  let text = '';
  let i = start + 1;
  while (i < jql.length) {
    const ch = jql[i] as string;
    if (ch === quote) return { text, end: i + 1 };
    if (ch === '\\') {
      const next = jql[i + 1];
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(jql.slice(i + 2, i + 6))) {
        text += String.fromCharCode(parseInt(jql.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      const escaped = next === undefined ? undefined : ESCAPES[next];
      if (escaped === undefined) throw jqlSyntaxError(`The escape sequence '\\${next ?? ''}' is illegal.`, i + 1);
      text += escaped;
      i += 2;
      continue;
    }
    text += ch;
    i += 1;
  }
  throw jqlSyntaxError(`The quoted string starting at this position was not terminated.`, start + 1);
}

/** Splits a JQL string into tokens; quoted strings support `\"`, `\'`, `\\`, `\n`, `\t`, `\r` and `\uXXXX`. */
export function tokenizeJql(jql: string): JqlToken[] {
  const tokens: JqlToken[] = [];
  let i = 0;
  while (i < jql.length) {
    const ch = jql[i] as string;
    const position = i + 1;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '"' || ch === "'") {
      const { text, end } = readQuoted(jql, i);
      tokens.push({ kind: 'string', text, position });
      i = end;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: 'punct', text: ch, position });
      i += 1;
    } else if (jql.startsWith('&&', i) || jql.startsWith('||', i)) {
      tokens.push({ kind: 'punct', text: jql.slice(i, i + 2) as '&&' | '||', position });
      i += 2;
    } else if (/^(!=|>=|<=|!~)/.test(jql.slice(i, i + 2))) {
      tokens.push({ kind: 'operator', text: jql.slice(i, i + 2) as '!=' | '>=' | '<=' | '!~', position });
      i += 2;
    } else if (ch === '=' || ch === '>' || ch === '<' || ch === '~') {
      tokens.push({ kind: 'operator', text: ch, position });
      i += 1;
    } else if (ch === '!') {
      tokens.push({ kind: 'punct', text: '!', position });
      i += 1;
    } else if (RESERVED.has(ch)) {
      throw jqlSyntaxError(
        `The character '${ch}' is a reserved JQL character. You must enclose it in a string or use the escape '\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}' instead.`,
        position,
      );
    } else {
      let end = i;
      while (end < jql.length && !RESERVED.has(jql[end] as string) && !/\s/.test(jql[end] as string)) end += 1;
      tokens.push({ kind: 'word', text: jql.slice(i, end), position });
      i = end;
    }
  }
  tokens.push({ kind: 'end', text: '', position: jql.length + 1 });
  return tokens;
}
