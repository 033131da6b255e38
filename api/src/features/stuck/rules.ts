// The talent office's SLA rules ("兜底"): when an item counts as stuck, and whom a reminder goes
// to. The office may change the days and switch a rule off (PUT /stuck/rules); these are the
// defaults a fresh store starts with.

export const stuckRuleIds = [
  'problem_unengaged',
  'invitation_unanswered',
  'engagement_no_visit',
] as const;
export type StuckRuleId = (typeof stuckRuleIds)[number];

export type Party = 'company' | 'expert';

export interface StuckRuleDefinition {
  entity: 'problem' | 'engagement';
  /** Days the condition may hold before the item is stuck. */
  days: number;
  /** Who is responsible for moving it on, and so gets the reminder. */
  remind: readonly Party[];
}

export const stuckRuleDefinitions: Record<StuckRuleId, StuckRuleDefinition> = {
  // Open with no accepted engagement since it was published (firstEngagedAt is set on accept).
  problem_unengaged: { entity: 'problem', days: 14, remind: ['company'] },
  // An invitation the expert has neither accepted nor declined since it was sent.
  invitation_unanswered: { entity: 'engagement', days: 5, remind: ['expert'] },
  // Active with no visit or progress note since it started or since the last one.
  engagement_no_visit: { entity: 'engagement', days: 30, remind: ['expert', 'company'] },
};

export interface StuckRule {
  id: StuckRuleId;
  days: number;
  enabled: boolean;
}

export type StuckRuleOverrides = Partial<Record<StuckRuleId, { days: number; enabled: boolean }>>;

/** The rules in force: the defaults with the office's overrides on top. */
export function effectiveRules(overrides: StuckRuleOverrides = {}): StuckRule[] {
  return stuckRuleIds.map((id) => ({
    id,
    days: overrides[id]?.days ?? stuckRuleDefinitions[id].days,
    enabled: overrides[id]?.enabled ?? true,
  }));
}

export const dayMs = 86_400_000;

export interface ProblemFacts {
  _id: string;
  status: string;
  openedAt?: Date;
  firstEngagedAt?: Date;
}

export interface EngagementFacts {
  _id: string;
  status: string;
  createdAt: Date;
  activatedAt?: Date;
  lastVisitAt?: Date;
  updatedAt: Date;
}

/**
 * Since when the rule's condition has held for this record, or null when it does not hold. The
 * instant is part of the stuck item's key: when the condition clears and comes back (a visit,
 * then 30 quiet days again) that is a new item with its own log.
 */
export function conditionSince(
  rule: StuckRuleId,
  record: ProblemFacts | EngagementFacts,
): Date | null {
  switch (rule) {
    case 'problem_unengaged': {
      const p = record as ProblemFacts;
      return p.status === 'open' && !p.firstEngagedAt && p.openedAt ? p.openedAt : null;
    }
    case 'invitation_unanswered': {
      const e = record as EngagementFacts;
      return e.status === 'invited' ? e.createdAt : null;
    }
    case 'engagement_no_visit': {
      const e = record as EngagementFacts;
      if (e.status !== 'active') return null;
      const started = e.activatedAt ?? e.updatedAt;
      return e.lastVisitAt && e.lastVisitAt > started ? e.lastVisitAt : started;
    }
  }
}

export function stuckKey(rule: StuckRuleId, entityId: string, since: Date): string {
  return `${rule}.${entityId}.${since.getTime().toString(36)}`;
}

export const stuckKeyPattern = new RegExp(
  `^(${stuckRuleIds.join('|')})\\.((?:prb|eng)_[0-9a-z]{16})\\.([0-9a-z]{1,12})$`,
);

export function parseStuckKey(
  key: string,
): { rule: StuckRuleId; entityId: string; sinceMs: number } | null {
  const match = stuckKeyPattern.exec(key);
  if (!match) return null;
  return {
    rule: match[1] as StuckRuleId,
    entityId: match[2] ?? '',
    sinceMs: parseInt(match[3] ?? '', 36),
  };
}

/** Whole days past the SLA (0 on the day it became stuck), or null when it is not stuck yet. */
export function overdueDays(since: Date, days: number, now: Date): number | null {
  const late = now.getTime() - (since.getTime() + days * dayMs);
  return late >= 0 ? Math.floor(late / dayMs) : null;
}
