import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import { ApiError } from '../../lib/errors.js';
import type { Lang } from '../../lib/i18n.js';
import { toWireDate } from '../../lib/time.js';
import type { ActorRef } from '../access/actor.js';
import { newEvent } from '../events/outbox.js';
import { stuckRuleTexts } from '../notifications/render.js';
import type { Recipient } from '../notifications/repository.js';
import type { Notifier } from '../notifications/service.js';
import type { Repositories } from '../repositories.js';
import { statsFactsOf } from '../stats/facts-cache.js';
import type { Mailer } from '../../lib/mailer.js';
import {
  conditionSince,
  dayMs,
  effectiveRules,
  overdueDays,
  parseStuckKey,
  stuckKey,
  stuckRuleDefinitions,
  type EngagementFacts,
  type Party,
  type ProblemFacts,
  type StuckRule,
  type StuckRuleId,
} from './rules.js';
import type { StuckCaseDoc, StuckLogEntryDoc } from './repository.js';

export interface StuckItem {
  key: string;
  rule: StuckRuleId;
  entity: 'problem' | 'engagement';
  entityId: string;
  problemId: string;
  problemTitle: string;
  since: Date;
  dueAt: Date;
  overdueDays: number;
  parties: { role: Party; id: string; name: string; responsible: boolean }[];
  log: StuckLogEntryDoc[];
}

type ProblemRow = ProblemFacts & { title: string; companyId: string; companyName: string };
type EngagementRow = EngagementFacts & {
  problemId: string;
  problemTitle: string;
  expertId: string;
  expertName: string;
  companyId: string;
};

function itemOf(
  rule: StuckRule,
  record: ProblemRow | EngagementRow,
  now: Date,
  companyName: (id: string) => string,
): Omit<StuckItem, 'log'> | null {
  const since = conditionSince(rule.id, record);
  if (!since) return null;
  const overdue = overdueDays(since, rule.days, now);
  if (overdue === null) return null;
  const definition = stuckRuleDefinitions[rule.id];
  const responsible = (party: Party) => definition.remind.includes(party);
  const base = {
    key: stuckKey(rule.id, record._id, since),
    rule: rule.id,
    entity: definition.entity,
    entityId: record._id,
    since,
    dueAt: new Date(since.getTime() + rule.days * dayMs),
    overdueDays: overdue,
  };
  if (definition.entity === 'problem') {
    const p = record as ProblemRow;
    return {
      ...base,
      problemId: p._id,
      problemTitle: p.title,
      parties: [
        {
          role: 'company',
          id: p.companyId,
          name: p.companyName,
          responsible: responsible('company'),
        },
      ],
    };
  }
  const e = record as EngagementRow;
  return {
    ...base,
    problemId: e.problemId,
    problemTitle: e.problemTitle,
    parties: [
      { role: 'expert', id: e.expertId, name: e.expertName, responsible: responsible('expert') },
      {
        role: 'company',
        id: e.companyId,
        name: companyName(e.companyId),
        responsible: responsible('company'),
      },
    ],
  };
}

/** The rules in force with their descriptions. */
export async function loadRules(repos: Repositories) {
  const stored = await repos.stuck.rules();
  return { rev: stored.rev, rules: effectiveRules(stored.rules) };
}

export function toRule(rule: StuckRule, lang: Lang) {
  const definition = stuckRuleDefinitions[rule.id];
  return {
    ...rule,
    entity: definition.entity,
    defaultDays: definition.days,
    remind: [...definition.remind],
    title: stuckRuleTexts[rule.id]?.[lang] ?? rule.id,
  };
}

/**
 * Every stuck item now: each enabled rule over the office's in-memory facts (stats/facts-cache.ts:
 * kept in step with writes by re-reading the records events name, by `_id`), minus the items the
 * office resolved, most overdue first. Reading the problems and engagements whole instead cost
 * 0.8–1.3 s per call on the demo data (FerretDB scans a collection for any filter but `_id`).
 */
export async function computeStuck(repos: Repositories, db: Db, now: Date) {
  const [{ rules }, facts, cases] = await Promise.all([
    loadRules(repos),
    statsFactsOf(db, repos).read(),
    repos.stuck.cases(),
  ]);
  const companyNames = new Map(
    facts.organisations.filter((o) => o.kind === 'company').map((o) => [o._id, o.name]),
  );
  const companyName = (id: string) => companyNames.get(id) ?? id;
  const items: StuckItem[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const records =
      stuckRuleDefinitions[rule.id].entity === 'problem' ? facts.problems : facts.engagements;
    for (const record of records) {
      const item = itemOf(rule, record, now, companyName);
      if (!item) continue;
      const stored = cases.get(item.key);
      if (stored?.resolvedAt) continue;
      items.push({ ...item, log: stored?.log ?? [] });
    }
  }
  items.sort((a, b) => b.overdueDays - a.overdueDays || a.key.localeCompare(b.key));
  return { rules, items };
}

const notStuck = () =>
  new ApiError('NOT_FOUND', {
    message: {
      zh: '该事项当前不在超期列表中（可能已处理或情况已变化）。',
      en: 'This item is not stuck now (it was handled or its situation changed).',
    },
  });

/** One stuck item by its key, checked against the store now; 404 when it is not stuck. */
export async function loadStuckItem(repos: Repositories, key: string, now: Date) {
  const parsed = parseStuckKey(key);
  if (!parsed) throw notStuck();
  const { rules } = await loadRules(repos);
  const rule = rules.find((r) => r.id === parsed.rule);
  if (!rule?.enabled) throw notStuck();
  const record =
    stuckRuleDefinitions[rule.id].entity === 'problem'
      ? await repos.stuck.getProblem(parsed.entityId)
      : await repos.stuck.getEngagement(parsed.entityId);
  if (!record) throw notStuck();
  const engagementCompany =
    'expertId' in record ? await repos.stuck.getCompanyName(record.companyId) : undefined;
  const item = itemOf(rule, record, now, (id) => engagementCompany ?? id);
  if (item?.key !== key) throw notStuck();
  const stored = await repos.stuck.getCase(key);
  if (stored?.resolvedAt) {
    throw new ApiError('CONFLICT', {
      message: { zh: '该事项已办结。', en: 'This item is already resolved.' },
      details: { reason: 'resolved' },
    });
  }
  return { ...item, log: stored?.log ?? [] } satisfies StuckItem;
}

export const entryId = () => `log_${randomBytes(8).toString('hex')}`;

export function toLogEntry(entry: StuckLogEntryDoc) {
  return {
    ...entry,
    at: toWireDate(entry.at),
    ...(entry.contactedAt ? { contactedAt: toWireDate(entry.contactedAt) } : {}),
  };
}

export function toStuckItem(item: StuckItem) {
  return {
    ...item,
    since: toWireDate(item.since),
    dueAt: toWireDate(item.dueAt),
    log: item.log.map(toLogEntry),
  };
}

/** Records an office action on the item in its log and, for the audit trail, as an event. */
export async function record(
  repos: Repositories,
  item: StuckItem,
  entry: StuckLogEntryDoc,
  options: { resolve?: boolean } = {},
): Promise<StuckCaseDoc> {
  const saved = await repos.stuck.append(
    item.key,
    { rule: item.rule, entityId: item.entityId },
    entry,
    options,
  );
  const summary = [entry.contact, entry.agreed, entry.note, entry.recipients?.join('、')]
    .filter(Boolean)
    .join(' · ');
  await repos.events.append(
    newEvent({
      entity: item.entity,
      entityId: item.entityId,
      type: 'note',
      action: `stuck_${entry.kind}`,
      reasonCode: item.rule,
      ...(summary ? { note: summary.slice(0, 500) } : {}),
      actor: entry.by,
      at: entry.at,
      refs: [item.problemId, ...item.parties.map((p) => p.id)],
    }),
  );
  return saved;
}

/**
 * Reminds the responsible parties of a stuck item in-app and by mail. An expert without an
 * account is mailed at the profile's address.
 */
export async function remind(
  deps: { repos: Repositories; notifier: Notifier | undefined; mailer: Mailer | undefined },
  item: StuckItem,
  args: { actor: ActorRef; note?: string; now: Date },
) {
  const { repos } = deps;
  const sourceId = entryId();
  const names: string[] = [];
  let mailed = 0;
  for (const party of item.parties.filter((p) => p.responsible)) {
    let recipients: Recipient[] =
      party.role === 'expert'
        ? await repos.notifications.usersOfExpert(party.id)
        : await repos.notifications.usersOfCompany(party.id);
    const link = party.role === 'expert' ? '/engagements' : `/problems/${item.problemId}`;
    const params = {
      problemId: item.problemId,
      problemTitle: item.problemTitle,
      rule: item.rule,
      overdueDays: item.overdueDays,
      ...(args.note ? { note: args.note } : {}),
    };
    if (recipients.length > 0 && deps.notifier) {
      const sent = await deps.notifier.deliver(
        { recipients, kind: 'stuck_reminder', params, link, sourceId, at: args.now },
        { mail: true },
      );
      mailed += sent.mailed;
    } else if (party.role === 'expert' && deps.mailer) {
      const expert = await repos.experts.get(party.id);
      if (expert?.email) {
        recipients = [{ userId: '', email: expert.email, name: expert.name }];
        await deps.mailer.send({
          to: expert.email,
          subject: '人才办催办提醒 · Reminder from the talent office',
          text: `${expert.name}：\n\n人才办提醒：「${item.problemTitle}」已超期 ${item.overdueDays} 天，请尽快处理。${args.note ?? ''}\n\nThe talent office reminds you: "${item.problemTitle}" is ${item.overdueDays} days overdue.`,
          kind: 'stuck_reminder',
        });
        mailed++;
      }
    }
    // A company's people are named with their company; an expert is the person.
    names.push(
      ...recipients.map((r) => (party.role === 'expert' ? r.name : `${r.name}（${party.name}）`)),
    );
  }
  const entry: StuckLogEntryDoc = {
    id: sourceId,
    kind: 'reminder',
    at: args.now,
    by: args.actor,
    recipients: names,
    mailed,
    ...(args.note ? { note: args.note } : {}),
  };
  await record(repos, item, entry);
  return entry;
}
