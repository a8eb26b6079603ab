import type { Input, InputOf, InputType } from '../events/inputs.js';

/**
 * Which machine each input goes to, as data: every input type has an entry,
 * so a new input does not compile until someone decides where it goes, and
 * only an input that names its task can be routed to a pod.
 *
 * - `launch`: starts a pod machine for the task (and tells the executor);
 * - `pod`: the machine of the pod named by `taskId`;
 * - `podOrExecutor`: the pod's when the input names a task, else the executor's;
 * - `executor`: the executor session's machine;
 * - `frameworkMessage`: answered from the pods' state, no machine moves;
 * - `recorded`: kept in the log for the reader, decided on by nothing: a
 *   heartbeat, a line the agent or Docker sent that could not be read, a
 *   disconnection the streams themselves recover from, pull and build
 *   progress. A machine handed one of these would only spend a transition
 *   to stay as it is (a spec holds each routed input to a machine that
 *   handles it).
 */
export type InputRoute = 'launch' | 'pod' | 'podOrExecutor' | 'executor' | 'frameworkMessage' | 'recorded';

type RoutesFor<T extends InputType> = InputOf<T> extends { taskId: string }
  ? 'pod' | 'executor' | 'recorded'
  : InputOf<T> extends { taskId?: string }
    ? 'podOrExecutor' | 'executor' | 'recorded'
    : T extends 'mesos.launch'
      ? 'launch'
      : 'executor' | 'frameworkMessage' | 'recorded';

export const INPUT_ROUTES: { readonly [T in InputType]: RoutesFor<T> } = {
  'mesos.subscribed': 'executor',
  'mesos.launch': 'launch',
  'mesos.launch_group': 'executor',
  'mesos.kill': 'pod',
  'mesos.acknowledged': 'executor',
  'mesos.message': 'frameworkMessage',
  'mesos.error': 'recorded',
  'mesos.shutdown': 'executor',
  'mesos.heartbeat': 'recorded',
  'mesos.unknown': 'recorded',
  'mesos.malformed': 'recorded',
  'mesos.disconnected': 'executor',
  'update.queued': 'executor',
  'update.refused': 'recorded',
  // What plugins added to an update is recorded for the reader; nothing is decided on it, so replay does not depend on plugins.
  'update.labelled': 'recorded',
  'plugin.failed': 'pod',
  'pod.planned': 'pod',
  'pod.plan_failed': 'pod',
  'image.ready': 'pod',
  'image.pull_failed': 'pod',
  'image.progress': 'recorded',
  'image.build_failed': 'pod',
  'image.build_progress': 'recorded',
  'network.created': 'pod',
  'network.create_failed': 'pod',
  'network.removed': 'pod',
  'network.remove_failed': 'pod',
  'volume.removed': 'pod',
  'volume.remove_failed': 'pod',
  'container.created': 'pod',
  'container.create_failed': 'pod',
  'container.started': 'pod',
  'container.start_failed': 'pod',
  'container.stopped': 'pod',
  'container.hook_done': 'pod',
  'container.hook_failed': 'pod',
  'container.removed': 'pod',
  'container.remove_failed': 'pod',
  'container.died': 'pod',
  'container.running': 'pod',
  'container.health': 'pod',
  'container.oom': 'pod',
  'docker.malformed': 'recorded',
  'docker.disconnected': 'recorded',
  'docker.reconnected': 'recorded',
  'pod.ended': 'executor',
  'check.passed': 'pod',
  'check.failed': 'pod',
  'timer.fired': 'podOrExecutor',
};

export function routeOf(input: Input): InputRoute {
  return INPUT_ROUTES[input.type];
}
