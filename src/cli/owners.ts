/** `casebridge owners who SERVICE|TOPIC`: the owner, team, incident assignee and on-call chain of a service. */
import type { Command } from 'commander';
import { lookUpService } from '../domain/incidents/directory.js';
import { loadValidConfig } from './load-config.js';

export function registerOwnersCommand(program: Command): void {
  program
    .command('owners')
    .description('the service-owner directory (owners.yaml)')
    .command('who <serviceOrTopic>')
    .description('who owns a service (or the service of a classification topic), and its on-call chain')
    .action((target: string) => {
      const config = loadValidConfig();
      if (!config) return;
      const owners = config.files.owners;
      if (!owners) {
        process.stderr.write('casebridge: owners.yaml is not configured\n');
        process.exitCode = 1;
        return;
      }
      const answer = lookUpService(owners, target);
      if (!answer) {
        process.stderr.write(`casebridge: "${target}" is neither a service nor a topic of owners.yaml (services: ${Object.keys(owners.services).join(', ')})\n`);
        process.exitCode = 1;
        return;
      }
      const contact = (id: string) => ({ id, ...owners.contacts[id] });
      process.stdout.write(
        `${JSON.stringify(
          {
            service: answer.service,
            matchedBy: answer.matchedBy,
            team: answer.ownership.team,
            owner: contact(answer.owner.id),
            jira: answer.ownership.jira,
            incidentAssignee: contact(answer.incidentAssignee.id),
            topics: answer.ownership.topics,
            chain: answer.chain.map((step) => ({ step: step.step + 1, notifiedAfterMinutes: step.notifiedAfterMinutes, waitMinutes: step.waitMinutes, ...contact(step.contactId) })),
          },
          null,
          2,
        )}\n`,
      );
    });
}
