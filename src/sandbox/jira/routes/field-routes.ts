import type { Router } from 'express';
import { CREATABLE_TYPES, newCustomField } from '../catalog-fields.js';
import { JiraApiError } from '../jira-errors.js';
import { renderField } from '../render-catalog.js';
import type { JiraRouteContext } from './route-context.js';

const TYPE_PREFIX = 'com.atlassian.jira.plugin.system.customfieldtypes:';
/** Jira Cloud numbers custom fields from 10000 up; new ones take the next free number. */
const FIRST_CUSTOM_ID = 10_000;

/**
 * `POST /rest/api/3/field` (createCustomField): a new custom field from `name`, `type` and an
 * optional `searcherKey`, which must be one documented for the type. Names need not be unique,
 * as in Jira. Answers 201 with the field as `GET /field` lists it; 400 with `errors` otherwise.
 */
export function mountFieldRoutes(router: Router, context: JiraRouteContext): void {
  const { store } = context;
  router.post('/rest/api/3/field', (req, res) => {
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    const errors: Record<string, string> = {};
    const name = typeof body['name'] === 'string' ? body['name'].trim() : '';
    if (name === '') errors['name'] = 'The custom field name is required.';
    else if (name.length > 255) errors['name'] = 'The custom field name must be 255 characters or less.';
    const type = typeof body['type'] === 'string' ? body['type'] : '';
    const shortType = type.startsWith(TYPE_PREFIX) ? type.slice(TYPE_PREFIX.length) : '';
    const shape = CREATABLE_TYPES[shortType];
    if (!shape) errors['type'] = `Custom field type '${type}' is not valid.`;
    const searcher = body['searcherKey'];
    if (shape && searcher !== undefined && !(typeof searcher === 'string' && shape.searchers.some((s) => `${TYPE_PREFIX}${s}` === searcher))) {
      errors['searcherKey'] = `Searcher '${String(searcher)}' is not valid for the field type '${type}'.`;
    }
    if (Object.keys(errors).length > 0) throw new JiraApiError(400, [], errors);
    const used = store.catalog.fields.map((f) => f.schema.customId ?? 0);
    const field = newCustomField(Math.max(FIRST_CUSTOM_ID, ...used) + 1, name, shortType)!;
    store.catalog = { ...store.catalog, fields: [...store.catalog.fields, field] };
    res.status(201).json(renderField(field));
  });
}
