import { randomBytes, randomUUID } from 'node:crypto';

/**
 * A task as the Aurora scheduler builds it for a job run by a custom
 * executor (apache/aurora src/main/java/org/apache/aurora/scheduler/mesos/
 * MesosTaskFactory.java, configuration/executor/ExecutorSettingsLoader.java).
 */

/** One entry of the scheduler's -custom_executor_config file. */
export interface AuroraExecutorConfig {
  executor: Record<string, any> & { name: string };
  task_prefix: string;
  volume_mounts?: unknown[];
}

export interface AuroraJob {
  role: string;
  environment: string;
  name: string;
  instanceId?: number;
  tier?: string;
  /** The job's Metadata(key, value) pairs. */
  metadata?: Record<string, string>;
  /** The ports the scheduler assigned, by the names the job asked for. */
  assignedPorts?: Record<string, number>;
  cpus: number;
  ramMb: number;
  diskMb?: number;
  /** The job's mesos_fetcher_uris. */
  fetcherUris?: Array<{ value: string; extract?: boolean; cache?: boolean; output_file?: string }>;
}

export interface AuroraScheduler {
  /** -populate_discovery_info: named ports reach TaskInfo.discovery only with it. */
  populateDiscoveryInfo: boolean;
  clusterName?: string;
}

const scalar = (name: string, value: number) => ({ name, type: 'SCALAR', scalar: { value } });

export function auroraTaskId(job: AuroraJob): string {
  return `${Date.now()}-${job.role}-${job.environment}-${job.name}-${job.instanceId ?? 0}-${randomUUID()}`;
}

export function auroraTaskInfo(config: AuroraExecutorConfig, job: AuroraJob, scheduler: AuroraScheduler, agentId: string, taskId = auroraTaskId(job)): Record<string, unknown> {
  const ports = Object.values(job.assignedPorts ?? {});
  const resources: Array<Record<string, unknown>> = [scalar('cpus', job.cpus), scalar('mem', job.ramMb), scalar('disk', job.diskMb ?? 0)];
  if (ports.length > 0) resources.push({ name: 'ports', type: 'RANGES', ranges: { range: ports.map((port) => ({ begin: port, end: port })) } });
  const source = `${job.role}.${job.environment}.${job.name}.${job.instanceId ?? 0}`;
  const command = (config.executor['command'] ?? {}) as Record<string, any>;
  const fetched = (job.fetcherUris ?? []).map((uri) => ({ ...uri, executable: false }));
  const executor = {
    // The config's ExecutorInfo verbatim, its resources the per-executor overhead.
    ...config.executor,
    executor_id: { value: `${config.task_prefix}${taskId}` },
    source,
    labels: { labels: [{ key: 'source', value: source }] },
    command: { ...command, uris: [...(command['uris'] ?? []), ...fetched] },
  };
  const labels = [
    { key: 'org.apache.aurora.tier', value: job.tier ?? 'preemptible' },
    ...Object.entries(job.metadata ?? {}).map(([key, value]) => ({ key: `org.apache.aurora.metadata.${key}`, value })),
  ];
  return {
    name: `${job.role}/${job.environment}/${job.name}`,
    task_id: { value: taskId },
    agent_id: { value: agentId },
    resources,
    labels: { labels },
    ...(scheduler.populateDiscoveryInfo
      ? {
          discovery: {
            visibility: 'CLUSTER',
            name: `${job.name}.${job.environment}.${job.role}`,
            environment: job.environment,
            location: scheduler.clusterName ?? 'devcluster',
            ports: { ports: Object.entries(job.assignedPorts ?? {}).map(([name, number]) => ({ name, number, protocol: 'TCP' })) },
          },
        }
      : {}),
    executor,
    // The Thrift-encoded AssignedTask, which only Thermos reads.
    data: randomBytes(64).toString('base64'),
  };
}
