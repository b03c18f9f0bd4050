/**
 * The shape of a Salesforce field API name, as every config file names case fields: one rule, and
 * a message saying what is wrong with the name given. Whether the field exists in the org is
 * `casebridge doctor`'s check; this one catches what can never be an API name — most often the
 * field's label ("Customer Tier") where its API name (Customer_Tier__c) belongs.
 */
import { z } from 'zod';

/** Letters and digits in words joined by single underscores: no leading, trailing or double `_`. */
const WORDS = '[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*';
/** Optional namespace prefix (`ns__`), the name, optional suffix: custom `__c`, compound `__s`, person account `__pc`. */
const FIELD = new RegExp(`^(?:${WORDS}__)?${WORDS}(?:__(?:c|s|pc))?$`, 'i');
/** A relationship before the field: standard (`Account`) or custom (`Parent_Account__r`). */
const RELATIONSHIP = new RegExp(`^(?:${WORDS}__)?${WORDS}(?:__r)?$`, 'i');

/** Where an admin reads a field's API name; a label is the usual mistake. */
const WHERE = 'the Field Name column of Setup → Object Manager → Case → Fields & Relationships, not the Field Label';

/** What makes `name` no API name, or undefined when its shape is one. */
function shapeProblem(name: string, relationship: boolean): string | undefined {
  const parts = name.split('.');
  if (parts.length > 2 || (!relationship && parts.length > 1))
    return relationship ? 'it has more than one "." (one relationship at most, as in Account.Name)' : 'it has a "." (a field of the case itself is expected here)';
  if (parts.length === 2 && !RELATIONSHIP.test(parts[0]!)) return `"${parts[0]}" is not a relationship name such as Account or Parent_Account__r`;
  const field = parts.at(-1)!;
  // Checked first: Customer_Tier_c has the shape of a name, but no standard field ends in _c.
  if (/[A-Za-z0-9]_c$/i.test(field)) return 'it ends in _c: a custom field ends in __c (two underscores)';
  if (FIELD.test(field)) return undefined;
  if (field === '') return 'it is empty';
  if (/\s/.test(field)) return `it has a space, as labels do: write the API name (${WHERE})`;
  if (/^[^A-Za-z]/.test(field)) return 'it does not start with a letter';
  const odd = /[^A-Za-z0-9_]/.exec(field);
  if (odd) return `it has "${odd[0]}" (only letters, digits and _)`;
  return 'an underscore is misplaced (none at the start or the end, and two only before a suffix such as __c)';
}

/**
 * A Salesforce field API name, e.g. `Customer_Tier__c`, `CaseNumber`, `ns__Field__c`.
 * @param example Named in the message, so it reads right where the field is used.
 * @param relationship Whether one relationship may lead to the field (`Account.Name`).
 */
export function salesforceField(example: string, options: { relationship?: boolean } = {}) {
  const relationship = options.relationship ?? false;
  return z.string({ error: `expected a Salesforce field API name such as ${example}` }).refine((name) => shapeProblem(name, relationship) === undefined, {
    error: (issue) => {
      const name = String(issue.input);
      return `"${name}" is not a Salesforce field API name: ${shapeProblem(name, relationship)}; expected one such as ${example}`;
    },
  });
}
