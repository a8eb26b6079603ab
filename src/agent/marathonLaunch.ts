import { randomUUID } from 'node:crypto';

/**
 * A task as Marathon builds it for an app with a custom `executor`
 * (mesosphere/marathon src/main/scala/mesosphere/mesos/TaskBuilder.scala,
 * EnvironmentHelper.scala, PortDiscovery.scala, core/task/Task.scala).
 */

export interface MarathonApp {
  id: string;
  cmd?: string;
  args?: string[];
  executor?: string;
  cpus?: number;
  mem?: number;
  disk?: number;
  env?: Record<string, string>;
  labels?: Record<string, string>;
  portDefinitions?: Array<{ port: number; name?: string; protocol?: string }>;
  fetch?: Array<{ uri: string; executable?: boolean; extract?: boolean; cache?: boolean; destPath?: string }>;
  executorResources?: { cpus?: number; mem?: number; disk?: number };
  taskKillGracePeriodSeconds?: number;
  user?: string;
}

export interface MarathonOffer {
  agentId: string;
  hostname: string;
  /** The host ports the offer matched, one per port definition. */
  hostPorts: number[];
}

const scalar = (name: string, value: number) => ({ name, type: 'SCALAR', scalar: { value } });
const pathOf = (id: string) => id.split('/').filter((part) => part !== '');

/** `myGroup_myApp.instance-<uuid>._app.1`: the instance-era task id of an app's first incarnation. */
export function marathonTaskId(appId: string): string {
  return `${pathOf(appId).join('_')}.instance-${randomUUID()}._app.1`;
}

export function marathonTaskInfo(app: MarathonApp, offer: MarathonOffer, taskId = marathonTaskId(app.id)): Record<string, unknown> {
  if (app.executor === undefined || app.executor === '' || app.executor === '//cmd') throw new Error('the app names no custom executor');
  const hostname = [...pathOf(app.id)].reverse().join('.');
  const ports = app.portDefinitions ?? [];
  const hostPorts = offer.hostPorts.slice(0, ports.length);
  const resources: Array<Record<string, unknown>> = [scalar('cpus', app.cpus ?? 1), scalar('mem', app.mem ?? 128), scalar('disk', app.disk ?? 0)];
  if (hostPorts.length > 0) resources.push({ name: 'ports', type: 'RANGES', ranges: { range: hostPorts.map((port) => ({ begin: port, end: port })) } });
  const path = `'${app.executor}'`;
  const cmd = app.cmd ?? (app.args ?? []).join(' ');
  const environment = { ...taskContextEnv(app, taskId), ...portsEnv(ports, hostPorts), HOST: offer.hostname, ...app.env };
  const executor: Record<string, unknown> = {
    executor_id: { value: `marathon-${taskId}` },
    command: {
      value: `chmod ug+rx ${path} && exec ${path} ${cmd}`,
      environment: { variables: Object.entries(environment).map(([name, value]) => ({ name, value })) },
      ...(app.fetch?.length
        ? { uris: app.fetch.map((f) => ({ value: f.uri, executable: f.executable ?? false, extract: f.extract ?? true, cache: f.cache ?? false, ...(f.destPath ? { output_file: f.destPath } : {}) })) }
        : {}),
      ...(app.user ? { user: app.user } : {}),
    },
    // None unless the app sets executorResources (AppDefinition.scala: DefaultExecutorResources = None).
    ...(app.executorResources
      ? { resources: [scalar('cpus', app.executorResources.cpus ?? 0.1), scalar('mem', app.executorResources.mem ?? 32), scalar('disk', app.executorResources.disk ?? 10)] }
      : {}),
  };
  return {
    name: hostname,
    task_id: { value: taskId },
    agent_id: { value: offer.agentId },
    resources,
    discovery: {
      visibility: 'FRAMEWORK',
      name: hostname,
      ports: { ports: ports.map((definition, index) => ({ number: hostPorts[index], protocol: definition.protocol ?? 'tcp', ...(definition.name ? { name: definition.name } : {}) })) },
    },
    ...(app.labels && Object.keys(app.labels).length > 0 ? { labels: { labels: Object.entries(app.labels).map(([key, value]) => ({ key, value })) } } : {}),
    executor,
    ...(app.taskKillGracePeriodSeconds !== undefined ? { kill_policy: { grace_period: { nanoseconds: app.taskKillGracePeriodSeconds * 1e9 } } } : {}),
  };
}

function taskContextEnv(app: MarathonApp, taskId: string): Record<string, string> {
  const labels = Object.entries(app.labels ?? {}).map(([key, value]) => [key.replace(/[^a-zA-Z0-9_]+/g, '_').toUpperCase(), value] as const);
  return {
    MESOS_TASK_ID: taskId,
    MARATHON_APP_ID: app.id,
    MARATHON_APP_VERSION: new Date().toISOString(),
    MARATHON_APP_RESOURCE_CPUS: String(app.cpus ?? 1),
    MARATHON_APP_RESOURCE_MEM: String(app.mem ?? 128),
    MARATHON_APP_RESOURCE_DISK: String(app.disk ?? 0),
    MARATHON_APP_RESOURCE_GPUS: '0',
    MARATHON_APP_LABELS: labels.map(([key]) => key).join(' '),
    ...Object.fromEntries(labels.map(([key, value]) => [`MARATHON_APP_LABEL_${key}`, value])),
  };
}

/** PORT0..n, PORT_<requested>, PORT_<NAME>, PORT and PORTS for host networking (EnvironmentHelper.portsEnv). */
function portsEnv(definitions: NonNullable<MarathonApp['portDefinitions']>, hostPorts: number[]): Record<string, string> {
  if (hostPorts.length === 0) return {};
  const env: Record<string, string> = {};
  hostPorts.forEach((port, index) => (env[`PORT${index}`] = String(port)));
  definitions.forEach((definition, index) => {
    const port = hostPorts[index];
    if (port === undefined) return;
    env[`PORT_${definition.port === 0 ? port : definition.port}`] = String(port);
    if (definition.name) env[`PORT_${definition.name.toUpperCase()}`] = String(port);
  });
  env['PORT'] = String(hostPorts[0]);
  env['PORTS'] = hostPorts.join(',');
  return env;
}
