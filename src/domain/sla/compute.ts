/**
 * `sla compute` without the I/O: evaluates every ticket of a validated input document.
 */
import { InvalidInputError } from '../../errors.js';
import type { CompiledSla } from './engine.js';
import { evaluateTicket, resolveTicketPolicy } from './engine.js';
import type { SlaComputeInput } from './input.js';
import type { SlaTicketOutput } from './output.js';
import { toTicketOutput } from './output.js';

export interface SlaComputeOutput {
  tickets: SlaTicketOutput[];
}

/**
 * Evaluates all tickets at `input.nowMs`. Throws one InvalidInputError naming every ticket whose
 * region picks no calendar (so that no partial output is printed).
 */
export function computeSla(sla: CompiledSla, input: SlaComputeInput): SlaComputeOutput {
  const problems: string[] = [];
  input.tickets.forEach((ticket, index) => {
    const resolution = resolveTicketPolicy(sla, ticket);
    if (resolution.kind === 'unknown-region') {
      problems.push(
        `tickets[${index}] (id ${JSON.stringify(ticket.id)}).region: ${JSON.stringify(ticket.region)} is not a calendar name, and policy "${resolution.policy.name}" picks the calendar by region without a fallbackCalendar`,
      );
    }
  });
  if (problems.length > 0) throw new InvalidInputError(`invalid SLA input:\n${problems.join('\n')}`);
  return { tickets: input.tickets.map((ticket) => toTicketOutput(evaluateTicket(sla, ticket, input.nowMs))) };
}
