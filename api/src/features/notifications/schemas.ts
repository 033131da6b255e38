import { z } from '@hono/zod-openapi';
import { maxPageSize } from '../../lib/pagination.js';

export const notificationKinds = [
  'invitation',
  'interest',
  'engagement_status',
  'visit_logged',
  'problem_status',
  'strong_match',
  'stuck_reminder',
  'saved_search_match',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/**
 * What a notification says, as data: the text is rendered in the reader's language when read,
 * so a notification written in Chinese reads in English after a language switch.
 */
export const NotificationParamsSchema = z
  .object({
    problemId: z.string().optional(),
    problemTitle: z.string().optional(),
    companyName: z.string().optional(),
    expertName: z.string().optional(),
    actorName: z.string().optional(),
    action: z.string().optional(),
    rule: z.string().optional(),
    overdueDays: z.number().optional(),
    score: z.number().optional(),
    note: z.string().optional(),
    searchName: z.string().optional(),
  })
  .openapi('NotificationParams');
export type NotificationParams = z.infer<typeof NotificationParamsSchema>;

export const NotificationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(notificationKinds),
    title: z.string().openapi({ example: '新的对接邀请' }),
    body: z.string(),
    params: NotificationParamsSchema,
    link: z.string().openapi({ description: 'A path of the web app', example: '/engagements' }),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .openapi('Notification');

export const NotificationPageSchema = z
  .object({
    items: z.array(NotificationSchema),
    nextCursor: z.string().nullable(),
    unreadCount: z.number().int(),
  })
  .openapi('NotificationPage');

export const NotificationListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(maxPageSize).default(20),
  cursor: z.string().max(500).optional(),
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .openapi({ description: 'true: unread ones only' }),
});

export const UnreadCountSchema = z
  .object({ unreadCount: z.number().int().min(0) })
  .openapi('NotificationUnreadCount');

export const ReadAllSchema = z.object({ updated: z.number().int() }).openapi('NotificationsRead');
export const NotificationIdSchema = z
  .string()
  .regex(/^ntf_[0-9a-f]{24}$/, 'not a valid notification id')
  .openapi({ example: 'ntf_0123456789abcdef01234567' });
