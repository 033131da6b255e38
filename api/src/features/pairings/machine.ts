import { defineMachine } from '../../lib/state-machine.js';
import { pairingStatuses } from './schemas.js';

export const pairingMachine = defineMachine('pairing', pairingStatuses, {
  activate: { from: ['proposed'], to: 'active' },
  conclude: { from: ['active'], to: 'concluded' },
});

export type PairingAction = keyof typeof pairingMachine.actions;
export const pairingActions = Object.keys(pairingMachine.actions) as PairingAction[];
