import { describe, expect, it } from 'vitest';
import {
  conditionSince,
  effectiveRules,
  overdueDays,
  parseStuckKey,
  stuckKey,
} from '../../src/features/stuck/rules.js';

const at = (iso: string) => new Date(iso);

describe('stuck rules as data', () => {
  it('starts from the defaults and takes the office overrides', () => {
    expect(effectiveRules()).toEqual([
      { id: 'problem_unengaged', days: 14, enabled: true },
      { id: 'invitation_unanswered', days: 5, enabled: true },
      { id: 'engagement_no_visit', days: 30, enabled: true },
    ]);
    expect(effectiveRules({ engagement_no_visit: { days: 21, enabled: false } })[2]).toEqual({
      id: 'engagement_no_visit',
      days: 21,
      enabled: false,
    });
  });

  it('says since when each condition holds, and null when it does not', () => {
    const opened = at('2026-03-01T00:00:00Z');
    expect(
      conditionSince('problem_unengaged', { _id: 'p', status: 'open', openedAt: opened }),
    ).toEqual(opened);
    expect(
      conditionSince('problem_unengaged', {
        _id: 'p',
        status: 'open',
        openedAt: opened,
        firstEngagedAt: at('2026-03-02T00:00:00Z'),
      }),
    ).toBeNull();
    expect(conditionSince('problem_unengaged', { _id: 'p', status: 'draft' })).toBeNull();
    const engagement = {
      _id: 'e',
      createdAt: at('2026-03-01T00:00:00Z'),
      updatedAt: at('2026-03-03T00:00:00Z'),
      activatedAt: at('2026-03-05T00:00:00Z'),
    };
    expect(conditionSince('invitation_unanswered', { ...engagement, status: 'invited' })).toEqual(
      engagement.createdAt,
    );
    expect(
      conditionSince('invitation_unanswered', { ...engagement, status: 'accepted' }),
    ).toBeNull();
    expect(conditionSince('engagement_no_visit', { ...engagement, status: 'active' })).toEqual(
      engagement.activatedAt,
    );
    // A visit dated before the engagement started does not reset the clock; a later one does.
    expect(
      conditionSince('engagement_no_visit', {
        ...engagement,
        status: 'active',
        lastVisitAt: at('2026-03-04T00:00:00Z'),
      }),
    ).toEqual(engagement.activatedAt);
    expect(
      conditionSince('engagement_no_visit', {
        ...engagement,
        status: 'active',
        lastVisitAt: at('2026-03-20T00:00:00Z'),
      }),
    ).toEqual(at('2026-03-20T00:00:00Z'));
  });

  it('counts whole days past the SLA from the moment it is reached', () => {
    const since = at('2026-03-01T00:00:00Z');
    expect(overdueDays(since, 5, at('2026-03-05T23:59:59Z'))).toBeNull();
    expect(overdueDays(since, 5, at('2026-03-06T00:00:00Z'))).toBe(0);
    expect(overdueDays(since, 5, at('2026-03-08T12:00:00Z'))).toBe(2);
  });

  it('round-trips keys and rejects anything else', () => {
    const since = at('2026-03-01T08:00:00Z');
    const key = stuckKey('invitation_unanswered', 'eng_0123456789abcdef', since);
    expect(parseStuckKey(key)).toEqual({
      rule: 'invitation_unanswered',
      entityId: 'eng_0123456789abcdef',
      sinceMs: since.getTime(),
    });
    expect(parseStuckKey('invitation_unanswered.eng_0123.x')).toBeNull();
    expect(
      parseStuckKey(`unknown_rule.eng_0123456789abcdef.${since.getTime().toString(36)}`),
    ).toBeNull();
  });
});
