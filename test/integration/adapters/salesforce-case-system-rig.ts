/**
 * Shared set-up of the Salesforce adapter suites: a sandbox on a loopback port, reset to seed 0
 * before each test (records and call counters), a token connection through jsforce and the adapter
 * on it with pages of 200, plus test cases created through the REST API rather than the adapter.
 */
import assert from 'node:assert/strict';
import type { Connection } from 'jsforce';
import { createSandbox, type RunningSandbox, type Sandbox } from '../../../src/sandbox/server.js';
import { connectSalesforce, createSalesforceCaseSystem } from '../../../src/adapters/salesforce/index.js';
import type { CaseSystem } from '../../../src/engine/ports.js';
import type { CaseRecord } from '../../../src/domain/sync/records.js';

export const FIELDS = ['Subject', 'Status', 'Jira_Key__c', 'Escalate_to_Jira__c'];

export interface SalesforceAdapterRig {
  sandbox: Sandbox;
  running: RunningSandbox;
  connection: Connection;
  cases: CaseSystem;
  /** Creates cases through the REST API (test set-up, not the adapter). */
  givenCases(count: number, subject?: (i: number) => string): Promise<string[]>;
}

/** Registers the suite's hooks; the rig's fields are set once `before` has run. */
export function useSalesforceAdapterRig(): SalesforceAdapterRig {
  const rig = {} as SalesforceAdapterRig;
  before(async () => {
    rig.sandbox = createSandbox();
    rig.running = await rig.sandbox.listen(0);
    rig.connection = await connectSalesforce({ kind: 'token', instanceUrl: rig.running.url, accessToken: 'integration-token' });
    rig.cases = createSalesforceCaseSystem({ connection: rig.connection, pageSize: 200 });
  });
  after(async () => rig.running.close());
  beforeEach(() => rig.sandbox.reset({ seed: 0 }));

  rig.givenCases = async (count, subject = (i) => `Case ${i}`) => {
    const records = Array.from({ length: count }, (_, i) => ({ Subject: subject(i), Origin: 'Web' }));
    const results = await rig.connection.sobject('Case').create(records, { allOrNone: true, allowRecursive: true });
    return results.map((r) => {
      assert.ok(r.success, JSON.stringify(r));
      return r.id;
    });
  };
  return rig;
}

export async function collect(pages: AsyncIterable<CaseRecord[]>): Promise<CaseRecord[][]> {
  const all: CaseRecord[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}
