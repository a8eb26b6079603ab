/** The labels that tie a container or network to its task, as the predecessors and Docker Compose name them. */
export const LABELS = {
  taskId: 'taskId',
  executorId: 'executorId',
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  /** The executor process that made the container, network or volume, and the boot it ran in: `gc` removes what outlived it. */
  ownerPid: 'compose-executor.pid',
  ownerBootId: 'compose-executor.boot-id',
  /** The Mesos agent whose executor made it: the next executor that starts there removes what a dead one left. */
  ownerAgentId: 'compose-executor.agent-id',
  /** The executor's pid namespace and start time, so its pid is found again from any namespace (ownerLiveness.ts). */
  ownerPidNamespace: 'compose-executor.pid-namespace',
  ownerStartTime: 'compose-executor.start-time',
  /** The network namespace of the executor's beacon, an abstract socket alive as long as it is (ownerBeacon.ts). */
  ownerNetNamespace: 'compose-executor.net-namespace',
} as const;
