// mesos.v1.executor.Event values as the agent writes them in JSON. Like the
// agent's stout writer, they carry the optional fields that have a declared
// default even when unset (`checkpoint`, `failover_timeout`, `port`, `shell`).

export type EventJson = Record<string, unknown> & { readonly type: string };

export interface SubscribedParts {
  readonly executorInfo: Record<string, unknown>;
  readonly frameworkInfo: Record<string, unknown>;
  readonly agentInfo: Record<string, unknown>;
  readonly containerId: string;
}

export function subscribedEvent(parts: SubscribedParts): EventJson {
  return {
    type: 'SUBSCRIBED',
    subscribed: {
      executor_info: parts.executorInfo,
      framework_info: parts.frameworkInfo,
      agent_info: parts.agentInfo,
      container_id: { value: parts.containerId },
    },
  };
}

export function launchEvent(task: Record<string, any>): EventJson {
  return { type: 'LAUNCH', launch: { task: withTaskDefaults(task) } };
}

export function launchGroupEvent(tasks: Array<Record<string, any>>): EventJson {
  return { type: 'LAUNCH_GROUP', launch_group: { task_group: { tasks: tasks.map(withTaskDefaults) } } };
}

export function killEvent(taskId: string, gracePeriodNs?: number): EventJson {
  const kill: Record<string, unknown> = { task_id: { value: taskId } };
  if (gracePeriodNs !== undefined) kill['kill_policy'] = { grace_period: { nanoseconds: gracePeriodNs } };
  return { type: 'KILL', kill };
}

export function acknowledgedEvent(taskId: string, uuid: Buffer): EventJson {
  return { type: 'ACKNOWLEDGED', acknowledged: { task_id: { value: taskId }, uuid: uuid.toString('base64') } };
}

export function messageEvent(data: Buffer): EventJson {
  return { type: 'MESSAGE', message: { data: data.toString('base64') } };
}

export function errorEvent(message: string): EventJson {
  return { type: 'ERROR', error: { message } };
}

export const shutdownEvent: EventJson = { type: 'SHUTDOWN' };
export const heartbeatEvent: EventJson = { type: 'HEARTBEAT' };

export interface FrameworkInfoParts {
  readonly frameworkId: string;
  readonly checkpoint: boolean;
  readonly capabilities: readonly string[];
}

export function frameworkInfo(parts: FrameworkInfoParts): Record<string, unknown> {
  const info: Record<string, unknown> = {
    user: 'root',
    name: 'embedded-agent-framework',
    id: { value: parts.frameworkId },
    failover_timeout: 0,
    checkpoint: parts.checkpoint,
    role: '*',
  };
  if (parts.capabilities.length > 0) info['capabilities'] = parts.capabilities.map((type) => ({ type }));
  return info;
}

export function agentInfo(agentId: string, hostname: string, port: number): Record<string, unknown> {
  return {
    hostname,
    port,
    id: { value: agentId },
    resources: [
      { name: 'cpus', type: 'SCALAR', scalar: { value: 4 }, role: '*' },
      { name: 'mem', type: 'SCALAR', scalar: { value: 8192 }, role: '*' },
      { name: 'ports', type: 'RANGES', ranges: { range: [{ begin: 31000, end: 32000 }] }, role: '*' },
    ],
  };
}

/** The ExecutorInfo as the agent holds it: the one of the task that started the executor, or a default. */
export function executorInfo(
  executorId: string,
  frameworkId: string,
  fromTask?: Record<string, any>,
): Record<string, unknown> {
  const info: Record<string, any> = {
    type: 'CUSTOM',
    executor_id: { value: executorId },
    framework_id: { value: frameworkId },
    command: { value: 'compose-executor' },
    ...(fromTask ?? {}),
  };
  info['command'] = withCommandDefaults(info['command']);
  return info;
}

export function withTaskDefaults(task: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { ...task };
  if (out['command'] !== undefined) out['command'] = withCommandDefaults(out['command']);
  if (out['executor'] !== undefined) {
    out['executor'] = { ...out['executor'], command: withCommandDefaults(out['executor']['command']) };
  }
  return out;
}

function withCommandDefaults(command: Record<string, any> | undefined): Record<string, any> | undefined {
  if (command === undefined) return undefined;
  const out: Record<string, any> = { shell: true, ...command };
  if (Array.isArray(command['uris'])) {
    out['uris'] = command['uris'].map((uri: Record<string, unknown>) => ({ extract: true, ...uri }));
  }
  const variables = command['environment']?.['variables'];
  if (Array.isArray(variables)) {
    out['environment'] = { ...command['environment'], variables: variables.map((v: Record<string, unknown>) => ({ type: 'VALUE', ...v })) };
  }
  return out;
}

/** The SUBSCRIBED event the embedded agent answers a subscription with. */
export function subscribedEventOf(agent: {
  agentId: string;
  host: string;
  port: number;
  containerId: string;
  executorId: string;
  frameworkId: string;
  checkpoint: boolean;
  capabilities: string[];
  executorInfoFromTask: Record<string, any> | undefined;
}): EventJson {
  return subscribedEvent({
    executorInfo: executorInfo(agent.executorId, agent.frameworkId, agent.executorInfoFromTask),
    frameworkInfo: frameworkInfo({ frameworkId: agent.frameworkId, checkpoint: agent.checkpoint, capabilities: agent.capabilities }),
    agentInfo: agentInfo(agent.agentId, agent.host, agent.port),
    containerId: agent.containerId,
  });
}
