/**
 * Outbound Messages: when a case changes, Salesforce POSTs a SOAP `notifications` envelope (up to
 * 100 notifications) to the configured endpoint and retries with growing delays until the receiver
 * answers `<Ack>true</Ack>`. Like Salesforce, the data sent is the record as it is at send time,
 * retries may overtake newer messages (out of order), and a message may arrive more than once.
 */
import { makeSalesforceId } from './ids.js';
import { buildOutboundEnvelope, isAck } from './outbound-soap.js';
import type { SfRecord } from './validate.js';

/** The most notifications one message carries. */
const MAX_NOTIFICATIONS_PER_MESSAGE = 100;

/** Outbound message settings. */
export interface OutboundOptions {
  /** Receiver URL; nothing is sent while unset. */
  url?: string;
  organizationId: string;
  /** Case fields sent in each notification (Id is always sent). */
  fields: readonly string[];
  /** The sandbox's own base URL, for EnterpriseUrl / PartnerUrl. */
  baseUrl: () => string;
  /** Reads the case as it is now. */
  readCase: (id: string) => SfRecord | undefined;
  random: () => number;
  /** First retry delay in ms (doubles per attempt). Default 1000. */
  retryBaseMs?: number;
  /** Longest retry delay in ms. Default 60000. */
  retryMaxMs?: number;
  /** How long changes gather before a message goes out, in ms. Default 25. */
  batchDelayMs?: number;
  /** Probability an acknowledged notification is sent again anyway. Default 0. */
  duplicateRate?: number;
  /** Per-request timeout in ms. Default 10000. */
  requestTimeoutMs?: number;
  /** The clock in epoch ms. Default Date.now (a test passes one that ticks on every read). */
  nowMs?: () => number;
}

interface PendingNotification {
  notificationId: string;
  caseId: string;
  attempts: number;
  dueAtMs: number;
  /** True for a deliberate re-send of an acknowledged notification (never duplicated again). */
  duplicate?: boolean;
}

/** Counters for tests and the stats endpoint. */
export interface OutboundStats {
  messagesSent: number;
  messagesAcked: number;
  messagesFailed: number;
  notificationsAcked: number;
  pending: number;
}

export class OutboundMessenger {
  private pending: PendingNotification[] = [];
  private timer: NodeJS.Timeout | undefined;
  private timerDueAtMs = 0;
  private sequence = 1;
  private inFlight = new Set<Promise<void>>();
  private closed = false;
  private url: string | undefined;
  readonly stats: OutboundStats = { messagesSent: 0, messagesAcked: 0, messagesFailed: 0, notificationsAcked: 0, pending: 0 };

  private readonly nowMs: () => number;

  constructor(private readonly options: OutboundOptions) {
    this.url = options.url;
    this.nowMs = options.nowMs ?? Date.now;
  }

  /** Points deliveries somewhere else (undefined stops them and drops what is queued). */
  setUrl(url: string | undefined): void {
    this.url = url;
    if (!url) this.pending = [];
  }

  /** Queues one notification per changed case. */
  enqueue(caseIds: readonly string[]): void {
    if (!this.url || this.closed) return;
    const now = this.nowMs();
    for (const caseId of caseIds) {
      this.pending.push({ notificationId: makeSalesforceId('04l', this.sequence++), caseId, attempts: 0, dueAtMs: now });
    }
    this.schedule(this.options.batchDelayMs ?? 25);
  }

  /** Drops everything queued and resets counters. */
  clear(): void {
    this.pending = [];
    Object.assign(this.stats, { messagesSent: 0, messagesAcked: 0, messagesFailed: 0, notificationsAcked: 0, pending: 0 });
  }

  /** Stops timers and waits for requests in flight. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Arms the timer for `delayMs`, unless it already fires sooner (a retry wait never delays new changes). */
  private schedule(delayMs: number): void {
    if (this.closed) return;
    const dueAtMs = this.nowMs() + Math.max(0, delayMs);
    if (this.timer && this.timerDueAtMs <= dueAtMs) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDueAtMs = dueAtMs;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.sendDue();
      },
      Math.max(0, delayMs),
    );
  }

  private sendDue(): void {
    const now = this.nowMs();
    const due = this.pending.filter((n) => n.dueAtMs <= now);
    this.pending = this.pending.filter((n) => n.dueAtMs > now);
    for (let i = 0; i < due.length; i += MAX_NOTIFICATIONS_PER_MESSAGE) {
      const batch = due.slice(i, i + MAX_NOTIFICATIONS_PER_MESSAGE);
      const sending = this.deliver(batch).finally(() => this.inFlight.delete(sending));
      this.inFlight.add(sending);
    }
    this.stats.pending = this.pending.length;
    this.scheduleNextRetry();
  }

  private scheduleNextRetry(): void {
    if (this.pending.length === 0) return;
    const nextDue = Math.min(...this.pending.map((n) => n.dueAtMs));
    this.schedule(nextDue - this.nowMs());
  }

  private async deliver(batch: PendingNotification[]): Promise<void> {
    const url = this.url;
    if (!url) return;
    this.stats.messagesSent++;
    let acked = false;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
        body: buildOutboundEnvelope(this.options, batch),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000),
      });
      acked = response.ok && isAck(await response.text());
    } catch {
      acked = false;
    }
    if (this.closed) return;
    if (acked) {
      this.stats.messagesAcked++;
      this.stats.notificationsAcked += batch.length;
      const rate = this.options.duplicateRate ?? 0;
      const duplicates = rate > 0 ? batch.filter((n) => !n.duplicate && this.options.random() < rate) : [];
      for (const n of duplicates) this.pending.push({ ...n, duplicate: true, attempts: 0, dueAtMs: this.nowMs() });
    } else {
      this.stats.messagesFailed++;
      const base = this.options.retryBaseMs ?? 1000;
      const max = this.options.retryMaxMs ?? 60_000;
      // One instant for the whole message: the clock can tick between notifications, and a later
      // due time would split the retry into two messages (Salesforce resends the message whole).
      const failedAtMs = this.nowMs();
      for (const n of batch) {
        n.attempts++;
        n.dueAtMs = failedAtMs + Math.min(base * 2 ** (n.attempts - 1), max);
        this.pending.push(n);
      }
    }
    this.stats.pending = this.pending.length;
    this.scheduleNextRetry();
  }
}
