/**
 * A compiled query run over candidate records: filtered, sorted and sliced, then each row projected
 * into the JSON shape the REST query resource returns (nested parents with their attributes, child
 * sub-query results). Apart from compile.ts: nothing here can refuse a query any more.
 */
import { formatSalesforceDateTime } from '../datetime.js';
import type { SfRecord, SfValue } from '../validate.js';
import type { CompiledQuery } from './compile.js';
import type { QueryRecord, RunQueryOptions } from './execute.js';
import { readPath, type FieldPath, type RecordLookup } from './paths.js';

export function selectRows(compiled: CompiledQuery, candidates: SfRecord[], lookup: RecordLookup): SfRecord[] {
  const rows = compiled.where ? candidates.filter(compiled.where) : [...candidates];
  if (compiled.order.length > 0) rows.sort((a, b) => compareRows(compiled, lookup, a, b));
  const start = compiled.offset ?? 0;
  return rows.slice(start, compiled.limit === undefined ? undefined : start + compiled.limit);
}

function compareRows(compiled: CompiledQuery, lookup: RecordLookup, a: SfRecord, b: SfRecord): number {
  for (const key of compiled.order) {
    const left = readPath(a, key.path, lookup);
    const right = readPath(b, key.path, lookup);
    if (left === right) continue;
    if (left === null || right === null) return (left === null) === key.nullsLast ? 1 : -1;
    let diff: number;
    if (typeof left === 'string' && typeof right === 'string') diff = left.toLowerCase().localeCompare(right.toLowerCase());
    else diff = Number(left) - Number(right);
    if (diff !== 0) return key.descending ? -diff : diff;
  }
  return 0;
}

function toJsonValue(value: SfValue, path: FieldPath): unknown {
  if (path.field.type === 'datetime' && typeof value === 'number') return formatSalesforceDateTime(value);
  return value;
}

function attributesOf(type: string, id: unknown, apiVersion: string): { type: string; url: string } {
  return { type, url: `/services/data/v${apiVersion}/sobjects/${type}/${String(id)}` };
}

export function projectRow(compiled: CompiledQuery, row: SfRecord, options: RunQueryOptions): QueryRecord {
  const out: QueryRecord = { attributes: attributesOf(compiled.def.name, row.Id, options.apiVersion) };
  for (const column of compiled.columns) {
    if (column.kind === 'children') {
      const children = options.source.list(column.child.def.name, options.includeDeleted).filter((c) => c[column.parentField] === row.Id);
      const selected = selectRows(column.child, children, options.source);
      out[column.relationshipName] = selected.length === 0 ? null : { totalSize: selected.length, done: true, records: selected.map((c) => projectRow(column.child, c, options)) };
      continue;
    }
    placePathValue(out, row, column.path, options);
  }
  return out;
}

/** Writes a (possibly nested) path value into a result record: `Account: { attributes, Name }`. */
function placePathValue(out: QueryRecord, row: SfRecord, path: FieldPath, options: RunQueryOptions): void {
  let target = out;
  let current: SfRecord | undefined = row;
  for (const [depth, hop] of path.hops.entries()) {
    const name = path.names[depth] as string;
    const id: SfValue | undefined = current?.[hop.field.name];
    current = typeof id === 'string' ? options.source.get(hop.target.name, id) : undefined;
    if (!current) {
      if (!(name in target)) target[name] = null;
      return;
    }
    const existing = target[name];
    const nested: QueryRecord = existing && typeof existing === 'object' ? (existing as QueryRecord) : { attributes: attributesOf(hop.target.name, current.Id, options.apiVersion) };
    target[name] = nested;
    target = nested;
  }
  target[path.field.name] = toJsonValue(current?.[path.field.name] ?? null, path);
}
