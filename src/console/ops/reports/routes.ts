/**
 * `GET /reports`: the breach report for a window and filters, with the same body as the scheduled
 * HTML report (renderReportBody) plus chart.js drawing its charts; `GET /reports/export.{csv,html,json}`
 * gives the same report as a file (the HTML one is the e-mailed page). The page reads the report
 * aggregated in SQL with only the rows it shows (buildReportSummary); a file has every breach.
 */
import type { Router } from 'express';
import { buildReportSummary, buildStoredReport } from '../../../engine/sla/stored-report.js';
import { loadReportNames } from '../../../engine/sla/report-names.js';
import { HTML_TABLE_ROWS, renderReportBody } from '../../../domain/sla/report-html.js';
import { renderAggregatedReport } from '../../../domain/sla/report-render.js';
import type { SlaReportFormat } from '../../../domain/sla/report-render.js';
import type { ConsoleDeps } from '../../deps.js';
import { renderPage } from '../../render.js';
import { caseUrl, ticketPath } from '../names.js';
import { createReportCache } from './report-cache.js';
import { reportQuerySchema, toReportFilter, toReportWindow } from './report-query.js';
import type { ReportQuery } from './report-query.js';

const TYPES: Record<SlaReportFormat, string> = { csv: 'text/csv', html: 'text/html', json: 'application/json' };

export function registerReportsPage(router: Router, deps: ConsoleDeps): void {
  const cache = createReportCache(deps.db, () => deps.now().getTime());
  /** `forFile`: links go to Salesforce, not to console pages a downloaded file cannot reach. */
  async function build(query: ReportQuery, forFile = false) {
    const now = deps.now();
    const { fromMs, toMs } = toReportWindow(query, now);
    const options = { fromMs, toMs, filter: toReportFilter(query), timeZone: query.tz, title: 'SLA breach report', generatedAtMs: now.getTime() };
    const report = forFile
      ? await buildStoredReport(deps.db, options)
      : await cache.get(JSON.stringify([fromMs, toMs, options.filter, query.tz]), () => buildReportSummary(deps.db, { ...options, rows: HTML_TABLE_ROWS }));
    const names = await loadReportNames(deps.db, report, {
      jiraSiteUrl: deps.links.jiraSiteUrl,
      salesforceInstanceUrl: deps.links.salesforceInstanceUrl,
      // In the console a case opens on its ticket page; without a number seen, in Salesforce.
      ...(forFile ? {} : { caseHref: (id: string, caseNumber: string | undefined) => (caseNumber ? ticketPath(caseNumber) : caseUrl(deps.links, id)) }),
    });
    return { report, names };
  }

  router.get('/reports', async (req, res) => {
    const parsed = reportQuerySchema.safeParse(req.query);
    const query = parsed.success ? parsed.data : reportQuerySchema.parse({});
    const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    const { report, names } = await build(query);
    const search = new URLSearchParams(Object.entries(req.query).filter((e): e is [string, string] => typeof e[1] === 'string')).toString();
    renderPage(res, 'reports', {
      title: 'Reports',
      section: 'reports',
      query,
      problems,
      search,
      body: renderReportBody(report, { names, interactive: true }),
    });
  });

  router.get('/reports/export.:format', async (req, res) => {
    const format = req.params.format as SlaReportFormat;
    if (!(format in TYPES)) {
      res.status(404).json({ error: { code: 'NOT_FOUND', message: 'export as .csv, .html or .json' } });
      return;
    }
    const parsed = reportQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      res.status(400).json({ error: { code: 'INVALID_INPUT', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } });
      return;
    }
    const { report, names } = await build(parsed.data, true);
    res
      .type(TYPES[format])
      .attachment(`breach-report.${format}`)
      .send(renderAggregatedReport(report, format, { names }));
  });
}
