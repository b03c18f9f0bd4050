/**
 * Wires alert intake and PagerDuty into a runtime: the two webhook routers, the alert worker and
 * its sweep, and the PagerDuty pager on the incident capability (the escalation walk keeps it in
 * step). Sandbox mode points the pager at the PagerDuty emulator and the emulator's signed webhooks
 * back at us. Off unless alerts.yaml (intake) or a service's routing key (paging) is configured.
 */
import type { Router } from 'express';
import type { Config } from '../config/index.js';
import { ALERT_SOURCES } from '../config/schemas/alerts.js';
import type { AlertSource } from '../config/schemas/alerts.js';
import { createPagerDutyEvents } from '../adapters/notify/pagerduty.js';
import type { Db } from '../adapters/store/db-handle.js';
import type { OwnersConfig } from '../config/schemas/owners.js';
import type { AlertsConfig } from '../config/schemas/alerts.js';
import { createAlertWebhookRouter } from '../http/webhooks/alerts.js';
import { createPagerDutyWebhookRouter } from '../http/webhooks/pagerduty.js';
import { recordIncomingAlerts } from '../engine/incidents/alert-intake.js';
import { createPagerDutyPager } from '../engine/incidents/alert-paging.js';
import { applyPagerDutyEvent } from '../engine/incidents/alert-pagerduty-webhook.js';
import { createAlertWorker } from '../engine/incidents/alert-worker.js';
import type { AlertWorker } from '../engine/incidents/alert-worker.js';
import { scheduleJob } from '../jobs/schedule.js';
import type { IncidentRuntime } from './incidents-runtime.js';
import type { OpenRuntime } from './open-runtime.js';
import type { Logger } from '../logging.js';
import { webhookDeliveries } from '../metrics.js';

export interface AlertRuntime {
  routers: Router[];
  worker?: AlertWorker;
  /** Sandbox: the emulator's webhooks go to this server. */
  setPushTarget(baseUrl: string): void;
  /** The sweep (every 15 s): alerts left pending by another replica, a crash or quiet hours. */
  startJobs(): void;
}

/** The two routers, given what they record into: shared by the runtime and the tests. */
export function createAlertRouters(options: {
  db: Db;
  alerts?: AlertsConfig;
  owners: OwnersConfig;
  alertsToken?: string;
  pagerDutySecret?: string;
  worker?: AlertWorker;
  now?: () => Date;
  logger?: Logger;
}): Router[] {
  const routers: Router[] = [];
  const now = options.now ?? (() => new Date());
  if (options.alerts && options.alertsToken) {
    const alerts = options.alerts;
    routers.push(
      createAlertWebhookRouter({
        token: options.alertsToken,
        sources: ALERT_SOURCES.filter((s): s is AlertSource => alerts.sources[s] !== undefined),
        accept: async (incoming) => {
          const outcome = await recordIncomingAlerts(options.db, { alerts, owners: options.owners }, incoming, now());
          if (outcome.unrouted.length > 0) options.logger?.warn({ unrouted: outcome.unrouted }, 'alerts no service claims were not stored');
          options.worker?.kick();
          return outcome;
        },
        // Known source names only: a label per made-up path would grow the metric without bound.
        onDelivery: (source, outcome) => webhookDeliveries.inc({ system: `alerts-${(ALERT_SOURCES as readonly string[]).includes(source) ? source : 'other'}`, outcome }),
      }),
    );
  }
  if (options.pagerDutySecret)
    routers.push(
      createPagerDutyWebhookRouter({
        secret: options.pagerDutySecret,
        apply: (event) => applyPagerDutyEvent(options.db, event),
        onDelivery: (outcome) => webhookDeliveries.inc({ system: 'pagerduty', outcome }),
      }),
    );
  return routers;
}

export function attachAlerts(runtime: OpenRuntime, config: Config, incidents: IncidentRuntime | undefined): AlertRuntime | undefined {
  const alerting = config.alerting;
  const owners = config.files.owners;
  if (!alerting || !owners || !incidents) return undefined;
  for (const warning of alerting.warnings) runtime.context.logger.error(warning);
  const sandbox = runtime.systems.sandbox;
  const eventsUrl = alerting.pagerduty.eventsUrl ?? sandbox?.running.url;
  if (eventsUrl && Object.keys(alerting.pagerduty.routingKeys).length > 0) {
    incidents.deps.pager = createPagerDutyPager({ events: createPagerDutyEvents({ eventsUrl }), routingKeys: alerting.pagerduty.routingKeys });
  }
  const alerts = config.files.alerts;
  const worker = alerts ? createAlertWorker(runtime.context, { alerts, incidents: incidents.deps }) : undefined;
  const routers = createAlertRouters({
    db: runtime.db.knex,
    ...(alerts ? { alerts } : {}),
    owners,
    ...(alerting.alertsToken ? { alertsToken: alerting.alertsToken } : {}),
    ...(alerting.pagerduty.webhookSecret ? { pagerDutySecret: alerting.pagerduty.webhookSecret } : {}),
    ...(worker ? { worker } : {}),
    logger: runtime.context.logger,
  });
  return {
    routers,
    ...(worker ? { worker } : {}),
    setPushTarget: (baseUrl) => {
      if (sandbox && alerting.pagerduty.webhookSecret) sandbox.sandbox.pagerduty.setWebhookTarget({ url: `${baseUrl}/webhooks/pagerduty`, secrets: [alerting.pagerduty.webhookSecret] });
    },
    startJobs: () => {
      if (!worker) return;
      const task = scheduleJob('alert-sweep', '*/15 * * * * *', runtime.context.logger, () => worker.runOnce());
      runtime.onClose('alert sweep', async () => {
        await task.stop();
        await worker.idle();
      });
    },
  };
}
