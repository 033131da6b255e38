import { defineMachine } from '../../lib/state-machine.js';
import { engagementStatuses } from './schemas.js';

export const engagementMachine = defineMachine('engagement', engagementStatuses, {
  accept: { from: ['invited', 'interested'], to: 'accepted' },
  decline: { from: ['invited', 'interested'], to: 'declined', needsReason: true },
  activate: { from: ['accepted'], to: 'active' },
  solve: { from: ['active'], to: 'solved' },
  abandon: { from: ['accepted', 'active'], to: 'abandoned', needsReason: true },
});

export type EngagementAction = keyof typeof engagementMachine.actions;
export const engagementActions = Object.keys(engagementMachine.actions) as EngagementAction[];
