import * as t from 'io-ts';
import { composeError, type ComposeError } from './composeError.js';
import { keyedMapping } from './keyedMapping.js';
import type { ComposeModel } from './model.js';
import { commandLine, environment } from './serviceValues.js';
import { decoder, expected, flag, list, text } from './valueCodecs.js';

/**
 * `post_start` and `pre_stop`: commands Compose runs in a service's
 * container through the Engine's exec API, right after it starts and right
 * before it stops (docker/compose pkg/compose/hook.go).
 */
export interface ServiceHook {
  readonly command: string[];
  readonly user?: string;
  readonly privileged?: boolean;
  readonly workingDir?: string;
  /** `null` for a bare `KEY`: Compose passes it as `KEY`, which the exec leaves as the container has it. */
  readonly environment?: Record<string, string | null>;
}

const hookUser = decoder<string>('a user', (u, c) => (typeof u === 'string' || (typeof u === 'number' && Number.isInteger(u)) ? t.success(String(u)) : expected('a user name or id', u, c)));

const hookFields = keyedMapping(
  'a hook',
  { command: commandLine, user: hookUser, privileged: flag, working_dir: text, environment },
  { required: { command: 'missing: a hook needs a command' } },
);

const hook = decoder<ServiceHook>('a hook', (u, c) => {
  const decoded = hookFields.validate(u, c);
  if (decoded._tag === 'Left') return decoded;
  const { command = [], user, privileged, working_dir: workingDir, environment: env } = decoded.right;
  return t.success({
    command,
    ...(user === undefined ? {} : { user }),
    ...(privileged === undefined ? {} : { privileged }),
    ...(workingDir === undefined ? {} : { workingDir }),
    ...(env === undefined ? {} : { environment: env }),
  });
});

/** `post_start` and `pre_stop`: a list of hooks, run in order. */
export const serviceHooks = list(hook, 'a list of hooks');

/** A privileged hook gets every host capability for its command: behind `policy.privileged`, as a privileged service. */
export const hookPolicyViolations = (model: ComposeModel, privilegedAllowed: boolean, file: string): ComposeError[] =>
  privilegedAllowed
    ? []
    : Object.entries(model.services).flatMap(([name, service]) =>
        (['post_start', 'pre_stop'] as const).flatMap((key) =>
          ((key === 'post_start' ? service.postStart : service.preStop) ?? []).flatMap((h, i) =>
            h.privileged === true
              ? [composeError(file, `services.${name}.${key}[${i}].privileged`, "a privileged hook is denied by the executor's policy (policy.privileged)")]
              : [],
          ),
        ),
      );
