import type Dockerode from 'dockerode';
import { LABELS } from '../compose/labels.js';
import { tasksStillKept, withoutTasks } from '../cli/gc.js';
import type { Logger } from './logger.js';
import { findLeftovers, ownerAlive, removeLeftovers, type Owner } from './leftovers.js';
import { OwnerJudge, ownedBy } from './ownerLiveness.js';

export interface SweepOptions {
  executorId: string;
  owner: Owner;
  /** How long a failed pod's stopped containers are kept for inspection (cleanup.kept_for), as `gc` keeps them. */
  keptForMs: number;
  now?: () => number;
}

/**
 * What a starting executor removes: whatever an earlier incarnation of its
 * own executor id left, and whatever any executor of the same agent left
 * when it died. Marathon and Aurora never reuse an executor id, and a real
 * agent may destroy an executor right after its terminal update, so without
 * the second part a pod's leftovers would wait for `gc`. Objects of a live
 * executor, of another agent, or kept for inspection are left alone.
 */
export async function sweepLeftovers(docker: Dockerode, options: SweepOptions, logger: Logger): Promise<void> {
  const { owner } = options;
  // Under namespaces/pid every incarnation is pid 1: its namespace and start time tell them apart.
  const previousSelf = (labels: Record<string, string>) => labels[LABELS.executorId] === options.executorId && !ownedBy(labels, owner);
  // One judge for the sweep: it reads /proc once, not once for every container, network and volume.
  const judge = new OwnerJudge();
  const deadNeighbour = async (labels: Record<string, string>) =>
    owner.agentId !== undefined && labels[LABELS.ownerAgentId] === owner.agentId && labels[LABELS.executorId] !== options.executorId && !(await ownerAlive(labels, judge));
  try {
    const own = await findLeftovers(docker, previousSelf, options.executorId);
    const neighbours = await findLeftovers(docker, deadNeighbour);
    const kept = await tasksStillKept(docker, neighbours, options.keptForMs, (options.now ?? Date.now)());
    for (const [what, leftovers] of [['a previous executor with this id', own], ['a dead executor of this agent', withoutTasks(neighbours, kept)]] as const) {
      const { removed, failures } = await removeLeftovers(docker, leftovers);
      if (removed.containers.length + removed.networks.length + removed.volumes.length > 0 || failures.length > 0) {
        logger.warn({ removed, failures }, `removed what ${what} left behind`);
      }
    }
  } catch (error) {
    logger.error({ error: (error as Error).message }, 'could not look for what earlier executors left behind');
  }
}
