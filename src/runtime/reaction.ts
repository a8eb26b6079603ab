import type { LoopStep } from './executorLoop.js';

/**
 * What the runtime does once an input is folded, logged and its commands
 * handed out: effects that decide nothing, so replay need not show them.
 * One file a reaction under reactions/; they run in the order given.
 */
export type Reaction = (step: LoopStep) => void;

export function inOrder(reactions: readonly Reaction[]): Reaction {
  return (step) => reactions.forEach((reaction) => reaction(step));
}
