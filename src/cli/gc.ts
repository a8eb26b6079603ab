import type Dockerode from 'dockerode';
import { findBuiltImages, removeBuiltImages } from '../adapters/builtImages.js';
import { findLeftovers, ownerAlive, removeLeftovers, type Leftovers } from '../adapters/leftovers.js';
import { OwnerJudge } from '../adapters/ownerLiveness.js';

export interface GcOptions {
  dryRun: boolean;
  /** How long the stopped containers of a failed pod are kept for inspection (the config's cleanup.kept_for). */
  keptForMs: number;
  now?: () => number;
}

/**
 * `compose-executor gc`: removes the containers, networks and volumes whose
 * executor is gone (killed, crashed, or from an earlier boot), in whatever
 * pid namespace it ran, and the images executors built that no container
 * uses and whose builder is gone. For a Mesos hook or a timer; it never
 * touches anything without our labels, nor a pod whose executor it cannot
 * prove gone.
 */
export async function gc(options: GcOptions, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { default: Dockerode } = await import('dockerode');
  // A hung engine fails gc after a minute of silence instead of hanging the hook or timer that runs it.
  const docker = new Dockerode({ timeout: 60_000 });
  const judge = new OwnerJudge();
  // Only what is proven dead goes: an executor gc cannot see (another pid namespace, older labels) is left, and said.
  const undecided = new Map<string, string>();
  const orphans = await findLeftovers(docker, async (labels) => {
    const liveness = await judge.judgeWithBeacon(labels);
    if (liveness.state === 'unknown') undecided.set(labels.taskId ?? '', liveness.why);
    return liveness.state === 'dead';
  });
  const builderGone = async (labels: Record<string, string>) => !(await ownerAlive(labels, judge));
  for (const [taskId, why] of undecided) out.write(`leaving task ${taskId}: cannot tell whether its executor is alive (${why})\n`);
  const kept = await tasksStillKept(docker, orphans, options.keptForMs, (options.now ?? Date.now)());
  const leftovers = withoutTasks(orphans, kept);
  for (const taskId of kept) out.write(`keeping task ${taskId} for inspection until its retention ends\n`);
  if (options.dryRun) {
    describe(leftovers, 'would remove', out);
    for (const image of await findBuiltImages(docker, builderGone)) out.write(`would remove built image ${image.tags[0] ?? image.id} (task ${image.taskId})\n`);
    return 0;
  }
  const { removed, failures } = await removeLeftovers(docker, leftovers);
  describe(removed, 'removed', out);
  // Images last: the containers that used them are gone by now.
  const images = await removeBuiltImages(docker, await findBuiltImages(docker, builderGone));
  for (const image of images.removed) out.write(`removed built image ${image.tags[0] ?? image.id} (task ${image.taskId})\n`);
  for (const failure of [...failures, ...images.failures]) out.write(`could not remove ${failure}\n`);
  return failures.length + images.failures.length > 0 ? 1 : 0;
}

/**
 * Tasks whose executor kept their stopped containers on purpose, still
 * within the retention: a running orphan (its executor was killed) is never
 * kept, nor is a task once its last container stopped longer ago than that.
 */
export async function tasksStillKept(docker: Dockerode, orphans: Leftovers, keptForMs: number, now: number): Promise<Set<string>> {
  const byTask = new Map<string, string[]>();
  for (const container of orphans.containers) byTask.set(container.taskId, [...(byTask.get(container.taskId) ?? []), container.id]);
  const kept = new Set<string>();
  for (const [taskId, ids] of byTask) {
    const states = await Promise.all(ids.map((id) => docker.getContainer(id).inspect().then((info) => info.State, () => null)));
    if (states.some((state) => state === null || state.Running)) continue;
    const lastStop = Math.max(...states.map((state) => Date.parse(state!.FinishedAt)));
    if (Number.isFinite(lastStop) && lastStop + keptForMs > now) kept.add(taskId);
  }
  return kept;
}

export function withoutTasks(leftovers: Leftovers, taskIds: Set<string>): Leftovers {
  return {
    containers: leftovers.containers.filter((container) => !taskIds.has(container.taskId)),
    networks: leftovers.networks.filter((network) => !taskIds.has(network.taskId)),
    volumes: leftovers.volumes.filter((volume) => !taskIds.has(volume.taskId)),
  };
}

function describe(leftovers: Leftovers, verb: string, out: NodeJS.WritableStream): void {
  const lines = [
    ...leftovers.containers.map((c) => `${verb} container ${c.name} (task ${c.taskId})`),
    ...leftovers.networks.map((n) => `${verb} network ${n.name} (task ${n.taskId})`),
    ...leftovers.volumes.map((v) => `${verb} volume ${v.name} (task ${v.taskId})`),
  ];
  out.write(lines.length > 0 ? `${lines.join('\n')}\n` : 'nothing left behind\n');
}
