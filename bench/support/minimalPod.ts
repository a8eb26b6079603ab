import type Dockerode from 'dockerode';
import { docker, LONG_RUNNING_COMMAND, TEST_IMAGE } from './benchEngine.js';
import { podServiceNames } from './podFile.js';

/**
 * The peer a hand-written script would be: only the Docker calls the pod
 * needs, with the executor's parallelism. Up: the image checked while the
 * pod network is made, the first service created and started, then the
 * services joining its namespace created and started together. Down: the
 * joined services stopped together, then the first, all removed together,
 * then the network.
 */
export interface MinimalPod {
  network: string;
  containers: Array<{ name: string; id: string }>;
  /** When each step ended (Date.now()), to set beside the executor's logged phases. */
  moments: { network: number; firstRunning: number; allRunning: number };
}

export async function minimalPodUp(project: string, size = 5, subnet?: string): Promise<MinimalPod> {
  const labels = { 'com.docker.compose.project': project };
  const networkName = `${project}_default`;
  const [, network] = await Promise.all([
    docker.getImage(TEST_IMAGE).inspect(),
    docker.createNetwork({
      Name: networkName,
      Labels: labels,
      CheckDuplicate: true,
      Driver: 'bridge',
      ...(subnet === undefined ? {} : { IPAM: { Driver: 'default', Config: [{ Subnet: subnet }] } }),
    }),
  ]);
  const networkAt = Date.now();
  const [firstName, ...joinedNames] = podServiceNames(size);
  const create = (name: string, hostConfig: Dockerode.HostConfig, extra: Partial<Dockerode.ContainerCreateOptions> = {}) =>
    docker.createContainer({ name: `${project}_${name}`, Image: TEST_IMAGE, Cmd: LONG_RUNNING_COMMAND, Labels: labels, HostConfig: hostConfig, ...extra });
  const first = await create(firstName!, { NetworkMode: networkName }, { NetworkingConfig: { EndpointsConfig: { [networkName]: { Aliases: [firstName!] } } } });
  await first.start();
  const firstRunningAt = Date.now();
  const joined = await Promise.all(
    joinedNames.map(async (name) => {
      const container = await create(name, { NetworkMode: `container:${first.id}` });
      await container.start();
      return { name, id: container.id };
    }),
  );
  return {
    network: network.id,
    containers: [{ name: firstName!, id: first.id }, ...joined],
    moments: { network: networkAt, firstRunning: firstRunningAt, allRunning: Date.now() },
  };
}

export async function minimalPodDown(pod: MinimalPod, graceSeconds = 10): Promise<void> {
  const [first, ...joined] = pod.containers;
  await Promise.all(joined.map((c) => docker.getContainer(c.id).stop({ t: graceSeconds })));
  await docker.getContainer(first!.id).stop({ t: graceSeconds });
  await Promise.all(pod.containers.map((c) => docker.getContainer(c.id).remove({ force: true, v: true })));
  await docker.getNetwork(pod.network).remove();
}
