/** Test-data builders for classification tests. */
import { classificationFileSchema } from '../../../src/config/schemas/classification.js';
import type { ClassificationConfig } from '../../../src/config/schemas/classification.js';
import type { CaseInput } from '../../../src/domain/classification/classify-case.js';

/** A small valid raw config (before zod defaults); override any top-level key. */
export function givenRawConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    topics: [
      {
        id: 'safety_incident',
        precedence: 10,
        rules: [{ id: 'words', keywords: { en: ['accident'], ru: ['авари*'], he: ['תאונה'] } }],
      },
      {
        id: 'driver_app',
        rules: [
          { id: 'words', keywords: { en: ['driver app'], ru: ['приложение водител*'], he: ['אפליקציית נהג*'] } },
          { id: 'origin', fields: [{ field: 'Origin', equals: 'Driver App' }], weight: 0.5 },
        ],
      },
      {
        id: 'payments_billing',
        rules: [
          { id: 'words', keywords: { en: ['charged twice', 'refund'], ru: ['списали дважды'], he: ['חויבתי פעמיים'] } },
          { id: 'amount', patterns: ['\\d+\\s?₪'] },
        ],
      },
      { id: 'account_access', rules: [{ id: 'words', keywords: { en: ['cannot log in'] } }] },
      { id: 'other' },
    ],
    priority: {
      tiers: ['Private', 'Corporate', 'VIP'],
      signals: [
        { id: 'outage', keywords: { en: ['outage'], ru: ['сбой'], he: ['השבתה'] } },
        { id: 'charged_twice', keywords: { en: ['charged twice'], he: ['חויבתי פעמיים'] } },
      ],
      rules: [
        { id: 'safety', topics: ['safety_incident'], priority: 'P1' },
        { id: 'vip-outage', tiers: ['VIP'], signals: ['outage'], priority: 'P1' },
        { id: 'outage', signals: ['outage'], priority: 'P2' },
        { id: 'money', signals: ['charged_twice'], priority: 'P2' },
        { id: 'vip', tiers: ['VIP'], priority: 'P2' },
        { id: 'private-other', topics: ['other'], tiers: ['Private'], priority: 'P4' },
      ],
    },
    ...overrides,
  };
}

export function givenConfig(overrides: Record<string, unknown> = {}): ClassificationConfig {
  return classificationFileSchema.parse(givenRawConfig(overrides));
}

export function givenCase(partial: Partial<CaseInput> = {}): CaseInput {
  return { subject: '', description: '', fields: { Customer_Tier__c: 'Private' }, ...partial };
}
