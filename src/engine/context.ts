/** Everything a sync pass needs, built once per process and passed down. */
import type { Knex } from 'knex';
import type { SyncConfig } from '../config/schemas/sync.js';
import type { ClassificationConfig } from '../config/schemas/classification.js';
import type { LinearTextModel } from '../domain/classification/model.js';
import type { Logger } from '../logging.js';
import type { CaseSystem, IssueSystem } from './ports.js';
import type { RetryHooks } from './retry.js';
import type { WorkflowMemory } from './transitions.js';

export interface EngineContext {
  db: Knex;
  config: SyncConfig;
  cases: CaseSystem;
  issues: IssueSystem;
  logger: Logger;
  /** How long a create intent is protected before another worker may take it over (ms). */
  intentLeaseMs: number;
  retry: RetryHooks;
  workflows: WorkflowMemory;
  /** Topic classification of new cases; absent when classification.yaml is not configured. */
  classification?: { config: ClassificationConfig; model?: LinearTextModel };
  /** Cached integration identities (looked up once). */
  identities?: { salesforceUserId: string; jiraAccountId: string };
}
