/** Starting and stopping an HTTP server the same way everywhere. */
import type { Server } from 'node:http';
import type { Express } from 'express';

/** Listens and resolves once the port is bound (0 picks a free one). */
export function listen(app: Express, port: number, host?: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = host === undefined ? app.listen(port) : app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

/**
 * Stops accepting connections and lets in-flight requests finish. Idle keep-alive sockets close at
 * once, and so does each busy one as soon as its request ends (Node closes idle ones only when asked,
 * and a keep-alive client would otherwise hold the server open); whatever is still busy after
 * `graceMs` is cut.
 */
export function closeServer(server: Server, graceMs = 5_000): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    sweep.unref();
    server.close(() => {
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
    if (graceMs <= 0) server.closeAllConnections();
    else setTimeout(() => server.closeAllConnections(), graceMs).unref();
  });
}
