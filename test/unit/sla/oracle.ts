/**
 * A deliberately naive SLA oracle for property tests: it steps through time one minute at a time,
 * reads the local wall clock through Intl (not luxon), and decides for each minute whether it is
 * working time and whether the clock counts. It shares no code with src/domain/sla.
 * Everything is whole minutes: creation, events, now and working ranges are minute-aligned.
 */

export interface OracleCalendar {
  timezone: string;
  /** Working ranges per JS weekday (0 = Sunday), as [startMinute, endMinute) of local time. */
  rangesBySundayFirstWeekday: Array<Array<[number, number]>>;
  /** Holidays as instants [startMs, endMs); a local date is off when 12:00 local falls inside one. */
  holidays: Array<[number, number]>;
  /** Extra non-working local dates, YYYY-MM-DD. */
  extraDates: string[];
}

export interface OracleTicket {
  createdAtMs: number;
  events: Array<{ atMs: number; type: 'status'; value: string } | { atMs: number; type: 'agentReply' }>;
}

export interface OracleRules {
  pause: string[];
  resolved: string[];
  /** Threshold in working minutes under which a running clock is at risk. */
  atRiskMinutes: (targetMinutes: number) => number;
}

export interface OracleResult {
  elapsedMinutes: number;
  pausedMinutes: number;
  state: string;
  breachedAtMs: number | null;
  stoppedAtMs: number | null;
  /** `undefined` when the due instant lies beyond the oracle's window. */
  dueAtMs: number | null | undefined;
}

const MINUTE = 60_000;

/** Minute-by-minute working map of a window of time for one calendar. */
export class OracleWindow {
  readonly working: Uint8Array;

  /** Minutes read before and after the window, so that dates straddling its edges know their 12:00. */
  private static readonly MARGIN = 2 * 1440;
  private readonly innerStartMs: number;
  private readonly innerMinutes: number;

  constructor(startMs: number, minutes: number, calendar: OracleCalendar) {
    this.innerStartMs = startMs;
    this.innerMinutes = minutes;
    startMs -= OracleWindow.MARGIN * MINUTE;
    minutes += 2 * OracleWindow.MARGIN;
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: calendar.timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    const readWall = (ms: number): number => {
      const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
      return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
    };
    // Intl is slow, so read the wall clock at both ends of each 15-minute block and only read every
    // minute of a block when the UTC offset differs between its ends.
    const wall = new Float64Array(minutes);
    for (let block = 0; block < minutes; block += 15) {
      const last = Math.min(block + 14, minutes - 1);
      const firstWall = readWall(startMs + block * MINUTE);
      const lastWall = readWall(startMs + last * MINUTE);
      const sameOffset = lastWall - firstWall === (last - block) * MINUTE;
      for (let i = block; i <= last; i++) wall[i] = sameOffset ? firstWall + (i - block) * MINUTE : readWall(startMs + i * MINUTE);
    }
    const dateOf = (i: number) => new Date(wall[i]!).toISOString().slice(0, 10);
    const offDates = new Set(calendar.extraDates);
    // A date is a holiday when some holiday is in force at a minute whose wall clock reads 12:00 that date.
    for (let i = 0; i < minutes; i++) {
      if (new Date(wall[i]!).getUTCHours() !== 12 || new Date(wall[i]!).getUTCMinutes() !== 0) continue;
      const ms = startMs + i * MINUTE;
      if (calendar.holidays.some(([from, to]) => ms >= from && ms < to)) offDates.add(dateOf(i));
    }
    this.working = new Uint8Array(minutes);
    for (let i = 0; i < minutes; i++) {
      const local = new Date(wall[i]!);
      if (offDates.has(dateOf(i))) continue;
      const minuteOfDay = local.getUTCHours() * 60 + local.getUTCMinutes();
      const ranges = calendar.rangesBySundayFirstWeekday[local.getUTCDay()]!;
      if (ranges.some(([from, to]) => minuteOfDay >= from && minuteOfDay < to)) this.working[i] = 1;
    }
  }

  isWorking(ms: number): boolean | undefined {
    const i = (ms - this.innerStartMs) / MINUTE;
    return i >= 0 && i < this.innerMinutes ? this.working[i + OracleWindow.MARGIN] === 1 : undefined;
  }
}

export function evaluateWithOracle(window: OracleWindow, ticket: OracleTicket, nowMs: number, metric: 'first_response' | 'resolution', targetMinutes: number, rules: OracleRules): OracleResult {
  const events = ticket.events
    .map((e, order) => ({ ...e, order }))
    .sort((a, b) => a.atMs - b.atMs || a.order - b.order)
    .filter((e) => e.atMs <= nowMs)
    // Events recorded before creation take effect at creation, in their recorded order.
    .map((e) => ({ ...e, atMs: Math.max(e.atMs, ticket.createdAtMs) }));
  let status: string | null = null;
  let replied = false;
  let stoppedAtMs: number | null = null;
  let counted = 0;
  let paused = 0;
  let breachedAtMs: number | null = null;
  let next = 0;
  const stopped = () => (metric === 'first_response' && replied) || (status !== null && rules.resolved.includes(status));
  const isPaused = () => status !== null && rules.pause.includes(status);

  for (let ms = ticket.createdAtMs; ; ms += MINUTE) {
    while (next < events.length && events[next]!.atMs <= ms) {
      const event = events[next++]!;
      const before = stopped();
      if (event.type === 'status') status = event.value;
      else replied = true;
      if (!before && stopped()) stoppedAtMs = event.atMs;
      if (before && !stopped()) stoppedAtMs = null;
    }
    if (ms >= nowMs) break;
    if (stopped() || !window.isWorking(ms)) continue;
    if (isPaused()) paused++;
    else {
      counted++;
      if (counted === targetMinutes) breachedAtMs = ms + MINUTE;
    }
  }

  const isStopped = stopped();
  const endMs = isStopped ? stoppedAtMs! : nowMs;
  const breached = breachedAtMs !== null && breachedAtMs < endMs;
  const remaining = targetMinutes - counted;
  let state: string;
  if (breached) state = 'breached';
  else if (isStopped) state = 'met';
  else if (isPaused()) state = 'paused';
  else state = remaining < rules.atRiskMinutes(targetMinutes) ? 'at_risk' : 'running';

  let dueAtMs: number | null | undefined = null;
  if (!isStopped && !isPaused()) {
    if (breached) dueAtMs = breachedAtMs;
    else if (remaining === 0) dueAtMs = nowMs;
    else {
      dueAtMs = undefined;
      let left = remaining;
      for (let ms = nowMs; ; ms += MINUTE) {
        const working = window.isWorking(ms);
        if (working === undefined) break;
        if (working && --left === 0) {
          dueAtMs = ms + MINUTE;
          break;
        }
      }
    }
  }
  return { elapsedMinutes: counted, pausedMinutes: paused, state, breachedAtMs: breached ? breachedAtMs : null, stoppedAtMs: isStopped ? stoppedAtMs : null, dueAtMs };
}
