import type { Router } from 'express';
import type { ProjectDef, VersionDef } from '../catalog-types.js';
import { JiraApiError } from '../jira-errors.js';
import { renderVersion } from '../render-catalog.js';
import type { JiraStore } from '../store.js';
import type { JiraRouteContext } from './route-context.js';

/**
 * Longest version name Jira Cloud takes: "The maximum length is 255 characters" (Version.name in the
 * Jira Cloud platform REST v3 OpenAPI document, test/fixtures/jira/openapi). The site's seeded
 * versions are short (`2026.10`); real sites name releases at length and put several on one
 * issue, which is what a reader of `fixVersions` has to cope with.
 */
export const MAX_VERSION_NAME_LENGTH = 255;

type Loose = Record<string, unknown>;

/** The project a create names by `projectId` (or the deprecated `project` key), or the 404 Jira answers. */
function targetProject(store: JiraStore, body: Loose): ProjectDef {
  const given = body['projectId'] ?? body['project'];
  const project = typeof given === 'number' || typeof given === 'string' ? store.findProject(String(given)) : undefined;
  if (!project) throw new JiraApiError(404, [given === undefined ? 'The projectId is required when creating a version.' : `No project could be found with id or key '${String(given)}'.`]);
  return project;
}

/** The name's problem, in Jira's `errors` shape, or undefined. Wording is the sandbox's own; the limit is the OpenAPI document's. */
function nameProblem(project: ProjectDef, name: unknown): string | undefined {
  if (typeof name !== 'string' || name.trim() === '') return 'The version name is required: a text of 1 to 255 characters.';
  if (name.length > MAX_VERSION_NAME_LENGTH) return `The version name must not exceed ${MAX_VERSION_NAME_LENGTH} characters (it has ${name.length}).`;
  if (project.versions.some((v) => v.name.toLowerCase() === name.toLowerCase())) return `A version named '${name}' already exists in project ${project.key}.`;
  return undefined;
}

/**
 * `POST /rest/api/3/version` (createVersion): a version of one project, named at most 255
 * characters and unique in its project. Answers 201 with the version as `GET
 * /project/{key}/versions` lists it; 400 with `errors.name` for a bad name, 404 for no project.
 * Released is "not applicable when creating" (same document), so a new version is unreleased.
 */
export function mountVersionRoutes(router: Router, context: JiraRouteContext): void {
  const { store } = context;
  router.post('/rest/api/3/version', (req, res) => {
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Loose;
    const project = targetProject(store, body);
    const problem = nameProblem(project, body['name']);
    if (problem) throw new JiraApiError(400, [], { name: problem });
    const releaseDate = typeof body['releaseDate'] === 'string' ? body['releaseDate'] : undefined;
    const ids = store.catalog.projects.flatMap((p) => p.versions.map((v) => Number(v.id)));
    const version: VersionDef = { id: String(Math.max(0, ...ids) + 1), name: body['name'] as string, released: false, ...(releaseDate ? { releaseDate } : {}) };
    const updated: ProjectDef = { ...project, versions: [...project.versions, version] };
    store.catalog = { ...store.catalog, projects: store.catalog.projects.map((p) => (p.id === project.id ? updated : p)) };
    res.status(201).json(renderVersion(store, updated, version));
  });
}
