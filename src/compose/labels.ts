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
} as const;
