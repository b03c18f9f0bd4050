import { toAdfDocument } from './adf.js';
import { sandboxCustomFieldId } from './catalog-fields.js';
import type { JiraActors } from './actors.js';
import type { IssueService } from './issue-service.js';
import type { JiraStore } from './store.js';

/** Demo content for `seed()` and the gentle activity simulator; English, Russian and Hebrew on purpose. */

const SUMMARIES: Record<string, readonly string[]> = {
  DRV: ['Driver payout missing for completed trips', 'Водитель не может загрузить документы', 'נהג לא מקבל הזמנות אחרי עדכון', 'Onboarding stuck at vehicle inspection step'],
  RDR: ['Rider charged twice for one trip', 'Приложение падает при выборе адреса', 'הנוסע לא רואה את הנהג על המפה', 'Promo code rejected at checkout'],
  PAY: ['Refund not issued after trip cancellation', 'Счёт для компании содержит неверный НДС', 'חיוב כפול בכרטיס אשראי', 'Card tokenization fails for Amex'],
  B2B: ['Corporate report export times out', 'Сотрудники не видят корпоративный тариф', 'מנהל חשבון לא יכול להוסיף עובדים', 'Cost centre missing on invoices'],
  DSP: ['Surge multiplier applied outside zone', 'Неверное время подачи машины', 'התאמת נסיעה איטית בשעות העומס', 'ETA jumps after driver accepts'],
  AUTH: ['SSO login loops for corporate users', 'Код подтверждения не приходит по SMS', 'משתמש ננעל אחרי איפוס סיסמה', 'MFA prompt shown on every login'],
  OPS: ['Support console search ignores case number', 'Не работает массовое закрытие обращений', 'כלי התמיכה מציג שעה שגויה', 'Agent macros missing after deploy'],
  INC: ['Payments API elevated error rate', 'Недоступен сервис расчёта цены', 'תקלה בשליחת הודעות SMS', 'Dispatch queue backlog in London'],
};

const COMMENTS: readonly string[] = [
  'Looking into this now.',
  'Can support confirm the app version and device?',
  'Воспроизвёл на тестовом стенде, готовлю исправление.',
  'Исправление в ревью.',
  'בודק את הלוגים של השירות.',
  'התיקון יעלה בגרסה הבאה.',
  'Deployed the fix to staging — "quotes" and emoji 🚕 render fine.',
];

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length) % items.length];
  if (item === undefined) throw new Error('Jira emulator: pick from an empty list');
  return item;
}

/** Creates `issueCount` realistic issues spread over the projects, some assigned and moved along their workflow. */
export function seedDemoIssues(store: JiraStore, issues: IssueService, actors: JiraActors, issueCount: number, random: () => number): void {
  const projects = store.catalog.projects;
  for (let index = 0; index < issueCount; index += 1) {
    const project = projects[index % projects.length];
    if (!project) break;
    const typeId = project.key === 'INC' ? '10004' : pick(['10001', '10002'], random);
    const developers = store.catalog.users.filter((u) => u.assignableIn.includes(project.key));
    const fields: Record<string, unknown> = {
      project: { key: project.key },
      issuetype: { id: typeId },
      summary: pick(SUMMARIES[project.key] ?? ['Demo issue'], random),
      description: toAdfDocument('Created by the sandbox seed.\nСоздано для демонстрации. נוצר להדגמה.'),
      priority: { name: pick(['Highest', 'High', 'Medium', 'Medium', 'Low'], random) },
      labels: ['sandbox-seed'],
      components: [{ name: pick(project.components, random).name }],
    };
    if (random() < 0.7 && developers.length > 0) fields['assignee'] = { accountId: pick(developers, random).accountId };
    if (project.key === 'INC') {
      fields[sandboxCustomFieldId('Severity')] = { value: pick(['SEV1', 'SEV2', 'SEV3', 'SEV4'], random) };
      fields[sandboxCustomFieldId('Affected Service')] = pick(['payments-api', 'pricing-service', 'sms-gateway', 'dispatch-queue'], random);
    }
    const issue = issues.createIssue({ fields }, project.leadAccountId);
    const steps = Math.floor(random() * 3);
    for (let step = 0; step < steps; step += 1) {
      const available = issues.listTransitions(issue);
      if (available.length === 0) break;
      const target = store.findStatus(pick(available, random).toStatusId);
      if (target) actors.run({ type: 'transition', issueKey: issue.key, toStatus: target.name });
    }
  }
}

/** One gentle random developer action on an open issue: move it along, comment, or reassign. */
export function simulateDeveloperStep(store: JiraStore, issues: IssueService, actors: JiraActors, random: () => number): void {
  const open = [...store.issues.values()].filter((issue) => store.statusOf(issue).category !== 'done');
  if (open.length === 0) return;
  const issue = pick(open, random);
  const roll = random();
  if (roll < 0.45) {
    const available = issues.listTransitions(issue);
    const target = available.length > 0 ? store.findStatus(pick(available, random).toStatusId) : undefined;
    if (target) actors.run({ type: 'transition', issueKey: issue.key, toStatus: target.name });
  } else if (roll < 0.8) {
    actors.run({ type: 'comment', issueKey: issue.key, body: pick(COMMENTS, random) });
  } else {
    const project = store.projectOf(issue);
    const developers = store.catalog.users.filter((u) => u.assignableIn.includes(project.key));
    if (developers.length > 0) actors.run({ type: 'assign', issueKey: issue.key, accountId: pick(developers, random).accountId });
  }
}
