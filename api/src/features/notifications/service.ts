import type { Semantic } from '../../semantic/service.js';
import type { Db } from 'mongodb';
import type { Logger } from '../../lib/logger.js';
import type { Mailer } from '../../lib/mailer.js';
import { createCorpus, type Corpus } from '../../matching/corpus.js';
import { matchExperts } from '../../matching/matcher.js';
import type { SearchEngine } from '../../search/index.js';
import type { EngagementDoc } from '../engagements/repository.js';
import { engagedStatuses } from '../engagements/schemas.js';
import { setEventSink, type EventDoc } from '../events/outbox.js';
import type { ProblemDoc } from '../problems/repository.js';
import type { Repositories } from '../repositories.js';
import { renderNotification } from './render.js';
import { notificationId, type NotificationDoc, type Recipient } from './repository.js';
import type { NotificationKind, NotificationParams } from './schemas.js';

/**
 * A new problem is announced to the few experts who fit it best, and only when the fit is
 * strong: the matcher's score (features in [0, 1], weights of matching/score.ts) at or above
 * `minScore`. In test/notifications an expert whose field, keywords and a publication fit the
 * problem scored 0.53, and an unrelated profile was not retrieved at all; tune against real
 * accepted engagements.
 */
export const strongMatch = { top: 3, minScore: 0.35 } as const;

export interface NotifierDeps {
  db: Db;
  repos: Repositories;
  search: SearchEngine;
  semantic?: Semantic | undefined;
  logger: Logger;
  mailer?: Mailer | undefined;
  webURL?: string | undefined;
}

export interface Delivery {
  recipients: readonly Recipient[];
  kind: NotificationKind;
  params: NotificationParams;
  link: string;
  sourceId: string;
  at: Date;
}

export interface Notifier {
  /** Takes stored events; producing their notifications happens after, and never throws. */
  handle(events: readonly EventDoc[]): void;
  /** Resolves once every event handed in so far has been processed (or failed and logged). */
  idle(): Promise<void>;
  /** Writes one notification per recipient (idempotent per source), and mails them if asked. */
  deliver(delivery: Delivery, options?: { mail?: boolean }): Promise<{ mailed: number }>;
  /**
   * Processes the events stored since the last checkpoint (less a margin), e.g. those a crash
   * left unannounced; a store without a checkpoint starts from now, so history is not replayed.
   * Returns how many events were processed.
   */
  catchUp(now: Date): Promise<number>;
}

// Events of writes still in flight when the checkpoint was taken may be older than it.
const catchUpMarginMs = 10 * 60_000;
const catchUpLimit = 10_000;

const notifiers = new WeakMap<Db, Notifier>();

/** The notifier of the app serving this store. */
export function notifierOf(db: Db): Notifier | undefined {
  return notifiers.get(db);
}

const problemActions = new Set(['publish', 'solve', 'close']);

/** Creates the store's notifier and makes it the listener of stored events. */
export function installNotifier(deps: NotifierDeps): Notifier {
  const { repos, logger } = deps;
  let corpus: Corpus | undefined;
  let chain: Promise<void> = Promise.resolve();

  const without = (recipients: readonly Recipient[], userId: string) =>
    recipients.filter((r) => r.userId !== userId);

  async function deliver(delivery: Delivery, options: { mail?: boolean } = {}) {
    const unique = [...new Map(delivery.recipients.map((r) => [r.userId, r])).values()];
    const docs: NotificationDoc[] = unique.map((recipient) => ({
      _id: notificationId(delivery.sourceId, recipient.userId, delivery.kind),
      userId: recipient.userId,
      kind: delivery.kind,
      params: delivery.params,
      link: delivery.link,
      sourceId: delivery.sourceId,
      createdAt: delivery.at,
    }));
    await repos.notifications.insertMany(docs);
    let mailed = 0;
    if (options.mail && deps.mailer) {
      const { title, body } = renderNotification(delivery.kind, delivery.params, 'zh');
      const en = renderNotification(delivery.kind, delivery.params, 'en');
      const link = deps.webURL ? new URL(delivery.link, deps.webURL).href : delivery.link;
      for (const recipient of unique) {
        try {
          await deps.mailer.send({
            to: recipient.email,
            subject: `${title} · ${en.title}`,
            text: `${recipient.name}：\n\n${body}\n\n${en.body}\n\n${link}\n\n— 结对 Jiedui`,
            kind: delivery.kind,
          });
          mailed++;
        } catch (error) {
          logger.warn({ err: error, to: recipient.email, kind: delivery.kind }, 'mail not sent');
        }
      }
    }
    return { mailed };
  }

  async function parties(engagement: EngagementDoc) {
    const [expert, company] = await Promise.all([
      repos.notifications.usersOfExpert(engagement.expertId),
      repos.notifications.usersOfCompany(engagement.companyId),
    ]);
    return { expert, company };
  }

  async function onEngagement(event: EventDoc) {
    const engagement = await repos.engagements.get(event.entityId);
    if (!engagement) return;
    const base = {
      problemId: engagement.problemId,
      problemTitle: engagement.problemTitle,
      expertName: engagement.expertName,
    };
    const problemLink = `/problems/${engagement.problemId}`;
    const { expert, company } = await parties(engagement);
    const actor = event.actor.userId;
    if (event.type === 'created') {
      if (event.to === 'invited') {
        const problem = await repos.problems.get(engagement.problemId);
        await deliver({
          recipients: without(expert, actor),
          kind: 'invitation',
          params: { ...base, ...(problem ? { companyName: problem.companyName } : {}) },
          link: '/engagements',
          sourceId: event._id,
          at: event.at,
        });
      } else if (event.to === 'interested') {
        await deliver({
          recipients: without(company, actor),
          kind: 'interest',
          params: base,
          link: problemLink,
          sourceId: event._id,
          at: event.at,
        });
      }
      return;
    }
    const kind: NotificationKind | undefined =
      event.type === 'transition'
        ? 'engagement_status'
        : event.type === 'note'
          ? 'visit_logged'
          : undefined;
    if (!kind) return;
    const params = {
      ...base,
      actorName: event.actor.name,
      ...(event.action ? { action: event.action } : {}),
    };
    await deliver({
      recipients: without(expert, actor),
      kind,
      params,
      link: '/engagements',
      sourceId: event._id,
      at: event.at,
    });
    await deliver({
      recipients: without(company, actor),
      kind,
      params,
      link: problemLink,
      sourceId: event._id,
      at: event.at,
    });
  }

  async function onProblem(event: EventDoc) {
    if (event.type !== 'transition' || !event.action || !problemActions.has(event.action)) return;
    const problem = await repos.problems.get(event.entityId);
    if (!problem) return;
    const actor = event.actor.userId;
    const params = {
      problemId: problem._id,
      problemTitle: problem.title,
      companyName: problem.companyName,
      action: event.action,
    };
    await deliver({
      recipients: without(await repos.notifications.usersOfCompany(problem.companyId), actor),
      kind: 'problem_status',
      params,
      link: `/problems/${problem._id}`,
      sourceId: event._id,
      at: event.at,
    });
    const engagements = await repos.engagements.ofProblem(problem._id);
    if (event.action !== 'publish') {
      const engaged = engagements.filter((e) =>
        (engagedStatuses as readonly string[]).includes(e.status),
      );
      for (const engagement of engaged) {
        await deliver({
          recipients: without(await repos.notifications.usersOfExpert(engagement.expertId), actor),
          kind: 'problem_status',
          params,
          link: '/engagements',
          sourceId: event._id,
          at: event.at,
        });
      }
      return;
    }
    await announceStrongMatches(event, problem, new Set(engagements.map((e) => e.expertId)));
  }

  /**
   * Tells the best-fitting experts of a newly published problem. The matcher scores only the
   * text those experts may read (a summary-only problem without its description), a private
   * problem is announced to nobody, and the notification carries its title alone.
   */
  async function announceStrongMatches(event: EventDoc, problem: ProblemDoc, engaged: Set<string>) {
    if (problem.confidentiality === 'private') return;
    const readable: ProblemDoc =
      problem.confidentiality === 'public'
        ? problem
        : { ...problem, description: '', desiredOutcome: '' };
    corpus ??= createCorpus(repos);
    const matches = await matchExperts(
      { repos, engine: deps.search, corpus, semantic: deps.semantic },
      readable,
      strongMatch.top * 2,
    );
    const strong = matches
      .filter((m) => m.score >= strongMatch.minScore && !engaged.has(m.expert._id))
      .slice(0, strongMatch.top);
    for (const match of strong) {
      await deliver({
        recipients: await repos.notifications.usersOfExpert(match.expert._id),
        kind: 'strong_match',
        params: { problemId: problem._id, problemTitle: problem.title, score: match.score },
        link: '/engagements',
        sourceId: event._id,
        at: event.at,
      });
    }
  }

  async function process(event: EventDoc) {
    try {
      if (event.entity === 'engagement') await onEngagement(event);
      else if (event.entity === 'problem') await onProblem(event);
    } catch (error) {
      logger.warn({ err: error, eventId: event._id }, 'notification not produced');
    }
  }

  async function advance(events: readonly EventDoc[]) {
    const latest = Math.max(...events.map((e) => e.at.getTime()));
    try {
      const current = await repos.notifications.checkpoint();
      if (!current || current.getTime() < latest)
        await repos.notifications.saveCheckpoint(new Date(latest));
    } catch (error) {
      logger.warn({ err: error }, 'notification checkpoint not saved');
    }
  }

  const enqueue = (events: readonly EventDoc[]) => {
    chain = chain.then(async () => {
      for (const event of events) await process(event);
      await advance(events);
    });
    return chain;
  };

  const notifier: Notifier = {
    handle(events) {
      const relevant = events.filter((e) => e.entity === 'engagement' || e.entity === 'problem');
      if (relevant.length > 0) void enqueue(relevant);
    },
    idle: () => chain,
    deliver,
    async catchUp(now) {
      const checkpoint = await repos.notifications.checkpoint();
      if (!checkpoint) {
        await repos.notifications.saveCheckpoint(now);
        return 0;
      }
      const pending = await repos.notifications.eventsSince(
        new Date(checkpoint.getTime() - catchUpMarginMs),
        catchUpLimit,
      );
      if (pending.length > 0) await enqueue(pending);
      return pending.length;
    },
  };
  notifiers.set(deps.db, notifier);
  setEventSink(deps.db, (events) => {
    notifier.handle(events);
  });
  return notifier;
}
