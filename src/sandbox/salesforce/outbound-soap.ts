/**
 * The SOAP side of Outbound Messages: the `notifications` envelope one message carries, and reading
 * the receiver's `<Ack>`. Apart from the messenger (outbound.ts), which owns queueing, batching and
 * retries and does not care what the wire looks like.
 */
import { XMLParser } from 'fast-xml-parser';
import { formatSalesforceDateTime } from './datetime.js';
import { makeSalesforceId } from './ids.js';
import type { OutboundOptions } from './outbound.js';
import { SOBJECTS, findField } from './schema.js';

const ACTION_ID = makeSalesforceId('04k', 1);

/** Builds the SOAP envelope of one message, reading each case as it is now. */
export function buildOutboundEnvelope(options: Pick<OutboundOptions, 'organizationId' | 'baseUrl' | 'readCase' | 'fields'>, batch: ReadonlyArray<{ notificationId: string; caseId: string }>): string {
  const org = options.organizationId;
  const base = options.baseUrl();
  const notifications = batch.map((n) => {
    const record = options.readCase(n.caseId) ?? { Id: n.caseId };
    const fields = ['Id', ...options.fields.filter((f) => f !== 'Id')]
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
export function isAck(body: string): boolean {
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
