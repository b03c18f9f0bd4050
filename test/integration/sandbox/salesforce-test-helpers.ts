/**
 * Shared set-up for the Salesforce sandbox tests: a sandbox on a loopback port and a real jsforce
 * connection to it, plus a clock tests can move.
 */
import jsforce from 'jsforce';
import { createSandbox, type RunningSandbox, type Sandbox, type SandboxOptions } from '../../../src/sandbox/server.js';

/** A started sandbox and how to reach it. */
export interface StartedSandbox {
  sandbox: Sandbox;
  running: RunningSandbox;
  url: string;
  /** A jsforce connection with any bearer token (lax auth), API 62.0. */
  connect(accessToken?: string): jsforce.Connection;
  /** GET/PUT/POST/DELETE on the sandbox with JSON. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: unknown }>;
}

/** Starts a sandbox on a free loopback port. */
export async function givenRunningSandbox(options: SandboxOptions = {}): Promise<StartedSandbox> {
  const sandbox = createSandbox(options);
  const running = await sandbox.listen(0);
  return {
    sandbox,
    running,
    url: running.url,
    connect: (accessToken = 'test-token') => new jsforce.Connection({ instanceUrl: running.url, accessToken, version: '62.0' }),
    async call(method, path, body, headers = {}) {
      const response = await fetch(`${running.url}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        // keep the raw text
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
  };
}

/** A clock starting at `startIso` that tests move forward explicitly. */
export function givenManualClock(startIso: string): { now: () => Date; advanceMs(ms: number): void; set(iso: string): void } {
  let current = Date.parse(startIso);
  return {
    now: () => new Date(current),
    advanceMs(ms) {
      current += ms;
    },
    set(iso) {
      current = Date.parse(iso);
    },
  };
}

/** Escapes a value for a SOQL string literal (backslash, quote and control characters). */
export function toSoqlLiteral(value: string): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return `'${escaped}'`;
}

/** Reads a jsforce error's Salesforce errorCode. */
export function errorCodeOf(error: unknown): string | undefined {
  return (error as { errorCode?: string } | undefined)?.errorCode;
}

/** Asserts that a jsforce call (a promise or a thenable Query) fails with the given errorCode. */
export async function assertRejectsWithCode(work: PromiseLike<unknown>, code: string, messagePattern?: RegExp): Promise<void> {
  let failure: unknown;
  try {
    await work;
  } catch (error) {
    failure = error;
  }
  if (failure === undefined) throw new Error(`expected the call to fail with ${code}, but it succeeded`);
  if (errorCodeOf(failure) !== code) throw new Error(`expected errorCode ${code}, got ${String(errorCodeOf(failure))}: ${String(failure)}`);
  if (messagePattern && !messagePattern.test(String((failure as Error).message))) {
    throw new Error(`error message ${JSON.stringify((failure as Error).message)} does not match ${String(messagePattern)}`);
  }
}
