/**
 * The cross-process wake-up on PostgreSQL: `pg_notify(channel, queue)` after an insert, and a
 * dedicated connection that `LISTEN`s and wakes this process's workers of that queue. The listener
 * reconnects with backoff when its connection is lost (a database restart); meanwhile the workers'
 * own polling carries on, so nothing waits longer than one polling interval.
 */
import { LocalWakeups, DEFAULT_GATHER_MS, wakeupChannelOf } from './queue-wakeup.js';
import type { NotifyConnection, PostgresWakeupOptions, QueueWakeup } from './queue-wakeup.js';

const MAX_RECONNECT_DELAY_MS = 30_000;

export async function startPostgresWakeup(options: PostgresWakeupOptions): Promise<QueueWakeup & { isListening(): boolean }> {
  const channel = wakeupChannelOf(options.schema);
  const local = new LocalWakeups(options.gatherMs ?? DEFAULT_GATHER_MS);
  const firstDelayMs = options.reconnectDelayMs ?? 1000;
  let connection: NotifyConnection | undefined;
  let listening = false;
  let closed = false;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let delayMs = firstDelayMs;

  const scheduleReconnect = () => {
    if (closed || reconnectTimer) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      void listen().catch(() => scheduleReconnect());
    }, delayMs);
    delayMs = Math.min(delayMs * 2, MAX_RECONNECT_DELAY_MS);
  };

  const lost = (error?: Error) => {
    if (!listening || closed) return;
    listening = false;
    options.logger.warn({ err: error, channel }, 'queue wake-up listener lost its connection; workers poll until it reconnects');
    const dead = connection;
    connection = undefined;
    void dead?.end().catch(() => undefined);
    scheduleReconnect();
  };

  const listen = async () => {
    const next = options.connect();
    // Errors before and after the connect go the same way: drop it, reconnect later.
    next.on('error', (error) => lost(error));
    next.on('end', () => lost());
    next.on('notification', (message) => {
      if (message.channel === channel && message.payload) local.wake(message.payload);
    });
    try {
      await next.connect();
      await next.query(`LISTEN "${channel}"`);
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    if (closed) return void (await next.end().catch(() => undefined));
    connection = next;
    if (delayMs !== firstDelayMs) options.logger.info({ channel }, 'queue wake-up listener reconnected');
    listening = true;
    delayMs = firstDelayMs;
  };

  await listen();
  return {
    isListening: () => listening,
    announce: async (queue) => {
      try {
        // Our own listener hears it too, so local workers wake by the same path as remote ones.
        await options.notify(channel, queue);
      } catch {
        // The database is unreachable: the insert just before failed or will be retried; wake locally.
        local.wake(queue);
      }
      // While our listener is down we would not hear ourselves.
      if (!listening) local.wake(queue);
    },
    onWake: (queue, wake) => local.onWake(queue, wake),
    close: async () => {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      local.clear();
      listening = false;
      await connection?.end().catch(() => undefined);
      connection = undefined;
    },
  };
}
