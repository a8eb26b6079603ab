import type { StatusOutbox } from '../../adapters/statusUpdates.js';
import type { Reaction } from '../reaction.js';

/** An update the agent acknowledged leaves the outbox: it is neither resent nor offered again on SUBSCRIBE. */
export function acknowledgeUpdates(outbox: StatusOutbox): Reaction {
  return ({ input: { input } }) => {
    if (input.type === 'mesos.acknowledged') outbox.acknowledge(input.uuid);
  };
}
