import { defineMachine } from '../../lib/state-machine.js';
import { problemStatuses } from './schemas.js';

export const problemMachine = defineMachine('problem', problemStatuses, {
  publish: { from: ['draft'], to: 'open' },
  withdraw: { from: ['draft', 'open'], to: 'withdrawn' },
  start: { from: ['open'], to: 'in_progress' },
  solve: { from: ['in_progress'], to: 'solved' },
  close: { from: ['open', 'in_progress'], to: 'closed', needsReason: true },
});

export type ProblemAction = keyof typeof problemMachine.actions;
export const problemActions = Object.keys(problemMachine.actions) as ProblemAction[];
