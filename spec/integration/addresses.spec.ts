import { expect } from 'chai';
import { POD_ADDRESSES_LABEL } from '../../src/adapters/statusUpdates.js';
import { LONG_RUNNING, PodsUnderTest, composeFile, containersOf, docker, requireDocker } from './support.js';

const labelOf = (status: any, key: string): string | undefined =>
  (status.labels?.labels ?? []).find((label: { key: string }) => label.key === key)?.value;

describe('the addresses a status update gives', function () {
  this.timeout(60_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  afterEach(() => pods.cleanUp());

  it("leaves network_infos to the agent, which adds its own reachable IP, and puts the pod's bridge address in a label", async () => {
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text: composeFile({ web: LONG_RUNNING }) }] });
    await pod.waitForState(['TASK_RUNNING']);
    const [container] = await containersOf(pod.taskId);
    const bridge = Object.values((await docker.getContainer(container!.Id).inspect()).NetworkSettings.Networks).map((network) => network.IPAddress);
    expect(bridge).to.have.length(1);
    pod.kill();
    await pod.finished(20_000);

    const updates = pod.agent.updates.filter((update) => !update.duplicate);
    // As sent: never network_infos, so the agent fills them.
    expect(updates.map((update) => update.status.container_status?.network_infos ?? [])).to.deep.equal(updates.map(() => []));
    // As the framework and Mesos-DNS get them: the agent's address, on which other hosts reach the published ports.
    for (const update of updates) {
      expect(update.forwarded.container_status.network_infos).to.deep.equal([{ ip_addresses: [{ ip_address: pod.agent.endpoint.split(':')[0] }] }]);
    }
    // The pod's own address, reachable only from the host and its containers, is a label.
    const labelled = updates.flatMap((update) => labelOf(update.status, POD_ADDRESSES_LABEL) ?? []);
    expect(labelled.length).to.be.greaterThan(0);
    expect([...new Set(labelled)]).to.deep.equal(bridge);
    expect(updates.at(-1)!.state).to.equal('TASK_KILLED');
  });
});
