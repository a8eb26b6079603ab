import path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { formatComposeError } from '../compose/composeError.js';
import { sandboxOwnFiles } from '../compose/buildPlan.js';
import type { HeldGpus } from '../compose/deviceRequests.js';
import type { ComposeModel } from '../compose/model.js';
import { planPod, type PlanOptions } from '../compose/plan.js';
import { projectName } from '../compose/podNames.js';
import type { PodPlan } from '../compose/podPlan.js';
import { activeProfiles } from '../compose/profiles.js';
import { readComposeFiles } from '../compose/readComposeFiles.js';
import { readExecutorConfig } from '../config/executorConfig.js';

export interface LocalPodRequest {
  /** As the person typed them after -f. */
  readonly files: readonly string[];
  /** The executor config whose policy and infra container apply; default COMPOSE_EXECUTOR_CONFIG. */
  readonly config?: string;
  readonly taskId: string;
  readonly ports: ReadonlyArray<readonly [number, number]>;
  readonly environment: Readonly<Record<string, string>>;
  /** The directory that stands for the sandbox; default the first file's. A spec sets it to plan `-f deploy/compose.yml` as Mesos does. */
  readonly sandbox?: string;
  /** GPUs the task would hold (its Mesos `gpus` resource); default none; `any`: not judged, as `validate` has no task. */
  readonly gpus?: HeldGpus;
}

/**
 * Plans a pod from files on this machine as the executor would plan it in
 * a sandbox: the first file's directory stands for the sandbox, so env
 * files and relative bind mounts resolve as they will under Mesos.
 */
export async function planLocalPod(request: LocalPodRequest): Promise<E.Either<string[], { model: ComposeModel; plan: PodPlan }>> {
  const configured = readExecutorConfig(request.config);
  if (!configured.ok) return E.left(configured.errors);
  const sandbox = path.resolve(request.sandbox ?? path.dirname(request.files[0] ?? '.'));
  const names = request.files.map((file) => path.relative(sandbox, path.resolve(file)));
  const model = await readComposeFiles(sandbox, names.join(','), request.environment, projectName(request.taskId), configured.config.policy, sandboxOwnFiles(configured.config.eventLog));
  if (E.isLeft(model)) return E.left(model.left.map(formatComposeError));
  const options: PlanOptions = {
    fileName: names.join(','),
    sandbox,
    policy: configured.config.policy,
    profiles: activeProfiles(request.environment, {}),
    ...(configured.config.infraContainer ? { infra: configured.config.infraContainer } : {}),
    exactHostPorts: configured.config.exactHostPorts,
    sandboxOwnFiles: sandboxOwnFiles(configured.config.eventLog),
  };
  const plan = planPod(model.right, { taskId: request.taskId, executorId: `${request.taskId}-executor`, labels: { fileName: names.join(',') }, ports: request.ports, ...(request.gpus === undefined ? {} : { gpus: request.gpus }) }, options);
  return E.isLeft(plan) ? E.left(plan.left.map(formatComposeError)) : E.right({ model: model.right, plan: plan.right });
}

/** What compose files may interpolate: this shell's environment. */
export const shellEnvironment = (): Record<string, string> =>
  Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
