import type { Logger } from '../../adapters/logger.js';
import { whyIgnored } from '../../machines/ignoredInputs.js';
import type { Reaction } from '../reaction.js';

/** Says in the executor's log why an input was left alone, judged on the core as the input found it. */
export function logIgnoredInput(logger: Logger): Reaction {
  return ({ input: { input }, before }) => {
    const ignored = whyIgnored(before, input);
    if (ignored) logger[ignored.level]({ input }, ignored.reason);
  };
}
