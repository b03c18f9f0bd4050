/** The parser of each alert source, by the name in `POST /webhooks/alerts/:source`. */
import type { AlertSource } from '../../config/schemas/alerts.js';
import { ALERT_SOURCES } from '../../config/schemas/alerts.js';
import type { ParseResult } from './incoming.js';
import { parseAirbrake } from './parse-airbrake.js';
import { parseDatadog } from './parse-datadog.js';
import { parseGeneric } from './parse-generic.js';
import { parseGrafana } from './parse-grafana.js';
import { parseNewRelic } from './parse-newrelic.js';

const PARSERS: Record<AlertSource, (body: unknown) => ParseResult> = {
  grafana: parseGrafana,
  datadog: parseDatadog,
  newrelic: parseNewRelic,
  airbrake: parseAirbrake,
  generic: parseGeneric,
};

export function isAlertSource(name: string): name is AlertSource {
  return (ALERT_SOURCES as readonly string[]).includes(name);
}

export function parseAlertPayload(source: AlertSource, body: unknown): ParseResult {
  return PARSERS[source](body);
}
