/**
 * The columns of a Bulk API 2.0 query job's CSV, in the order the query selects them (API 50.0 and
 * later), relationship fields dotted. Bulk queries refuse what the Bulk API does not support:
 * GROUP BY, OFFSET, TYPEOF, aggregate functions such as COUNT(), and parent-to-child subqueries.
 */
import { createRequire } from 'node:module';
import type { FieldType, Query } from 'soql-parser-js';
import { sfError } from './errors.js';
import { escapeRawLineBreaks } from './soql/literals.js';

// Same loading as soql/execute.ts: the CommonJS module object through require().
const soqlParser = createRequire(import.meta.url)('soql-parser-js') as typeof import('soql-parser-js');

/** The queried object and the CSV column names of a bulk query; throws the error Salesforce gives. */
export function readSelectedColumns(text: string): { object: string; columns: string[] } {
  let query: Query;
  try {
    query = soqlParser.parseQuery(escapeRawLineBreaks(text));
  } catch (error) {
    throw sfError(400, 'MALFORMED_QUERY', `The query is not valid SOQL: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`);
  }
  if (query.groupBy || query.having || query.offset !== undefined) throw unsupported('GROUP BY, HAVING and OFFSET');
  return { object: query.sObject ?? '', columns: (query.fields ?? []).map(toColumn) };
}

function toColumn(field: FieldType): string {
  switch (field.type) {
    case 'Field':
      return field.field;
    case 'FieldRelationship':
      return [...field.relationships, field.field].join('.');
    case 'FieldFunctionExpression':
      throw unsupported(`the function ${field.functionName}()`);
    case 'FieldSubquery':
      throw unsupported('parent-to-child subqueries');
    case 'FieldTypeof':
      throw unsupported('TYPEOF');
  }
}

function unsupported(what: string): Error {
  return sfError(400, 'API_ERROR', `Bulk API 2.0 query jobs do not support ${what}`);
}
