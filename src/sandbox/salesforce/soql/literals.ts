/**
 * SOQL string literals: escape sequences, raw line breaks and LIKE patterns. Date literals are in
 * date-literals.ts.
 */
import { sfError } from '../errors.js';

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  N: '\n',
  t: '\t',
  T: '\t',
  r: '\r',
  R: '\r',
  b: '\b',
  B: '\b',
  f: '\f',
  F: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

/** `\uXXXX`: exactly four hex digits. */
function readUnicodeEscape(hex: string, quoted: string): string {
  if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
    throw sfError(400, 'MALFORMED_QUERY', `Invalid string literal ${quoted}. \\u must be followed by four hex digits.`);
  }
  return String.fromCharCode(parseInt(hex, 16));
}

/** Line breaks soql-parser-js refuses inside string literals, though they are plain characters there. */
const RAW_BREAKS = new Set(['\n', '\r', '\u2028', '\u2029']);

/**
 * Rewrites raw line breaks inside string literals as `\uXXXX` escapes (same meaning), so the
 * parser accepts a literal holding them.
 */
export function escapeRawLineBreaks(soql: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < soql.length; i++) {
    const ch = soql.charAt(i);
    if (inString && ch === '\\') {
      out += ch + soql.charAt(++i);
      continue;
    }
    if (ch === "'") inString = !inString;
    out += inString && RAW_BREAKS.has(ch) ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : ch;
  }
  return out;
}

/** Strips the quotes of a SOQL string literal and resolves its escape sequences. */
export function unquoteSoqlString(quoted: string): string {
  const body = quoted.startsWith("'") && quoted.endsWith("'") ? quoted.slice(1, -1) : quoted;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body.charAt(i);
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body.charAt(++i);
    const resolved = SIMPLE_ESCAPES[next];
    // \_ and \% only mean something inside LIKE; elsewhere they stand for the characters themselves.
    if (resolved !== undefined) out += resolved;
    else if (next === '_' || next === '%') out += next;
    else if (next === 'u') {
      out += readUnicodeEscape(body.slice(i + 1, i + 5), quoted);
      i += 4;
    } else throw sfError(400, 'MALFORMED_QUERY', `Invalid string literal ${quoted}. Illegal character sequence '\\${next}' in string literal.`);
  }
  return out;
}

/**
 * Compiles a quoted LIKE literal to a RegExp: `%` any run, `_` one character, `\%` and `\_` the
 * characters themselves, other escapes as in any string literal. Case-insensitive, as SOQL is.
 */
export function toLikeRegExp(quoted: string): RegExp {
  const body = quoted.startsWith("'") && quoted.endsWith("'") ? quoted.slice(1, -1) : quoted;
  const chars = [...body];
  let source = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else if (ch === '\\') {
      const next = chars[++i] ?? '';
      if (next === 'u') {
        source += escapeRegExp(readUnicodeEscape(chars.slice(i + 1, i + 5).join(''), quoted));
        i += 4;
        continue;
      }
      const literal = next === '%' || next === '_' ? next : SIMPLE_ESCAPES[next];
      if (literal === undefined) throw sfError(400, 'MALFORMED_QUERY', `Invalid string literal ${quoted}. Illegal character sequence '\\${next}' in string literal.`);
      source += escapeRegExp(literal);
    } else source += escapeRegExp(ch);
  }
  return new RegExp(`^${source}$`, 'isu');
}

function escapeRegExp(text: string): string {
  // Only syntax characters may be escaped under the `u` flag.
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
