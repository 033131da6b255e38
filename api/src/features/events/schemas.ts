import { z } from '@hono/zod-openapi';
import { ActorRefSchema } from '../access/actor.js';

export const eventEntities = [
  'organisation',
  'expert',
  'problem',
  'engagement',
  'programme',
  'pairing',
  'outcome',
  'user',
] as const;
export type EventEntity = (typeof eventEntities)[number];

export const eventTypes = [
  'created',
  'updated',
  'transition',
  'viewed',
  'note',
  'verification',
  'membership',
] as const;

export const EventSchema = z
  .object({
    id: z.string(),
    entity: z.enum(eventEntities),
    entityId: z.string(),
    type: z.enum(eventTypes),
    action: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    reasonCode: z.string().optional(),
    note: z.string().optional(),
    actor: ActorRefSchema,
    at: z.string().openapi({ example: '2026-11-27T15:30:00.000+08:00' }),
  })
  .openapi('Event');

export type Event = z.infer<typeof EventSchema>;
