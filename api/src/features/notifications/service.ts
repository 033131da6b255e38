import type { Semantic } from '../../semantic/service.js';
import type { Db } from 'mongodb';
import type { Logger } from '../../lib/logger.js';
import type { Mailer } from '../../lib/mailer.js';
import { createCorpus, type Corpus } from '../../matching/corpus.js';
import { matchExperts } from '../../matching/matcher.js';
import type { SearchEngine } from '../../search/index.js';
import type { EngagementDoc } from '../engagements/repository.js';
import { engagedStatuses } from '../engagements/schemas.js';
import { listenToEvents, type EventDoc } from '../events/outbox.js';
import type { ProblemDoc } from '../problems/repository.js';
import type { Repositories } from '../repositories.js';
import { textTerms } from '../../matching/text.js';
import { readableProblemText, savedQueryMatches } from '../saved-searches/alerts.js';
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
  /** Stops hearing stored events, as a process that died before announcing them would. */
  detach(): void;
  /** Hears stored events again (the state `installNotifier` leaves it in). */
  attach(): void;
}

// Events of writes still in flight when the checkpoint was taken may be older than it.
const catchUpMarginMs = 10 * 60_000;
const catchUpLimit = 10_000;

// One notifier per store: an app created again on the same store replaces the previous one, so
// that every stored event is handled once.
const notifiers = new WeakMap<Db, Notifier>();

/** The notifier of the app serving this store. */
export function notifierOf(db: Db): Notifier | undefined {
  return notifiers.get(db);
}

const problemActions = new Set(['publish', 'solve', 'close']);

/** The fields an `updated` event says were changed (problems/repository.ts writes the note). */
const changedFields = (event: EventDoc) =>
  event.note?.startsWith('fields: ') ? event.note.slice('fields: '.length).split(', ') : [];

/** Creates the store's notifier and makes it a listener of stored events (the only notifier). */
export function installNotifier(deps: NotifierDeps): Notifier {
  const { repos, logger } = deps;
  let corpus: Corpus | undefined;
  let chain: Promise<void> = Promise.resolve();
  let stopListening: (() => void) | undefined;

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
    if (event.type === 'updated') {
      // A published problem made readable to experts (private → summary or public) is news to
      // saved searches as a publication is; the update event lists the changed fields.
      if (!changedFields(event).includes('confidentiality')) return;
      const problem = await repos.problems.get(event.entityId);
      if (problem) await announceSavedSearchMatches(event, problem);
      return;
    }
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
    await announceSavedSearchMatches(event, problem);
    await announceStrongMatches(event, problem, new Set(engagements.map((e) => e.expertId)));
  }

  /**
   * Tells the experts whose saved problem searches with `notify` on match an open problem they
   * may read, once per problem and saved search (the notification's source is that pair, so a
   * later publication or confidentiality change of the same problem tells nobody twice). Like a
   * strong match, it carries only the title.
   */
  async function announceSavedSearchMatches(event: EventDoc, problem: ProblemDoc) {
    if (problem.status !== 'open' || problem.confidentiality === 'private') return;
    const searches = await repos.savedSearches.notifying('problems');
    if (searches.length === 0) return;
    const terms = new Set(textTerms(readableProblemText(problem)));
    for (const search of searches) {
      if (!savedQueryMatches(search.query, problem, terms)) continue;
      const user = await repos.notifications.userById(search.userId);
      if (user?.role !== 'expert') continue;
      await deliver({
        recipients: [user],
        kind: 'saved_search_match',
        params: { problemId: problem._id, problemTitle: problem.title, searchName: search.name },
        link: `/problems/${problem._id}`,
        sourceId: `${problem._id}|${search._id}`,
        at: event.at,
      });
    }
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
    catchUp(now) {
      // In the queue, so that the checkpoint is read before any event heard meanwhile moves it.
      const run = chain.then(async () => {
        const checkpoint = await repos.notifications.checkpoint();
        if (!checkpoint) {
          await repos.notifications.saveCheckpoint(now);
          return 0;
        }
        const pending = await repos.notifications.eventsSince(
          new Date(checkpoint.getTime() - catchUpMarginMs),
          catchUpLimit,
        );
        for (const event of pending) await process(event);
        if (pending.length > 0) await advance(pending);
        return pending.length;
      });
      chain = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
    detach() {
      stopListening?.();
      stopListening = undefined;
    },
    attach() {
      stopListening ??= listenToEvents(deps.db, (events) => {
        notifier.handle(events);
      });
    },
  };
  notifiers.get(deps.db)?.detach();
  notifiers.set(deps.db, notifier);
  notifier.attach();
  return notifier;
}
