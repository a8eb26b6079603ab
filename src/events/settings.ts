import * as t from 'io-ts';

/**
 * One settings shape from the config file to a task's labels to the
 * machines: the config file decodes into these fields (config/executorConfig.ts),
 * a task's `compose-executor.*` labels change some of them (config/taskConfig.ts),
 * the log header records the core's and replay decodes them again with these
 * codecs. The field names are the log's wire names: renaming one breaks every
 * recorded log.
 */

const ending = t.keyof({ remove: null, keep: null });

/** Per way of ending, whether the stopped containers stay for a person to inspect (`gc` removes them later). */
export const Cleanup = t.type({
  killed: ending,
  failed: ending,
  finished: ending,
  /** How long kept containers stay, told in the terminal update; `gc` enforces it. */
  keptForMs: t.number,
});
export type Cleanup = t.TypeOf<typeof Cleanup>;

/** `fail` ends the pod when a service stays unhealthy for `graceMs`; `report` only tells Mesos. */
export const Unhealthy = t.type({ policy: t.keyof({ fail: null, report: null }), graceMs: t.number });
export type Unhealthy = t.TypeOf<typeof Unhealthy>;

const podSettingProps = {
  /** Kill grace when neither the KILL nor the TaskInfo gives one (Mesos's own executors use 3 s). */
  defaultKillGraceMs: t.number,
  /** Pull, create, start and become healthy within this, or the task fails. */
  launchTimeoutMs: t.number,
  unhealthy: Unhealthy,
  cleanup: Cleanup,
};
// Logs recorded before the setting existed lack it: absent means false.
const podSettingExtras = {
  /** A fixed host port (`"80:80"`) the offer lacks fails the task, instead of taking an offered port. */
  exactHostPorts: t.boolean,
};

/** The settings each pod is launched with: the config file's, or a task's labels' over them. */
export const PodSettings = t.intersection([t.type(podSettingProps), t.partial(podSettingExtras)]);
export type PodSettings = t.TypeOf<typeof PodSettings>;

/** What a task's `compose-executor.*` labels changed of the pod settings the config file gives. */
export const TaskSettings = t.partial({ ...podSettingProps, ...podSettingExtras });
export type TaskSettings = t.TypeOf<typeof TaskSettings>;

/** The executor session's own settings: from the agent's environment and the config file, read once at start. */
export const ExecutorSettings = t.type({
  checkpoint: t.boolean,
  shutdownGraceMs: t.number,
  recoveryTimeoutMs: t.number,
  subscriptionBackoffMaxMs: t.number,
  /** How long to wait for the agent to acknowledge terminal updates before exiting anyway. */
  acknowledgementWaitMs: t.number,
});
export type ExecutorSettings = t.TypeOf<typeof ExecutorSettings>;

/**
 * What the core starts on, as the log header records it. `logVersion`: the
 * version of the decisions the log was recorded under; a change that must
 * decide old logs differently gates on it (absent: the first).
 */
export const CoreSettings = t.intersection([ExecutorSettings, PodSettings, t.partial({ logVersion: t.number })]);
export type CoreSettings = t.TypeOf<typeof CoreSettings>;

const POD_SETTING_KEYS = [...Object.keys(podSettingProps), ...Object.keys(podSettingExtras)] as Array<keyof PodSettings>;

/** The pod settings of a larger settings value (the core's, the config file's), nothing else. */
export function podSettingsOf(settings: PodSettings): PodSettings {
  const picked: Partial<Record<keyof PodSettings, unknown>> = {};
  for (const key of POD_SETTING_KEYS) if (settings[key] !== undefined) picked[key] = settings[key];
  return picked as PodSettings;
}
