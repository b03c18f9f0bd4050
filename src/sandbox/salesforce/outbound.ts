/**
 * Outbound Messages: when a case changes, Salesforce POSTs a SOAP `notifications` envelope (up to
 * 100 notifications) to the configured endpoint and retries with growing delays until the receiver
 * answers `<Ack>true</Ack>`. Like Salesforce, the data sent is the record as it is at send time,
 * retries may overtake newer messages (out of order), and a message may arrive more than once.
 */
import { XMLParser } from 'fast-xml-parser';
import { formatSalesforceDateTime } from './datetime.js';
import { makeSalesforceId } from './ids.js';
import type { SfRecord } from './validate.js';
import { SOBJECTS, findField } from './schema.js';

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

const ACTION_ID = makeSalesforceId('04k', 1);

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
        body: this.buildEnvelope(batch),
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

  /** Builds the SOAP envelope of one message, reading each case as it is now. */
  buildEnvelope(batch: readonly PendingNotification[]): string {
    const org = this.options.organizationId;
    const base = this.options.baseUrl();
    const notifications = batch.map((n) => {
      const record = this.options.readCase(n.caseId) ?? { Id: n.caseId };
      const fields = ['Id', ...this.options.fields.filter((f) => f !== 'Id')]
        .filter((f) => record[f] !== null && record[f] !== undefined)
        .map((f) => `<sf:${f}>${escapeXml(toXmlValue(f, record[f]))}</sf:${f}>`)
        .join('');
      return `<Notification><Id>${n.notificationId}</Id><sObject xsi:type="sf:Case" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">${fields}</sObject></Notification>`;
    });
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
      '<soapenv:Body><notifications xmlns="http://soap.sforce.com/2005/09/outbound">',
      `<OrganizationId>${org}</OrganizationId><ActionId>${ACTION_ID}</ActionId><SessionId xsi:nil="true"/>`,
      `<EnterpriseUrl>${escapeXml(`${base}/services/Soap/c/62.0/${org.slice(0, 15)}`)}</EnterpriseUrl>`,
      `<PartnerUrl>${escapeXml(`${base}/services/Soap/u/62.0/${org.slice(0, 15)}`)}</PartnerUrl>`,
      ...notifications,
      '</notifications></soapenv:Body></soapenv:Envelope>',
    ].join('');
  }
}

const CASE_DEF = SOBJECTS.get('Case');

function toXmlValue(field: string, value: unknown): string {
  // Datetimes are stored as epoch ms; SOAP carries them in UTC with a Z.
  const isDateTime = CASE_DEF ? findField(CASE_DEF, field)?.type === 'datetime' : false;
  if (typeof value === 'number' && isDateTime) return formatSalesforceDateTime(value).replace('+0000', 'Z');
  return String(value);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const xmlParser = new XMLParser({ removeNSPrefix: true, parseTagValue: false });

/** True when a SOAP response body acknowledges the message. */
function isAck(body: string): boolean {
  try {
    const doc = xmlParser.parse(body) as { Envelope?: { Body?: { notificationsResponse?: { Ack?: unknown } } } };
    return (
      String(doc.Envelope?.Body?.notificationsResponse?.Ack ?? '')
        .trim()
        .toLowerCase() === 'true'
    );
  } catch {
    return false;
  }
}
