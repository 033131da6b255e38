import { createRoute, z } from '@hono/zod-openapi';
import type { Lang } from '../../lib/i18n.js';
import { errors, json, jsonBody } from '../../lib/openapi.js';
import { createRouter } from '../../lib/router.js';
import { toWireDate } from '../../lib/time.js';
import { requireActor } from '../access/policy.js';
import { notFound } from '../shared/versioned.js';
import { renderNotification } from './render.js';
import type { NotificationDoc } from './repository.js';
import {
  NotificationIdSchema,
  NotificationListQuerySchema,
  NotificationPageSchema,
  NotificationSchema,
  ReadAllSchema,
  UnreadCountSchema,
} from './schemas.js';
import { notifierOf } from './service.js';

const tags = ['notifications'];
const EmptyBodySchema = z.object({}).openapi('NotificationReadBody');

export function toNotification(doc: NotificationDoc, lang: Lang) {
  return {
    id: doc._id,
    kind: doc.kind,
    ...renderNotification(doc.kind, doc.params, lang),
    params: doc.params,
    link: doc.link,
    createdAt: toWireDate(doc.createdAt),
    readAt: doc.readAt ? toWireDate(doc.readAt) : null,
  };
}

// Notifications of writes this process just made are produced right after the write; a read
// waits for them briefly, so that the invited expert's next page already shows the invitation.
const settleMs = 2_000;

const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Your notifications, newest first, with your unread count',
  request: { query: NotificationListQuerySchema },
  responses: { 200: json(NotificationPageSchema, 'A page'), ...errors(401) },
});

// The navigation badge on every page: one read of the user's counter by `_id`, never waiting
// for notifications still being produced (the inbox above does that).
const unreadCount = createRoute({
  method: 'get',
  path: '/unread-count',
  tags,
  summary: 'How many of your notifications are unread (cheap: for a badge on every page)',
  responses: { 200: json(UnreadCountSchema, 'The count'), ...errors(401) },
});

const read = createRoute({
  method: 'post',
  path: '/{id}/read',
  tags,
  summary: 'Mark one of your notifications read',
  request: { params: z.object({ id: NotificationIdSchema }), body: jsonBody(EmptyBodySchema) },
  responses: { 200: json(NotificationSchema, 'Read'), ...errors(401, 404) },
});

const readAll = createRoute({
  method: 'post',
  path: '/read-all',
  tags,
  summary: 'Mark all your notifications read',
  request: { body: jsonBody(EmptyBodySchema) },
  responses: { 200: json(ReadAllSchema, 'How many were unread'), ...errors(401) },
});

export const notificationRoutes = createRouter()
  .openapi(list, async (c) => {
    const actor = requireActor(c.get('actor'));
    const repos = c.get('repos');
    const notifier = notifierOf(c.get('deps').db);
    if (notifier) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        notifier.idle(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, settleMs);
        }),
      ]);
      clearTimeout(timer);
    }
    const query = c.req.valid('query');
    const [page, unreadCount] = await Promise.all([
      repos.notifications.list(actor.userId, query),
      repos.notifications.unreadCount(actor.userId),
    ]);
    const lang = c.get('lang');
    return c.json(
      {
        items: page.items.map((doc) => toNotification(doc, lang)),
        nextCursor: page.nextCursor,
        unreadCount,
      },
      200,
    );
  })
  .openapi(unreadCount, async (c) => {
    const actor = requireActor(c.get('actor'));
    const count = await c.get('repos').notifications.unreadCounter(actor.userId);
    return c.json({ unreadCount: count }, 200);
  })
  .openapi(readAll, async (c) => {
    const actor = requireActor(c.get('actor'));
    const updated = await c.get('repos').notifications.markAllRead(actor.userId, c.get('now')());
    return c.json({ updated }, 200);
  })
  .openapi(read, async (c) => {
    const actor = requireActor(c.get('actor'));
    const doc = await c
      .get('repos')
      .notifications.markRead(actor.userId, c.req.valid('param').id, c.get('now')());
    // Someone else's notification is as absent as one that does not exist.
    if (!doc) throw notFound({ zh: '通知', en: 'notification' });
    return c.json(toNotification(doc, c.get('lang')), 200);
  });
