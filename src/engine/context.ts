/** Everything a sync pass needs, built once per process and passed down. */
import type { Knex } from 'knex';
import type { SyncConfig } from '../config/schemas/sync.js';
import type { ClassificationConfig } from '../config/schemas/classification.js';
import type { LinearTextModel } from '../domain/classification/model.js';
import type { SignalModels } from '../domain/classification/signal-models.js';
import type { Logger } from '../logging.js';
import type { CaseSystem, IssueSystem } from './ports.js';
import type { RetryHooks } from './retry.js';
import type { WorkflowMemory } from './transitions.js';
import type { CaseCommentRecord, CaseRecord, IssueRecord } from '../domain/sync/records.js';
import type { Link } from '../adapters/store/links.js';

export interface EngineContext {
  db: Knex;
  config: SyncConfig;
  cases: CaseSystem;
  issues: IssueSystem;
  logger: Logger;
  /** How long a create intent is protected before another worker may take it over (ms). */
  intentLeaseMs: number;
  /**
   * @deprecated Retries are the adapters' now: each request is retried alone by the `RequestRetry`
   * they were built with (src/runtime/systems.ts). Ignored by the engine.
   */
  retry?: RetryHooks;
  workflows: WorkflowMemory;
  /**
   * Capabilities that work on what a sync pass read (SLA history, incidents): each runs at the end
   * of every pass with the cases, links and issues of the batch, so they cost no extra reads.
   */
  extensions?: PassExtension[];
  /** Topic classification of new cases; absent when classification.yaml is not configured. */
  classification?: { config: ClassificationConfig; model?: LinearTextModel; signalModels?: SignalModels };
  /** Cached integration identities (looked up once). */
  identities?: { salesforceUserId: string; jiraAccountId: string };
}

/** What a sync pass read and decided, handed to each extension at its end. */
export interface PassData {
  /** The cases of the batch as read (with classification results applied to their fields). */
  cases: readonly CaseRecord[];
  /** Live links of these cases after the pass (creates and relinks included). */
  links: readonly Link[];
  /** The linked issues as read in this pass. */
  issues: readonly IssueRecord[];
  /** Comments of the cases that have a linked issue, when the pass read them (comment sync on). */
  caseComments?: readonly CaseCommentRecord[];
  correlationId: string;
  jobId?: string;
}

/** A capability hooked into the sync pass. Errors it throws fail the batch (and so are retried). */
export interface PassExtension {
  name: string;
  /** Extra case fields the extension needs read (added to the pass's SOQL). */
  caseFields?: readonly string[];
  afterPass(ctx: EngineContext, pass: PassData): Promise<void>;
}
