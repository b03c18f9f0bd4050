/**
 * `POST /webhooks/salesforce`: Salesforce Outbound Messages (SOAP). The organization id must be
 * ours; case ids are queued and only then is `Ack` true returned, so Salesforce keeps retrying
 * anything we did not safely store. Messages may repeat or arrive out of order: the sync is
 * state-based, so that only costs a read.
 */
import express from 'express';
import type { Router } from 'express';
import { XMLParser } from 'fast-xml-parser';

export interface SalesforceOutboundOptions {
  /** 15- or 18-character organization id to accept; messages from any other org are refused. */
  organizationId: () => string | undefined;
  enqueueCases: (caseIds: string[]) => Promise<void>;
  /** Told of every delivery (metrics, and a log line for refusals: the org id received, never the body). */
  onDelivery?: (outcome: OutboundOutcome, detail: { organizationId?: string }) => void;
}

export type OutboundOutcome = 'accepted' | 'malformed' | 'refused' | 'unavailable';

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, processEntities: false, parseTagValue: false, isArray: (name) => name === 'Notification' });

const ACK = (value: boolean) =>
  `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>${value}</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>`;

const FAULT = (message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>${message}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;

const CASE_KEY_PREFIX = '500';

export interface ParsedOutboundMessage {
  organizationId: string;
  caseIds: string[];
}

/** Parses a notifications envelope; returns a reason string when it is not one. */
export function parseOutboundMessage(xml: string): ParsedOutboundMessage | string {
  // No DTDs: entity expansion and external entities have no business in an outbound message.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return 'DOCTYPE and ENTITY declarations are not accepted';
  // The parsed SOAP envelope is walked by hand below, each step checked.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let doc: Record<string, any>;
  try {
    doc = parser.parse(xml, true) as typeof doc;
  } catch (error) {
    return `malformed XML: ${error instanceof Error ? error.message : String(error)}`;
  }
  const notifications = doc?.Envelope?.Body?.notifications;
  if (!notifications) return 'no notifications element in the SOAP body';
  const organizationId = String(notifications.OrganizationId ?? '');
  const caseIds: string[] = [];
  for (const notification of notifications.Notification ?? []) {
    const id = String(notification?.sObject?.Id ?? '');
    if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id)) return `notification ${String(notification?.Id ?? '?')} has no valid sObject Id`;
    // Every Case id starts with the Case key prefix 500; anything else (a Contact's 003…) is not ours to queue.
    if (!id.startsWith(CASE_KEY_PREFIX)) return `notification ${String(notification?.Id ?? '?')} carries ${id}, which is not a Case id`;
    caseIds.push(id);
  }
  return { organizationId, caseIds };
}

export function createSalesforceOutboundRouter(options: SalesforceOutboundOptions): Router {
  const router = express.Router();
  router.post('/webhooks/salesforce', express.text({ type: () => true, limit: '5mb' }), async (req, res) => {
    res.type('text/xml');
    const parsed = parseOutboundMessage(typeof req.body === 'string' ? req.body : '');
    if (typeof parsed === 'string') {
      options.onDelivery?.('malformed', {});
      res.status(400).send(FAULT(escapeXml(parsed)));
      return;
    }
    const expected = options.organizationId();
    // Salesforce sends 18-character ids; the config may hold the 15-character form.
    if (!expected || parsed.organizationId.slice(0, 15) !== expected.slice(0, 15)) {
      options.onDelivery?.('refused', { organizationId: parsed.organizationId });
      res.status(403).send(FAULT('organization id not accepted'));
      return;
    }
    try {
      await options.enqueueCases(parsed.caseIds);
    } catch {
      // Not queued: Ack false makes Salesforce deliver again later.
      options.onDelivery?.('unavailable', { organizationId: parsed.organizationId });
      res.status(503).send(ACK(false));
      return;
    }
    options.onDelivery?.('accepted', { organizationId: parsed.organizationId });
    res.status(200).send(ACK(true));
  });
  return router;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
