import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { type JiraEmulator, type JiraEmulatorOptions, createJiraEmulator } from '../../../src/sandbox/jira/index.js';

/** A Jira emulator on a loopback port, plus a tiny authenticated JSON client for raw-shape tests. */
export interface JiraTestServer {
  baseUrl: string;
  emulator: JiraEmulator;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown; headers: Headers }>;
  close(): Promise<void>;
}

export const TEST_AUTH_HEADER = `Basic ${Buffer.from('casebridge@integration.example:test-token').toString('base64')}`;

export async function startJiraTestServer(options: Partial<JiraEmulatorOptions> = {}): Promise<JiraTestServer> {
  let baseUrl = '';
  const emulator = createJiraEmulator({ now: () => new Date(), random: Math.random, publicBaseUrl: () => baseUrl, ...options });
  const app = express();
  app.use(emulator.router);
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    emulator,
    async request(method, path, body, headers = {}) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { authorization: TEST_AUTH_HEADER, 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown), headers: response.headers };
    },
    async close() {
      await emulator.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A plain-text ADF document. */
export function adf(text: string): Record<string, unknown> {
  return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
}
