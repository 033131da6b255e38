import { createRoute } from '@hono/zod-openapi';
import { errors, json, jsonBody } from '../../lib/openapi.js';
import { createRouter } from '../../lib/router.js';
import { toWireDate } from '../../lib/time.js';
import { actorRef } from '../access/actor.js';
import { requireOffice } from '../access/policy.js';
import { notifierOf } from '../notifications/service.js';
import { staleRev } from '../shared/versioned.js';
import type { StuckRuleOverrides } from './rules.js';
import {
  StuckCaseLogSchema,
  StuckContactInputSchema,
  StuckKeyParams,
  StuckListQuerySchema,
  StuckListSchema,
  StuckLogEntrySchema,
  StuckRemindInputSchema,
  StuckResolveInputSchema,
  StuckRulesInputSchema,
  StuckRulesSchema,
} from './schemas.js';
import {
  computeStuck,
  entryId,
  loadRules,
  loadStuckItem,
  record,
  remind,
  toLogEntry,
  toRule,
  toStuckItem,
} from './service.js';

const tags = ['stuck'];

const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Stuck items past their SLA, most overdue first, with their coordination logs (office)',
  request: { query: StuckListQuerySchema },
  responses: { 200: json(StuckListSchema, 'The stuck list now'), ...errors(401, 403) },
});

const getRules = createRoute({
  method: 'get',
  path: '/rules',
  tags,
  summary: 'The SLA rules in force (office)',
  responses: { 200: json(StuckRulesSchema, 'Rules'), ...errors(401, 403) },
});

const putRules = createRoute({
  method: 'put',
  path: '/rules',
  tags,
  summary: 'Change the days of SLA rules or switch them off (office)',
  request: { body: jsonBody(StuckRulesInputSchema) },
  responses: { 200: json(StuckRulesSchema, 'Saved'), ...errors(401, 403, 409) },
});

const log = createRoute({
  method: 'post',
  path: '/{key}/log',
  tags,
  summary: 'Record a coordination contact: who, how, when, what was agreed (office)',
  request: { params: StuckKeyParams, body: jsonBody(StuckContactInputSchema) },
  responses: { 201: json(StuckCaseLogSchema, 'Logged'), ...errors(401, 403, 404, 409) },
});

const remindRoute = createRoute({
  method: 'post',
  path: '/{key}/remind',
  tags,
  summary: 'Remind the responsible parties in-app and by mail, and log it (office)',
  request: { params: StuckKeyParams, body: jsonBody(StuckRemindInputSchema) },
  responses: { 201: json(StuckLogEntrySchema, 'Reminded'), ...errors(401, 403, 404, 409) },
});

const resolve = createRoute({
  method: 'post',
  path: '/{key}/resolve',
  tags,
  summary: 'Close a stuck item with a note; it leaves the list (office)',
  request: { params: StuckKeyParams, body: jsonBody(StuckResolveInputSchema) },
  responses: { 200: json(StuckCaseLogSchema, 'Resolved'), ...errors(401, 403, 404, 409) },
});

export const stuckRoutes = createRouter()
  .openapi(list, async (c) => {
    requireOffice(c.get('actor'));
    const now = c.get('now')();
    const lang = c.get('lang');
    const query = c.req.valid('query');
    const { rules, items } = await computeStuck(c.get('repos'), c.get('deps').db, now);
    const counts = new Map<string, number>();
    for (const item of items) counts.set(item.rule, (counts.get(item.rule) ?? 0) + 1);
    const selected = query.rule ? items.filter((item) => item.rule === query.rule) : items;
    return c.json(
      {
        now: toWireDate(now),
        rules: rules.map((rule) => ({ ...toRule(rule, lang), count: counts.get(rule.id) ?? 0 })),
        total: selected.length,
        items: selected.slice(0, query.limit).map(toStuckItem),
      },
      200,
    );
  })
  .openapi(getRules, async (c) => {
    requireOffice(c.get('actor'));
    const { rev, rules } = await loadRules(c.get('repos'));
    return c.json({ rev, rules: rules.map((rule) => toRule(rule, c.get('lang'))) }, 200);
  })
  .openapi(putRules, async (c) => {
    const actor = requireOffice(c.get('actor'));
    const repos = c.get('repos');
    const body = c.req.valid('json');
    const current = await repos.stuck.rules();
    const next: StuckRuleOverrides = { ...current.rules };
    for (const rule of body.rules) next[rule.id] = { days: rule.days, enabled: rule.enabled };
    const saved = await repos.stuck.saveRules(body.rev, next, actorRef(actor), c.get('now')());
    if (!saved.ok) throw staleRev(saved.rev);
    const { rev, rules } = await loadRules(repos);
    return c.json({ rev, rules: rules.map((rule) => toRule(rule, c.get('lang'))) }, 200);
  })
  .openapi(log, async (c) => {
    const actor = requireOffice(c.get('actor'));
    const repos = c.get('repos');
    const now = c.get('now')();
    const item = await loadStuckItem(repos, c.req.valid('param').key, now);
    const body = c.req.valid('json');
    const saved = await record(repos, item, {
      id: entryId(),
      kind: 'contact',
      at: now,
      by: actorRef(actor),
      contact: body.contact,
      channel: body.channel,
      contactedAt: body.contactedAt ?? now,
      agreed: body.agreed,
    });
    return c.json({ key: saved._id, resolved: false, log: saved.log.map(toLogEntry) }, 201);
  })
  .openapi(remindRoute, async (c) => {
    const actor = requireOffice(c.get('actor'));
    const repos = c.get('repos');
    const now = c.get('now')();
    const deps = c.get('deps');
    const item = await loadStuckItem(repos, c.req.valid('param').key, now);
    const { note } = c.req.valid('json');
    const entry = await remind(
      { repos, notifier: notifierOf(deps.db), mailer: deps.mailer },
      item,
      { actor: actorRef(actor), ...(note ? { note } : {}), now },
    );
    return c.json(toLogEntry(entry), 201);
  })
  .openapi(resolve, async (c) => {
    const actor = requireOffice(c.get('actor'));
    const repos = c.get('repos');
    const now = c.get('now')();
    const item = await loadStuckItem(repos, c.req.valid('param').key, now);
    const saved = await record(
      repos,
      item,
      {
        id: entryId(),
        kind: 'resolution',
        at: now,
        by: actorRef(actor),
        note: c.req.valid('json').note,
      },
      { resolve: true },
    );
    return c.json({ key: saved._id, resolved: true, log: saved.log.map(toLogEntry) }, 200);
  });
