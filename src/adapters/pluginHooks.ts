import type { PodPlan } from '../compose/podPlan.js';

/**
 * The extension points a plugin may implement, one tiny interface each (as
 * Nomad's alloc runner hooks). A plugin module exports any of these methods,
 * as its default export or as named exports, with an optional `name`. The
 * executor calls them in the order the config lists the plugins; what they
 * return is logged before the core sees it, so a replay never calls them.
 */

/** The pod a hook is called for. `plan` is absent when the pod ended before it was planned. */
export interface PluginPod {
  taskId: string;
  plan?: PodPlan;
}

/** May edit the plan before any image is pulled: return the edited plan, or nothing to keep it. */
export interface BeforePullHook {
  beforePull(plan: PodPlan, pod: PluginPod): PodPlan | void | Promise<PodPlan | void>;
}

/** Once every service is up (and healthy, where it has a healthcheck), as TASK_RUNNING goes out. */
export interface AfterRunningHook {
  afterRunning(pod: PluginPod): void | Promise<void>;
}

/** Before the executor stops the pod's containers, whatever the reason. */
export interface BeforeKillHook {
  beforeKill(pod: PluginPod): void | Promise<void>;
}

/**
 * Once the pod has ended: its containers stopped, and removed with its
 * networks unless the config's `cleanup` keeps them. Its terminal update may
 * already be out, so a failure here is logged but cannot change the task's state.
 */
export interface AfterKillHook {
  afterKill(pod: PluginPod & { state: string }): void | Promise<void>;
}

/** The update about to go to the agent, as the core decided it. */
export interface PluginStatusUpdate {
  taskId: string;
  state: string;
  message?: string;
  reason?: string;
  healthy?: boolean;
  labels: Record<string, string>;
}

/** On every status update: labels to add to it (the core's own labels win a clash). */
export interface StatusUpdateHook {
  onStatusUpdate(update: PluginStatusUpdate): Record<string, string> | void | Promise<Record<string, string> | void>;
}

export const HOOKS = ['beforePull', 'afterRunning', 'beforeKill', 'afterKill', 'onStatusUpdate'] as const;
export type HookName = (typeof HOOKS)[number];

export type Plugin = { readonly name: string } & Partial<BeforePullHook & AfterRunningHook & BeforeKillHook & AfterKillHook & StatusUpdateHook>;
