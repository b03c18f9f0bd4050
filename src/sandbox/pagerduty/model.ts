/** The emulator's state: one incident per alert (dedup_key on a routing key) until it resolves. */
import type { EventAction } from './events-api.js';

export interface EmulatedIncident {
  /** PagerDuty-style id (`P` and six characters). */
  id: string;
  number: number;
  routingKey: string;
  /** The service the routing key's integration belongs to (`PSVC` + the key's last four characters). */
  serviceId: string;
  dedupKey: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  title: string;
  severity: string;
  createdAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  /** Trigger events received for this alert (repeats add log entries, not incidents). */
  triggers: number;
}

/** An event as received, for tests: the routing key only by its last four characters. */
export interface ReceivedEvent {
  action: EventAction;
  dedupKey: string;
  routingKeyEnd: string;
  status: 202 | 400 | 429 | 500;
  outcome: 'created' | 'deduplicated' | 'acknowledged' | 'resolved' | 'dropped' | 'refused';
  at: Date;
}
