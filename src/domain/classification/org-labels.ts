/**
 * Which of the org's cases teach the model something: those whose topic a person set or corrected.
 * casebridge's own unchanged choice does not — training on its own output would only confirm it.
 * What casebridge last wrote comes from the audit log (classification entries, see
 * engine/classify-cases.ts).
 */

/** Where a case's current topic came from. */
export type LabelOrigin = 'set-by-person' | 'corrected-by-person' | 'casebridge' | 'unlabelled';

/** `current`: the case's topic now; `lastWrittenByCasebridge`: the topic casebridge last wrote, if it ever did. */
export function findLabelOrigin(current: string | null | undefined, lastWrittenByCasebridge: string | undefined): LabelOrigin {
  const topic = current?.trim();
  if (!topic) return 'unlabelled';
  if (lastWrittenByCasebridge === undefined) return 'set-by-person';
  return topic === lastWrittenByCasebridge ? 'casebridge' : 'corrected-by-person';
}

/** A person's label teaches the model; casebridge's own and a missing one do not. */
export function isHumanLabel(origin: LabelOrigin): boolean {
  return origin === 'set-by-person' || origin === 'corrected-by-person';
}
