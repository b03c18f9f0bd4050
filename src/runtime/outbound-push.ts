/**
 * The Outbound Message endpoint as the running service mounts it: off when `salesforce.push` is
 * false; every delivery counted by outcome; a refusal logged with the org id that was sent and
 * whether one is configured (org ids are not secrets; the message body is never logged).
 */
import type { Router } from 'express';
import type { SyncConfig } from '../config/schemas/sync.js';
import type { Logger } from '../logging.js';
import { webhookDeliveries } from '../metrics.js';
import { createSalesforceOutboundRouter } from '../http/webhooks/salesforce.js';

export function createOutboundPushRouter(options: { sync: SyncConfig; organizationId: () => string | undefined; enqueueCases: (ids: string[]) => Promise<void>; logger: Logger }): Router | undefined {
  if (options.sync.salesforce.push === false) return undefined;
  return createSalesforceOutboundRouter({
    organizationId: options.organizationId,
    enqueueCases: options.enqueueCases,
    onDelivery: (outcome, detail) => {
      webhookDeliveries.inc({ system: 'salesforce', outcome });
      if (outcome !== 'refused') return;
      const expected = options.organizationId();
      options.logger.warn(
        { receivedOrganizationId: detail.organizationId, expectedOrganizationId: expected ?? null },
        expected ? 'Outbound Message refused (403): its organization id is not salesforce.organizationId' : 'Outbound Message refused (403): salesforce.organizationId is not set',
      );
    },
  });
}
