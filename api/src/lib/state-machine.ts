import { ApiError } from './errors.js';

export interface TransitionSpec<S extends string> {
  from: readonly S[];
  to: S;
  /** The action needs a reason code from the machine's fixed list. */
  needsReason?: boolean;
}

export interface Machine<S extends string, A extends string> {
  readonly name: string;
  readonly states: readonly S[];
  readonly actions: Readonly<Record<A, TransitionSpec<S>>>;
  /** The actions allowed from a state, in declaration order. */
  allowed(state: S): A[];
  /**
   * The target state of `action` from `state`; throws INVALID_TRANSITION (409) naming the
   * allowed actions otherwise.
   */
  check(state: S, action: A): S;
}

/** An explicit state machine: every legal move is listed, everything else is a 409. */
export function defineMachine<S extends string, A extends string>(
  name: string,
  states: readonly S[],
  actions: Record<A, TransitionSpec<S>>,
): Machine<S, A> {
  const names = Object.keys(actions) as A[];
  const allowed = (state: S) => names.filter((action) => actions[action].from.includes(state));
  return {
    name,
    states,
    actions,
    allowed,
    check(state, action) {
      const spec = actions[action];
      if (!spec.from.includes(state)) {
        const options = allowed(state);
        throw new ApiError('INVALID_TRANSITION', {
          message: {
            zh: `当前状态「${state}」不能执行「${action}」。可执行：${options.join('、') || '无'}。`,
            en: `Cannot ${action} a ${name} that is ${state}. Allowed: ${options.join(', ') || 'none'}.`,
          },
          details: { entity: name, state, action, allowed: options },
        });
      }
      return spec.to;
    },
  };
}
