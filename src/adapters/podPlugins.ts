import { PodPlan } from '../compose/podPlan.js';
import type { CommandOf } from '../events/commands.js';
import { decodeWith } from '../events/codec.js';
import type { Input } from '../events/inputs.js';
import type { Logger } from './logger.js';
import type { HookName, Plugin, PluginPod } from './pluginHooks.js';

/** A hook that hangs must not hold the pod for ever. */
export const HOOK_TIMEOUT_MS = 10_000;

export type EditedPlan = { ok: true; plan: PodPlan } | { ok: false; message: string };

/**
 * Calls the plugins' hooks for the adapters, in the config's order. What a
 * hook changes enters the log as an input (the edited plan, the added
 * labels); a hook that fails is reported as `plugin.failed` naming it.
 */
export class PodPlugins {
  private readonly kills = new Map<string, Promise<void>>();
  private readonly running = new Set<string>();
  private readonly ended = new Set<string>();
  private readonly underWay = new Set<Promise<void>>();

  constructor(
    private readonly plugins: readonly Plugin[],
    private readonly feedback: (input: Input) => void,
    private readonly logger: Logger,
    /** The pod's plan as the core holds it, for the hooks that want it. */
    private readonly planOf: (taskId: string) => PodPlan | undefined,
    private readonly timeoutMs = HOOK_TIMEOUT_MS,
  ) {}

  get any(): boolean {
    return this.plugins.length > 0;
  }

  /** Each plugin's edit in turn; the plan must still be a plan after each. */
  async beforePull(plan: PodPlan, taskId: string): Promise<EditedPlan> {
    let current = plan;
    for (const plugin of this.plugins) {
      if (!plugin.beforePull) continue;
      try {
        // Each plugin gets a copy, so one that edits in place and then throws leaves nothing half done.
        const copy = structuredClone(current);
        const edited = (await this.bounded(plugin.beforePull(copy, { taskId, plan: copy }))) ?? copy;
        const decoded = decodeWith(PodPlan, edited);
        if (!decoded.ok) return { ok: false, message: `plugin ${plugin.name} failed before pull: the plan it returned is not a pod plan: ${decoded.message}` };
        current = decoded.value;
      } catch (error) {
        return { ok: false, message: `plugin ${plugin.name} failed before pull: ${messageOf(error)}` };
      }
    }
    return { ok: true, plan: current };
  }

  /** Once per task, at its first TASK_RUNNING. */
  afterRunning(taskId: string): void {
    if (this.running.has(taskId)) return;
    this.running.add(taskId);
    this.track(this.each('afterRunning', taskId, (plugin, pod) => plugin.afterRunning?.(pod)));
  }

  /** Once per task, before its first stop or removal; the adapter waits for it. */
  beforeKill(taskId: string): Promise<void> {
    let done = this.kills.get(taskId);
    if (!done) {
      done = this.each('beforeKill', taskId, (plugin, pod) => plugin.beforeKill?.(pod));
      this.kills.set(taskId, done);
      this.track(done);
    }
    return done;
  }

  /** Once per task, when its pod machine has ended. */
  afterKill(taskId: string, state: string): void {
    if (this.ended.has(taskId)) return;
    this.ended.add(taskId);
    this.track(this.each('afterKill', taskId, (plugin, pod) => plugin.afterKill?.({ ...pod, state })));
  }

  /** Waits for the hooks under way, so the executor does not exit in the middle of one. */
  async settled(): Promise<void> {
    await Promise.all(this.underWay);
  }

  private track(work: Promise<void>): void {
    this.underWay.add(work);
    void work.finally(() => this.underWay.delete(work));
  }

  /** The labels the plugins add to an update; a failing plugin adds none and is reported. */
  async statusLabels(command: CommandOf<'status.send'>): Promise<Record<string, string>> {
    const added: Record<string, string> = {};
    const update = {
      taskId: command.taskId,
      state: command.state,
      labels: { ...command.labels },
      ...(command.message !== undefined ? { message: command.message } : {}),
      ...(command.reason !== undefined ? { reason: command.reason } : {}),
      ...(command.healthy !== undefined ? { healthy: command.healthy } : {}),
    };
    await this.each('onStatusUpdate', command.taskId, async (plugin) => {
      const labels = await plugin.onStatusUpdate?.(structuredClone(update));
      if (labels === undefined || labels === null) return;
      if (typeof labels !== 'object' || Object.values(labels).some((value) => typeof value !== 'string')) {
        throw new Error('onStatusUpdate must return a mapping of label names to strings');
      }
      Object.assign(added, labels);
    });
    for (const key of Object.keys(command.labels ?? {})) delete added[key];
    return added;
  }

  private async each(hook: HookName, taskId: string, call: (plugin: Plugin, pod: PluginPod) => unknown): Promise<void> {
    for (const plugin of this.plugins) {
      if (!plugin[hook]) continue;
      const plan = this.planOf(taskId);
      try {
        await this.bounded(call(plugin, { taskId, ...(plan ? { plan: structuredClone(plan) } : {}) }));
      } catch (error) {
        const message = messageOf(error);
        this.logger.error({ taskId, plugin: plugin.name, hook, error: message }, 'plugin hook failed');
        this.feedback({ type: 'plugin.failed', taskId, plugin: plugin.name, hook, message: `plugin ${plugin.name} failed in ${hook}: ${message}` });
      }
    }
  }

  private bounded<T>(work: T | Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs / 1000}s`)), this.timeoutMs);
    });
    return Promise.race([Promise.resolve(work), timeout]).finally(() => clearTimeout(timer));
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
