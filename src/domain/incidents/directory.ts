/** The service-owner directory as questions: which service a topic belongs to, who owns it, who is on call. */
import type { Contact, OwnersConfig, ServiceOwnership } from '../../config/schemas/owners.js';

/** One step of an on-call chain with its contact resolved and when it would be reached. */
export interface ChainEntry {
  step: number;
  contactId: string;
  contact: Contact | undefined;
  waitMinutes: number;
  /** Minutes after the incident opens at which this step is notified, if nobody acknowledges. */
  notifiedAfterMinutes: number;
}

export interface ServiceAnswer {
  service: string;
  /** How the question matched: the service name itself, or one of its topics. */
  matchedBy: 'service' | 'topic';
  ownership: ServiceOwnership;
  owner: { id: string; contact: Contact | undefined };
  incidentAssignee: { id: string; contact: Contact | undefined };
  chain: ChainEntry[];
}

/** The service a classification topic belongs to, if any. */
export function findServiceOfTopic(owners: OwnersConfig, topic: string | null | undefined): string | undefined {
  if (!topic) return undefined;
  return Object.entries(owners.services).find(([, s]) => s.topics.includes(topic))?.[0];
}

/** Answers `owners who X` where X is a service name or a topic. */
export function lookUpService(owners: OwnersConfig, serviceOrTopic: string): ServiceAnswer | undefined {
  const direct = owners.services[serviceOrTopic];
  const service = direct ? serviceOrTopic : findServiceOfTopic(owners, serviceOrTopic);
  const ownership = service ? owners.services[service] : undefined;
  if (!service || !ownership) return undefined;
  return {
    service,
    matchedBy: direct ? 'service' : 'topic',
    ownership,
    owner: { id: ownership.owner, contact: owners.contacts[ownership.owner] },
    incidentAssignee: { id: ownership.incidentAssignee, contact: owners.contacts[ownership.incidentAssignee] },
    chain: listChain(owners, ownership),
  };
}

/** The chain with cumulative times: step n is reached after the waits of steps 0..n-1. */
export function listChain(owners: OwnersConfig, ownership: ServiceOwnership): ChainEntry[] {
  let elapsed = 0;
  return ownership.chain.map((step, index) => {
    const entry = { step: index, contactId: step.contact, contact: owners.contacts[step.contact], waitMinutes: step.waitMinutes, notifiedAfterMinutes: elapsed };
    elapsed += step.waitMinutes;
    return entry;
  });
}
