import * as t from 'io-ts';

/**
 * A framework's health check (TaskInfo.health_check) and check
 * (TaskInfo.check) as the executor runs them, with Mesos's defaults applied
 * (see mesos/checkInfo.ts), and what one run of either finds.
 */

/** A COMMAND check's CommandInfo: `shell` runs `value` with `/bin/sh -c`, otherwise `arguments` (or `value` alone) is the argv. */
export const CheckCommand = t.intersection([
  t.type({ shell: t.boolean }),
  t.partial({ value: t.string, arguments: t.array(t.string), environment: t.record(t.string, t.string) }),
]);
export type CheckCommand = t.TypeOf<typeof CheckCommand>;

/** What to probe, as the framework wrote it: `port` 0 stands for the pod's first published port. */
export const CheckProbe = t.union([
  t.intersection([t.type({ type: t.literal('HTTP'), port: t.number, path: t.string, scheme: t.keyof({ http: null, https: null }) }), t.partial({ ipv6: t.boolean })]),
  t.intersection([t.type({ type: t.literal('TCP'), port: t.number }), t.partial({ ipv6: t.boolean })]),
  t.type({ type: t.literal('COMMAND'), command: CheckCommand }),
]);
export type CheckProbe = t.TypeOf<typeof CheckProbe>;

/** CheckInfo: its probe and timing, in milliseconds; `timeoutMs` 0 waits for ever. */
export const FrameworkCheck = t.type({ probe: CheckProbe, delayMs: t.number, intervalMs: t.number, timeoutMs: t.number });
export type FrameworkCheck = t.TypeOf<typeof FrameworkCheck>;

/** HealthCheck: a check whose failures count, after a grace period, toward killing the task. */
export const FrameworkHealthCheck = t.intersection([FrameworkCheck, t.type({ consecutiveFailures: t.number, gracePeriodMs: t.number })]);
export type FrameworkHealthCheck = t.TypeOf<typeof FrameworkHealthCheck>;

/** Which of the two a run belongs to. */
export const CheckKind = t.keyof({ health: null, check: null });
export type CheckKind = t.TypeOf<typeof CheckKind>;

/** CheckStatusInfo: what the last run found; only `type` when it could not tell (refused, timed out). */
export const CheckStatus = t.intersection([
  t.type({ type: t.keyof({ HTTP: null, TCP: null, COMMAND: null }) }),
  t.partial({ statusCode: t.number, succeeded: t.boolean, exitCode: t.number }),
]);
export type CheckStatus = t.TypeOf<typeof CheckStatus>;

/** The container behind a published port: probed at its own address, as Mesos probes inside the task's network namespace. */
export const CheckContainer = t.type({ service: t.string, containerId: t.string, port: t.number });
export type CheckContainer = t.TypeOf<typeof CheckContainer>;

/**
 * The probe resolved against the running pod: the port on the agent and,
 * when it is one the pod publishes, the container behind it; or the
 * container to exec in.
 */
export const CheckTarget = t.union([
  t.intersection([
    t.type({ type: t.literal('HTTP'), host: t.string, port: t.number, path: t.string, scheme: t.keyof({ http: null, https: null }) }),
    t.partial({ container: CheckContainer }),
  ]),
  t.intersection([t.type({ type: t.literal('TCP'), host: t.string, port: t.number }), t.partial({ container: CheckContainer })]),
  t.intersection([
    t.type({ type: t.literal('COMMAND'), service: t.string, containerId: t.string, argv: t.array(t.string) }),
    t.partial({ environment: t.record(t.string, t.string) }),
  ]),
]);
export type CheckTarget = t.TypeOf<typeof CheckTarget>;
