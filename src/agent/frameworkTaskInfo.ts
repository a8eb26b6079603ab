export interface TaskInfoParts {
  taskId: string;
  name?: string;
  agentId: string;
  executor: { executorId: string; frameworkId: string; command?: string };
  labels?: Record<string, string>;
  ports?: Array<[number, number]>;
  cpus?: number;
  mem?: number;
  killGracePeriodSeconds?: number;
  /** The executor's own resources; null: none, as Marathon gives without `executorResources`. */
  executorResources?: { cpus: number; mem: number } | null;
  /** TaskInfo.health_check and TaskInfo.check in Mesos's JSON mapping, as a framework sets them. */
  healthCheck?: Record<string, unknown>;
  check?: Record<string, unknown>;
}

/** A mesos.v1.TaskInfo in its JSON form, as a framework would have the agent launch it. */
export function buildTaskInfo(parts: TaskInfoParts): Record<string, unknown> {
  const resources: Array<Record<string, unknown>> = [
    { name: 'cpus', type: 'SCALAR', scalar: { value: parts.cpus ?? 0.1 } },
    { name: 'mem', type: 'SCALAR', scalar: { value: parts.mem ?? 64 } },
  ];
  if (parts.ports !== undefined && parts.ports.length > 0) {
    resources.push({
      name: 'ports',
      type: 'RANGES',
      ranges: { range: parts.ports.map(([begin, end]) => ({ begin, end })) },
    });
  }
  const task: Record<string, unknown> = {
    name: parts.name ?? parts.taskId,
    task_id: { value: parts.taskId },
    agent_id: { value: parts.agentId },
    resources,
    executor: {
      executor_id: { value: parts.executor.executorId },
      framework_id: { value: parts.executor.frameworkId },
      command: { value: parts.executor.command ?? 'compose-executor' },
      ...executorResources(parts.executorResources === undefined ? { cpus: 0.1, mem: 32 } : parts.executorResources),
    },
  };
  if (parts.labels !== undefined) {
    task['labels'] = { labels: Object.entries(parts.labels).map(([key, value]) => ({ key, value })) };
  }
  if (parts.killGracePeriodSeconds !== undefined) {
    task['kill_policy'] = { grace_period: { nanoseconds: Math.round(parts.killGracePeriodSeconds * 1e9) } };
  }
  if (parts.healthCheck !== undefined) task['health_check'] = parts.healthCheck;
  if (parts.check !== undefined) task['check'] = parts.check;
  return task;
}

function executorResources(resources: { cpus: number; mem: number } | null): { resources?: Array<Record<string, unknown>> } {
  if (resources === null) return {};
  return {
    resources: [
      { name: 'cpus', type: 'SCALAR', scalar: { value: resources.cpus } },
      { name: 'mem', type: 'SCALAR', scalar: { value: resources.mem } },
    ],
  };
}
