import type { TaskStatusJson } from './executorCall.js';

/**
 * A status update as the agent forwards it to the framework (slave.cpp,
 * _statusUpdate): the containerizer's container_status merged in, and the
 * agent's own IP added when the executor gave no network_infos. This is
 * what Marathon and Mesos-DNS read.
 */
export function forwardedStatus(status: TaskStatusJson, agentIp: string, containerId: string): TaskStatusJson {
  const given = (status['container_status'] ?? {}) as Record<string, any>;
  const networkInfos: unknown[] = Array.isArray(given['network_infos']) ? given['network_infos'] : [];
  return {
    ...status,
    container_status: {
      ...given,
      container_id: { value: containerId },
      network_infos: networkInfos.length > 0 ? networkInfos : [{ ip_addresses: [{ ip_address: agentIp }] }],
    },
  };
}

/**
 * With the cgroups isolators, a terminal update makes the agent update the container to the executor's resources
 * plus those of its tasks still live; with no cpus or mem left the isolators refuse ("No cpus resource given") and
 * the agent destroys the container at once (slave.cpp, __statusUpdate).
 */
export function resourceUpdateFails(executorInfo: Record<string, any> | undefined, liveTasks: number): boolean {
  if (liveTasks > 0) return false;
  const resources: Array<Record<string, any>> = Array.isArray(executorInfo?.['resources']) ? executorInfo['resources'] : [];
  const scalar = (name: string) => resources.some((resource) => resource['name'] === name && Number(resource['scalar']?.['value']) > 0);
  return !scalar('cpus') || !scalar('mem');
}
