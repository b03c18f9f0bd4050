import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ownersFileSchema } from '../../../src/config/schemas/owners.js';
import { findServiceOfTopic, lookUpService } from '../../../src/domain/incidents/directory.js';
import { renderTemplate } from '../../../src/domain/incidents/messages.js';

const owners = ownersFileSchema.parse(parse(readFileSync('config/owners.yaml', 'utf8')));

describe('service-owner directory', () => {
  it('finds a service by name or by one of its topics', () => {
    assert.equal(lookUpService(owners, 'dispatch')?.matchedBy, 'service');
    const byTopic = lookUpService(owners, 'account_access');
    assert.equal(byTopic?.service, 'auth');
    assert.equal(byTopic?.matchedBy, 'topic');
    assert.equal(lookUpService(owners, 'nothing'), undefined);
    assert.equal(findServiceOfTopic(owners, null), undefined);
  });
  it('gives the chain with cumulative notification times', () => {
    const chain = lookUpService(owners, 'driver-app')!.chain;
    assert.deepEqual(
      chain.map((c) => [c.contactId, c.notifiedAfterMinutes]),
      [
        ['mobile-oncall', 0],
        ['noam-levi', 10],
        ['sarah-oconnor', 25],
      ],
    );
  });
});

describe('renderTemplate', () => {
  it('fills known placeholders and leaves unknown ones visible', () => {
    assert.equal(renderTemplate('{key} on {service}: {typo}', { key: 'INC-1', service: 'auth' }), 'INC-1 on auth: {typo}');
  });
});
