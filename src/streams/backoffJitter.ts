import type { Input } from '../events/inputs.js';

/**
 * The re-subscription backoff's randomness enters here, as data in the
 * logged `mesos.disconnected`, so the core stays pure and replays it.
 */
export function withBackoffJitter(random: () => number = Math.random): (input: Input) => Input {
  return (input) => (input.type === 'mesos.disconnected' ? { ...input, jitter: random() } : input);
}
