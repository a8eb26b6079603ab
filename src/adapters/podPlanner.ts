import * as E from 'fp-ts/lib/Either.js';
import type { CommandOf } from '../events/commands.js';
import type { Input } from '../events/inputs.js';
import { formatComposeError } from '../compose/composeError.js';
import type { InfraContainer } from '../compose/infraContainer.js';
import type { OperatorPolicy } from '../compose/operatorPolicy.js';
import { planPod } from '../compose/plan.js';
import { projectName } from '../compose/podNames.js';
import { activeProfiles } from '../compose/profiles.js';
import { composeFileNames, readComposeFiles } from '../compose/readComposeFiles.js';
import { frameworkLabel } from '../mesos/frameworkLabels.js';
import { checkProblem } from '../machines/frameworkHealth.js';
import type { PodPlugins } from './podPlugins.js';

export interface PlannerContext {
  sandbox: string;
  executorId: string;
  frameworkId: string;
  /** Variables compose files may interpolate; never the agent's token. */
  environment: Record<string, string>;
  cgroupParent?: string;
  /** The operator's policy from the executor config; absent: the default, which denies host access. */
  policy?: OperatorPolicy;
  /** The executor config's `infra_container`; absent: no infra container. */
  infraContainer?: InfraContainer;
  /** What the executor writes at the sandbox's root, left out of a build of the sandbox itself (`sandboxOwnFiles`). */
  sandboxOwnFiles?: readonly string[];
  /** Their `beforePull` hooks edit the plan before it is logged, so the log holds the plan the pod runs. */
  plugins?: Pick<PodPlugins, 'beforePull'>;
}

/** Reads the task's compose files from the sandbox and plans its pod; every error is told by file, service and key. */
export async function planTask(command: CommandOf<'pod.plan'>, context: PlannerContext): Promise<Input> {
  const { task, taskId } = command;
  const failed = (messages: string[]): Input => ({ type: 'pod.plan_failed', taskId, message: messages.join('\n') });
  // Read from the task's labels when its LAUNCH arrived (config/taskConfig.ts).
  if (command.refusedLabel !== undefined) return failed([command.refusedLabel]);
  const fileName = frameworkLabel(task.labels, 'fileName');
  if (!fileName.ok) return failed([fileName.message]);
  const fileLabel = fileName.value;

  const model = await readComposeFiles(context.sandbox, fileLabel, context.environment, projectName(taskId), context.policy, context.sandboxOwnFiles);
  if (E.isLeft(model)) return failed(model.left.map(formatComposeError));
  const plan = planPod(
    model.right,
    {
      taskId,
      taskName: task.name,
      executorId: context.executorId,
      frameworkId: context.frameworkId,
      labels: task.labels,
      ports: task.ports,
      discoveryPorts: task.discoveryPorts ?? [],
      ...(task.gpus === undefined ? {} : { gpus: task.gpus }),
    },
    {
      fileName: composeFileNames(fileLabel).join(','),
      sandbox: context.sandbox,
      profiles: activeProfiles(context.environment, task.labels),
      ...(context.cgroupParent ? { cgroupParent: context.cgroupParent } : {}),
      ...(context.policy ? { policy: context.policy } : {}),
      ...(context.infraContainer ? { infra: context.infraContainer } : {}),
      ...(command.exactHostPorts ? { exactHostPorts: true } : {}),
      ...(context.sandboxOwnFiles ? { sandboxOwnFiles: context.sandboxOwnFiles } : {}),
    },
  );
  if (E.isLeft(plan)) return failed(plan.left.map(formatComposeError));
  const unrunnable = checkProblem(task, plan.right);
  if (unrunnable) return failed([unrunnable]);
  if (!context.plugins) return { type: 'pod.planned', taskId, plan: plan.right };
  const edited = await context.plugins.beforePull(plan.right, taskId);
  return edited.ok ? { type: 'pod.planned', taskId, plan: edited.plan } : failed([edited.message]);
}
