import pg from 'pg';
import { CONTENT_CHANNEL } from './dialect.js';

/** A running subscription to content changes made by other processes. */
export interface ChangeListener {
  close(): Promise<void>;
}

/**
 * Listens on PostgreSQL for content changes and calls `onChange` for each, and once after every
 * reconnect (a notification may have been missed while the connection was down). Reconnects with
 * a growing delay, capped at five seconds.
 */
export function listenForContentChanges(url: string, onChange: () => void): ChangeListener {
  let client: pg.Client | undefined;
  let isClosed = false;
  let retryDelayMs = 250;
  let retryTimer: NodeJS.Timeout | undefined;

  const scheduleReconnect = () => {
    if (isClosed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, retryDelayMs);
    retryTimer.unref();
    retryDelayMs = Math.min(retryDelayMs * 2, 5000);
  };

  const connect = async () => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      if (message.channel === CONTENT_CHANNEL) onChange();
    });
    next.on('error', () => {
      void next.end().catch(() => {});
      if (client === next) client = undefined;
      scheduleReconnect();
    });
    next.on('end', () => {
      if (client === next) client = undefined;
      scheduleReconnect();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CONTENT_CHANNEL}`);
      if (isClosed) {
        await next.end();
        return;
      }
      client = next;
      retryDelayMs = 250;
      onChange();
    } catch {
      await next.end().catch(() => {});
      scheduleReconnect();
    }
  };

  void connect();
  return {
    async close() {
      isClosed = true;
      if (retryTimer) clearTimeout(retryTimer);
      await client?.end().catch(() => {});
    },
  };
}
