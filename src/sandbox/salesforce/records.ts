/**
 * Stored records → REST JSON (attributes block, datetimes in Salesforce text form), and the small
 * helpers every route module shares.
 */
import type { NextFunction, Request, Response } from 'express';
import { findField, type SfObjectDef } from './schema.js';
import { formatSalesforceDateTime } from './datetime.js';
import { SfRequestError, sfError } from './errors.js';
import type { SfRecord } from './validate.js';

/** `v62.0` → `62.0`; throws NOT_FOUND for anything else, as an unknown URL would. */
export function toApiVersion(segment: string | undefined): string {
  const match = /^v(\d{2}\.0)$/.exec(segment ?? '');
  if (!match?.[1]) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
  return match[1];
}

/** A stored record as REST JSON, optionally only some fields (names checked against the schema). */
export function toJsonRecord(def: SfObjectDef, row: SfRecord, version: string, onlyFields?: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {
    attributes: { type: def.name, url: `/services/data/v${version}/sobjects/${def.name}/${String(row.Id)}` },
  };
  const fields = onlyFields
    ? onlyFields.map((name) => {
        const field = findField(def, name);
        if (!field)
          throw sfError(
            400,
            'INVALID_FIELD',
            `No such column '${name}' on entity '${def.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
          );
        return field;
      })
    : def.fields;
  for (const field of fields) {
    const value = row[field.name] ?? null;
    out[field.name] = field.type === 'datetime' && typeof value === 'number' ? formatSalesforceDateTime(value) : value;
  }
  return out;
}

/** The user a request acts as (set by the session check). */
export function actingUserId(res: Response): string {
  return String(res.locals.sfUserId);
}

/** Error middleware: SfRequestError → its status and body; anything else → 500 UNKNOWN_EXCEPTION. */
export function answerSalesforceError(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(error);
    return;
  }
  if (error instanceof SfRequestError) {
    res.status(error.status).json(error.errors);
    return;
  }
  const parseFailed = error instanceof SyntaxError || (error as { type?: string } | undefined)?.type === 'entity.parse.failed';
  if (parseFailed) {
    res.status(400).json([{ message: `Unexpected character in JSON body: ${(error as Error).message}`, errorCode: 'JSON_PARSER_ERROR' }]);
    return;
  }
  res.status(500).json([{ message: `An unexpected error occurred: ${error instanceof Error ? error.message : String(error)}`, errorCode: 'UNKNOWN_EXCEPTION' }]);
}

/** Reads the JSON body as an object, or throws the error Salesforce gives for a non-object body. */
export function requireObjectBody(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw sfError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/** The API version of a request under `/services/data/:version`. */
export function requestApiVersion(req: Request): string {
  return toApiVersion((req.params as Record<string, string | undefined>).version);
}
