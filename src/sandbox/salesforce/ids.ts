/**
 * Salesforce record ids: a 3-character key prefix, 12 base-62 characters, and the 3-character
 * case-safe suffix Salesforce appends to make the 18-character form.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The 3-character suffix: one bit per upper-case letter in each 5-character chunk of the 15-char id. */
export function computeIdSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const ch = id15.charAt(chunk * 5 + i);
      if (ch >= 'A' && ch <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
}

/** Builds an 18-character id from a key prefix and a sequence number. */
export function makeSalesforceId(keyPrefix: string, sequence: number): string {
  let digits = '';
  let rest = sequence;
  do {
    digits = BASE62.charAt(rest % 62) + digits;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  // "Dn" mimics the pod/instance characters real ids carry after the key prefix.
  const id15 = `${keyPrefix}Dn${digits.padStart(10, '0')}`;
  return id15 + computeIdSuffix(id15);
}

/** Normalises a 15- or 18-character id to the 18-character form; undefined when malformed. */
export function toId18(id: string): string | undefined {
  if (/^[a-zA-Z0-9]{18}$/.test(id)) {
    return computeIdSuffix(id.slice(0, 15)) === id.slice(15) ? id : undefined;
  }
  if (/^[a-zA-Z0-9]{15}$/.test(id)) return id + computeIdSuffix(id);
  return undefined;
}

/** True when the text has the shape of a Salesforce id (used to turn paths into route templates). */
export function looksLikeSalesforceId(text: string): boolean {
  return /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(text) && /\d/.test(text);
}
