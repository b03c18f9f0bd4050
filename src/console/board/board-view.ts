/**
 * What the SLA board shows: one page of open tickets in urgency order with each clock's state,
 * time left and due time, the linked Jira issue and its status, counts per state and the filter
 * menus. Everything comes from stored state (tickets, sla_results, links, snapshots).
 */
import type { BoardState } from '../../adapters/store/board-order.js';
import { BOARD_STATES } from '../../adapters/store/board-order.js';
import { getBoardPage, listBoardValues } from '../../adapters/store/board-query.js';
import type { BoardTicketRow } from '../../adapters/store/board-query.js';
import { listLinksForCases } from '../../adapters/store/links.js';
import { getSlaResults } from '../../adapters/store/sla-results.js';
import type { SlaResult } from '../../adapters/store/sla-results.js';
import { getSnapshots } from '../../adapters/store/snapshots.js';
import { STATUS_SNAPSHOT } from '../../domain/sync/plan-pair.js';
import { pairObjectId } from '../../engine/sync-cases.js';
import { STATE_LABELS, toClockView } from '../clocks.js';
import type { ClockView } from '../clocks.js';
import type { ConsoleDeps } from '../deps.js';
import type { ConsoleNames, TopicName } from '../names.js';
import type { BoardQuery } from './filter.js';
import { PAGE_SIZE, toBoardFilter } from './filter.js';

export interface BoardRowView extends BoardTicketRow {
  topicName?: TopicName;
  team?: string;
  issueKey?: string;
  jiraStatus?: string;
  clocks: ClockView[];
}

export interface BoardView {
  rows: BoardRowView[];
  counts: Array<{ state: BoardState; label: string; count: number }>;
  total: number;
  page: number;
  pageCount: number;
  options: { regions: string[]; tiers: string[]; priorities: string[]; topics: TopicName[]; teams: string[]; states: Array<{ state: BoardState; label: string }> };
}

const METRIC_ORDER = ['first_response', 'resolution'];
const OPTIONS_TTL_MS = 60_000;

export interface BoardService {
  load(query: BoardQuery, viewerZone: string): Promise<BoardView>;
}

export function createBoardService(deps: ConsoleDeps, names: ConsoleNames): BoardService {
  // The filter menus change rarely and cost a pass over the board: read them once a minute.
  let options: { at: number; values: Awaited<ReturnType<typeof listBoardValues>> } | undefined;
  const getOptions = async () => {
    const nowMs = Date.now();
    if (!options || nowMs - options.at > OPTIONS_TTL_MS) options = { at: nowMs, values: await listBoardValues(deps.db) };
    return options.values;
  };

  return {
    async load(query, viewerZone) {
      const now = deps.now();
      const [page, values] = await Promise.all([getBoardPage(deps.db, toBoardFilter(query, names), { offset: (query.page - 1) * PAGE_SIZE, limit: PAGE_SIZE }), getOptions()]);
      const caseIds = page.rows.map((r) => r.caseId);
      const [clocks, links] = await Promise.all([getSlaResults(deps.db, caseIds), listLinksForCases(deps.db, caseIds)]);
      const issueKeyByCase = new Map(links.filter((l) => l.issueKey).map((l) => [l.caseId, l.issueKey!]));
      const snapshots = await getSnapshots(
        deps.db,
        'jira',
        [...issueKeyByCase].map(([caseId, key]) => pairObjectId(key, caseId)),
      );
      const clocksByCase = groupByCase(clocks);
      const rows = page.rows.map((row): BoardRowView => {
        const issueKey = issueKeyByCase.get(row.caseId);
        const status = issueKey ? snapshots.get(pairObjectId(issueKey, row.caseId))?.get(STATUS_SNAPSHOT)?.value : undefined;
        const topicName = names.topic(row.topic);
        const team = names.teamOfTopic(row.topic);
        return {
          ...row,
          ...(topicName ? { topicName } : {}),
          ...(team ? { team } : {}),
          ...(issueKey ? { issueKey } : {}),
          ...(typeof status === 'string' ? { jiraStatus: status } : {}),
          clocks: (clocksByCase.get(row.caseId) ?? []).map((clock) => toClockView(clock, { sla: deps.sla, now, viewerZone })),
        };
      });
      return {
        rows,
        counts: BOARD_STATES.map((state) => ({ state, label: STATE_LABELS[state] ?? state, count: page.counts[state] })),
        total: page.total,
        page: query.page,
        pageCount: Math.max(1, Math.ceil(page.total / PAGE_SIZE)),
        options: {
          ...values,
          topics: values.topics.map((id) => names.topic(id)!),
          teams: names.teams(),
          states: BOARD_STATES.map((state) => ({ state, label: STATE_LABELS[state] ?? state })),
        },
      };
    },
  };
}

function groupByCase(clocks: readonly SlaResult[]): Map<string, SlaResult[]> {
  const byCase = new Map<string, SlaResult[]>();
  for (const clock of clocks) {
    const list = byCase.get(clock.caseId) ?? [];
    list.push(clock);
    byCase.set(clock.caseId, list);
  }
  for (const list of byCase.values()) list.sort((a, b) => METRIC_ORDER.indexOf(a.metric) - METRIC_ORDER.indexOf(b.metric));
  return byCase;
}
