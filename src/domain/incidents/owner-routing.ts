/**
 * Routing from the service-owner directory: each service's topics route to its Jira project and
 * component, assigned to its owner. Appended after the rules of sync.yaml, so a rule written
 * there (a field condition, an exception) still wins; the directory covers every other topic.
 */
import type { OwnersConfig } from '../../config/schemas/owners.js';
import type { SyncConfig } from '../../config/schemas/sync.js';

/** The rules carry the default target's labels (a parsed rule that names none would get none). */
export function toOwnerRoutingRules(owners: OwnersConfig, defaults: SyncConfig['routing']['default']): SyncConfig['routing']['rules'] {
  return Object.entries(owners.services)
    .filter(([, service]) => service.topics.length > 0)
    .map(([name, service]) => {
      const assigneeAccountId = owners.contacts[service.owner]?.jiraAccountId;
      return {
        name: `owners:${name}`,
        topics: [...service.topics],
        target: {
          project: service.jira.project,
          components: service.jira.component ? [service.jira.component] : [],
          labels: [...defaults.labels],
          ...(assigneeAccountId ? { assigneeAccountId } : {}),
        },
      };
    });
}

/** The sync config with the directory's rules after its own. */
export function withOwnerRouting(sync: SyncConfig, owners: OwnersConfig): SyncConfig {
  return { ...sync, routing: { ...sync.routing, rules: [...sync.routing.rules, ...toOwnerRoutingRules(owners, sync.routing.default)] } };
}
