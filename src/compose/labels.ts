/** The labels that tie a container or network to its task, as the predecessors and Docker Compose name them. */
export const LABELS = {
  taskId: 'taskId',
  executorId: 'executorId',
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
} as const;
