import type { JiraStore } from './store.js';

/**
 * Which field ids to render for a `fields` parameter (comma separated, possibly repeated): `*all`,
 * `*navigable`, explicit ids, and `-id` exclusions. `defaultMode` is what an absent parameter means:
 * all fields for GET issue, only the id for `/search/jql`.
 */
export function selectFieldIds(store: JiraStore, tokens: readonly string[] | undefined, defaultMode: 'all' | 'id'): string[] {
  const allIds = store.catalog.fields.map((f) => f.id);
  const parts = (tokens ?? [])
    .flatMap((t) => t.split(','))
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const included = parts.filter((p) => !p.startsWith('-'));
  const excluded = new Set(parts.filter((p) => p.startsWith('-')).map((p) => p.slice(1)));
  let selected: string[];
  if (included.includes('*all') || included.includes('*navigable')) {
    selected = allIds;
  } else if (included.length === 0) {
    // Only exclusions (e.g. `-description`) mean "all navigable fields except".
    selected = parts.length > 0 || defaultMode === 'all' ? allIds : [];
  } else {
    // Unknown names are ignored, as Jira does; `id` and `key` are not fields.
    const wanted = new Set(included);
    selected = allIds.filter((id) => wanted.has(id));
  }
  return selected.filter((id) => !excluded.has(id));
}

/** Splits query-string or body values that may be arrays of comma-separated lists. */
export function toTokenList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.flatMap((v) => String(v).split(','));
  return String(value).split(',');
}
