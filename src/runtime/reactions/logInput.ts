import type { Logger } from '../../adapters/logger.js';
import type { Reaction } from '../reaction.js';

/** Every input goes to the executor's log: malformed ones as errors, lost connections as warnings, the rest for debugging. */
export function logInput(logger: Logger): Reaction {
  return ({ input: { input } }) => {
    if (input.type.endsWith('malformed')) logger.error({ input }, 'input');
    else if (input.type.endsWith('disconnected') || input.type === 'mesos.unknown') logger.warn({ input }, 'input');
    else logger.debug({ input }, 'input');
  };
}
