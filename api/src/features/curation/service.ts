import { ApiError } from '../../lib/errors.js';
import { toWireDate } from '../../lib/time.js';
import { actorRef, isCompanyUser, type Actor } from '../access/actor.js';
import { forbidden } from '../access/policy.js';
import { engagementStatuses } from '../engagements/schemas.js';
import { newEvent } from '../events/outbox.js';
import type { ProblemDoc } from '../problems/repository.js';
import type { Repositories } from '../repositories.js';
import { notFound } from '../shared/versioned.js';
import { newProposalId, type ProposalDoc } from './repository.js';
import {
  curatedFields,
  type Proposal,
  type ProblemChanges,
  type BoardQuerySchema,
  type MergeSchema,
  type OfficeEditSchema,
} from './schemas.js';
import type { z } from '@hono/zod-openapi';

const missingProblem = { zh: '难题', en: 'problem' };
const finished = new Set(['solved', 'closed', 'withdrawn']);
const day = (date: Date) => toWireDate(date).slice(0, 10);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function toProposal(doc: ProposalDoc): Proposal {
  return {
    id: doc._id,
    problemId: doc.problemId,
    problemTitle: doc.problemTitle,
    companyId: doc.companyId,
    status: doc.status,
    changes: doc.changes,
    before: doc.before,
    ...(doc.note ? { note: doc.note } : {}),
    ...(doc.consent ? { consent: doc.consent } : {}),
    proposedBy: doc.proposedBy,
    proposedAt: toWireDate(doc.proposedAt),
    ...(doc.decidedBy ? { decidedBy: doc.decidedBy } : {}),
    ...(doc.decidedAt ? { decidedAt: toWireDate(doc.decidedAt) } : {}),
    ...(doc.decisionNote ? { decisionNote: doc.decisionNote } : {}),
  };
}

function notEditable(status: string) {
  return new ApiError('INVALID_TRANSITION', {
    message: { zh: '已结束的难题不能再修改。', en: 'A finished problem cannot be edited.' },
    details: { state: status, allowed: [] },
  });
}

/** The changes that really change something, and the values they replace. */
function diff(doc: ProblemDoc, changes: ProblemChanges) {
  const changed: Record<string, unknown> = {};
  const before: Record<string, unknown> = {};
  for (const key of curatedFields) {
    const value = changes[key];
    if (value === undefined || same(value, doc[key])) continue;
    changed[key] = value;
    before[key] = doc[key];
  }
  if (Object.keys(changed).length === 0) {
    throw new ApiError('VALIDATION_FAILED', {
      message: { zh: '没有需要修改的内容。', en: 'Nothing would change.' },
      details: { fieldErrors: { changes: ['unchanged'] } },
    });
  }
  return { changed: changed as ProblemChanges, before: before as ProblemChanges };
}

const consentWords = {
  phone: '电话 phone',
  wechat: '微信 WeChat',
  email: '邮件 email',
  in_person: '当面 in person',
  document: '书面 document',
} as const;

/**
 * An officer's edit of a company's problem. With consent the company gave outside the platform
 * (phone, WeChat…) it is applied at once and the consent is written into the event; without it
 * it waits as a proposal that only the company can accept.
 */
export async function proposeEdit(
  repos: Repositories,
  actor: Actor,
  problemId: string,
  body: z.infer<typeof OfficeEditSchema>,
  now: Date,
): Promise<Proposal> {
  const doc = await repos.problems.get(problemId);
  if (!doc) throw notFound(missingProblem);
  if (finished.has(doc.status)) throw notEditable(doc.status);
  const { changed, before } = diff(doc, body.changes);
  const who = actorRef(actor);
  const proposal: ProposalDoc = {
    _id: newProposalId(),
    problemId: doc._id,
    problemTitle: doc.title,
    companyId: doc.companyId,
    status: body.consent ? 'applied' : 'pending',
    changes: changed,
    before,
    ...(body.note ? { note: body.note } : {}),
    ...(body.consent ? { consent: body.consent } : {}),
    proposedBy: who,
    proposedAt: now,
  };
  const fields = Object.keys(changed).join(', ');
  if (body.consent) {
    await repos.curation.applyChanges(doc, body.rev, changed, {
      action: 'office_edit',
      note: `company consent obtained by ${consentWords[body.consent.channel]}: ${body.consent.note} · ${proposal._id} · fields: ${fields}`,
      actor: who,
      at: now,
    });
    await repos.curation.insertProposal({ ...proposal, decidedBy: who, decidedAt: now });
  } else {
    if (doc.rev !== body.rev) {
      throw new ApiError('CONFLICT', {
        message: {
          zh: '该记录已被他人修改，请刷新后再试。',
          en: 'Someone else changed this record; reload and try again.',
        },
        details: { reason: 'stale_rev', currentRev: doc.rev },
      });
    }
    await repos.curation.insertProposal(proposal);
    await repos.curation.note(
      newEvent({
        entity: 'problem',
        entityId: doc._id,
        type: 'note',
        action: 'edit_proposed',
        note: `${proposal._id} · fields: ${fields}${body.note ? ` · ${body.note}` : ''}`,
        actor: who,
        at: now,
        refs: [doc.companyId],
      }),
    );
  }
  return toProposal(proposal);
}

/** The company accepts or turns down an officer's proposal; nobody else decides for it. */
export async function decideProposal(
  repos: Repositories,
  actor: Actor,
  proposalId: string,
  decision: 'accept' | 'reject',
  note: string | undefined,
  now: Date,
): Promise<Proposal> {
  const initial = await repos.curation.getProposal(proposalId);
  if (!initial) throw notFound({ zh: '修改建议', en: 'edit proposal' });
  if (!isCompanyUser(actor) || actor.organisationId !== initial.companyId) {
    throw forbidden({
      zh: '只有发布该难题的企业可以确认或拒绝人才办的修改建议。',
      en: 'Only the company that posted the problem may accept or reject the office’s proposal.',
    });
  }
  return repos.curation.withProposalLock(proposalId, async () => {
    const proposal = await repos.curation.getProposal(proposalId);
    if (proposal?.status !== 'pending') {
      throw new ApiError('INVALID_TRANSITION', {
        message: { zh: '该修改建议已处理。', en: 'This proposal was decided already.' },
        details: { state: proposal?.status, allowed: [] },
      });
    }
    const doc = await repos.problems.get(proposal.problemId);
    if (!doc) throw notFound(missingProblem);
    const who = actorRef(actor);
    const proposer = `${proposal.proposedBy.name} (${proposal.proposedBy.userId}) ${day(proposal.proposedAt)}`;
    const fields = Object.keys(proposal.changes).join(', ');
    if (decision === 'accept') {
      if (finished.has(doc.status)) throw notEditable(doc.status);
      const outdated = Object.keys(proposal.changes).filter(
        (key) =>
          !same(doc[key as keyof ProblemChanges], proposal.before[key as keyof ProblemChanges]),
      );
      if (outdated.length > 0) {
        throw new ApiError('CONFLICT', {
          message: {
            zh: '难题在建议提出后已被修改，该建议已过时，请人才办重新提出。',
            en: 'The problem changed after the proposal was made; the office must propose again.',
          },
          details: { reason: 'proposal_outdated', fields: outdated },
        });
      }
      await repos.curation.applyChanges(doc, doc.rev, proposal.changes, {
        action: 'office_edit_accepted',
        note: `${proposal._id} proposed by ${proposer}, accepted by the company · fields: ${fields}${note ? ` · ${note}` : ''}`,
        actor: who,
        at: now,
      });
    } else {
      await repos.curation.note(
        newEvent({
          entity: 'problem',
          entityId: doc._id,
          type: 'note',
          action: 'edit_rejected',
          note: `${proposal._id} proposed by ${proposer}, rejected by the company${note ? ` · ${note}` : ''}`,
          actor: who,
          at: now,
          refs: [doc.companyId],
        }),
      );
    }
    const decided = {
      status: decision === 'accept' ? ('accepted' as const) : ('rejected' as const),
      decidedBy: who,
      decidedAt: now,
      ...(note ? { decisionNote: note } : {}),
    };
    await repos.curation.setDecision(proposalId, decided);
    return toProposal({ ...proposal, ...decided });
  });
}

/**
 * Merges a duplicate into its canonical problem (same company only: engagements carry the
 * right to read the problem in full, which must not cross companies). Every engagement moves to
 * the canonical problem with its history, unless the same expert already has one there; that
 * one stays on the duplicate and is reported. The duplicate is then closed (a draft withdrawn)
 * with reason `duplicate`, and is left out of the statistics.
 */
export async function mergeProblems(
  repos: Repositories,
  actor: Actor,
  duplicateId: string,
  body: z.infer<typeof MergeSchema>,
  now: Date,
) {
  if (duplicateId === body.into) {
    throw new ApiError('VALIDATION_FAILED', {
      message: { zh: '不能将难题合并到它自身。', en: 'A problem cannot be merged into itself.' },
      details: { fieldErrors: { into: ['same problem'] } },
    });
  }
  const [duplicate, canonical] = await Promise.all([
    repos.problems.get(duplicateId),
    repos.problems.get(body.into),
  ]);
  if (!duplicate || !canonical) throw notFound(missingProblem);
  if (duplicate.companyId !== canonical.companyId) {
    throw new ApiError('VALIDATION_FAILED', {
      message: {
        zh: '只能合并同一企业发布的难题。',
        en: 'Only problems of the same company can be merged.',
      },
      details: { fieldErrors: { into: ['another company'] } },
    });
  }
  if (finished.has(duplicate.status)) {
    throw new ApiError('INVALID_TRANSITION', {
      message: { zh: '该难题已结束，不能再合并。', en: 'This problem has ended already.' },
      details: { state: duplicate.status, action: 'merge', allowed: [] },
    });
  }
  if (canonical.status === 'closed' || canonical.status === 'withdrawn') {
    throw new ApiError('INVALID_TRANSITION', {
      message: {
        zh: '不能合并到已关闭或已撤回的难题。',
        en: 'The canonical problem is closed or withdrawn.',
      },
      details: { state: canonical.status, action: 'merge', allowed: [] },
    });
  }
  if (duplicate.rev !== body.rev) {
    throw new ApiError('CONFLICT', {
      message: {
        zh: '该记录已被他人修改，请刷新后再试。',
        en: 'Someone else changed this record; reload and try again.',
      },
      details: { reason: 'stale_rev', currentRev: duplicate.rev },
    });
  }
  const who = actorRef(actor);
  const onCanonical = new Set(
    (await repos.curation.engagementsOf(canonical._id)).map((e) => e.expertId),
  );
  const moved: string[] = [];
  const kept: string[] = [];
  for (const engagement of await repos.curation.engagementsOf(duplicate._id)) {
    if (onCanonical.has(engagement.expertId)) {
      kept.push(engagement._id);
      continue;
    }
    await repos.curation.moveEngagement(engagement, canonical, who, now);
    onCanonical.add(engagement.expertId);
    moved.push(engagement._id);
  }
  if (moved.length > 0 && duplicate.firstEngagedAt)
    await repos.curation.carryFirstEngagement(canonical._id, duplicate.firstEngagedAt);
  const closed = await repos.curation.closeAsDuplicate(
    duplicate,
    body.rev,
    canonical._id,
    who,
    body.note,
    now,
  );
  await repos.curation.note(
    newEvent({
      entity: 'problem',
      entityId: canonical._id,
      type: 'note',
      action: 'merged',
      note: `merged duplicate ${duplicate._id}; engagements moved: ${moved.length}, kept on the duplicate: ${kept.length}`,
      actor: who,
      at: now,
      refs: [canonical.companyId, duplicate._id],
    }),
  );
  return {
    duplicateId: duplicate._id,
    canonicalId: canonical._id,
    duplicateStatus: closed.status,
    moved,
    kept,
  };
}

/** The pairing board: engagements by status, narrowed by town, industry, university, expert. */
export async function pairingBoard(repos: Repositories, query: z.infer<typeof BoardQuerySchema>) {
  const [all, placeRows, universities] = await Promise.all([
    repos.curation.boardEngagements({
      ...(query.expertId ? { expertId: query.expertId } : {}),
      ...(query.universityId ? { universityId: query.universityId } : {}),
    }),
    repos.curation.problemPlaces(),
    repos.curation.universityNames(),
  ]);
  const places = new Map(placeRows.map((row) => [row._id, row]));
  const engagements = all.filter((e) => {
    const place = places.get(e.problemId);
    return (
      (!query.town || place?.town === query.town) &&
      (!query.industry || place?.industry === query.industry)
    );
  });
  const columns = engagementStatuses.map((status) => {
    const inColumn = engagements.filter((e) => e.status === status);
    return { status, count: inColumn.length, cards: inColumn.slice(0, query.limit) };
  });
  const distinct = (values: (string | undefined)[]) =>
    [...new Set(values.filter((v): v is string => Boolean(v)))].sort((a, b) =>
      a.localeCompare(b, 'zh'),
    );
  const facets = {
    towns: distinct(placeRows.map((row) => row.town)),
    industries: distinct(placeRows.map((row) => row.industry)),
  };
  const universityName = new Map(universities.map((u) => [u._id, u.name]));
  const experts = new Map<string, string>();
  for (const e of all) experts.set(e.expertId, e.expertName);
  return {
    columns: columns.map(({ status, count, cards }) => ({
      status,
      count,
      items: cards.map((e) => {
        const place = places.get(e.problemId);
        const university = universityName.get(e.universityId);
        return {
          id: e._id,
          problemId: e.problemId,
          problemTitle: e.problemTitle,
          ...(place?.companyName ? { companyName: place.companyName } : {}),
          ...(place?.town ? { town: place.town } : {}),
          ...(place?.industry ? { industry: place.industry } : {}),
          expertId: e.expertId,
          expertName: e.expertName,
          universityId: e.universityId,
          ...(university ? { universityName: university } : {}),
          ...(e.pairingId ? { pairingId: e.pairingId } : {}),
          status: e.status,
          updatedAt: toWireDate(e.updatedAt),
        };
      }),
    })),
    options: {
      towns: facets.towns,
      industries: facets.industries,
      universities: universities
        .map((u) => ({ id: u._id, name: u.name }))
        .sort((a, b) => a.name.localeCompare(b.name, 'zh')),
      experts: [...experts]
        .map(([id, name]) => ({ id, name }))
        .sort((a, b) => a.name.localeCompare(b.name, 'zh')),
    },
  };
}
