import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ownersFileSchema } from '../../../src/config/schemas/owners.js';
import { withOwnerRouting } from '../../../src/domain/incidents/owner-routing.js';
import { chooseTarget } from '../../../src/domain/sync/routing.js';
import { givenSyncConfig } from '../sync/given.js';

const owners = ownersFileSchema.parse(parse(readFileSync('config/owners.yaml', 'utf8')));

describe('routing from the service-owner directory', () => {
  const sync = withOwnerRouting(givenSyncConfig(), owners);

  it('a topic sync.yaml does not route goes to its service’s project, component and owner', () => {
    const target = chooseTarget(sync.routing, 'safety_incident', {});
    assert.deepEqual([target.rule, target.project, target.components, target.assigneeAccountId], ['owners:driver-app', 'DRV', ['Trips'], 'dev-noam-levi']);
    assert.equal(target.issueType, 'Task', 'issue type inherited from the default');
  });

  it('a rule of sync.yaml still wins for the topics it names', () => {
    assert.equal(chooseTarget(sync.routing, 'driver_app', {}).rule, 'driver-app');
  });

  it('no topic falls through to the default any more', () => {
    for (const topic of ['internal_tools', 'other', 'account_access']) assert.notEqual(chooseTarget(sync.routing, topic, {}).rule, 'default', topic);
  });
});
