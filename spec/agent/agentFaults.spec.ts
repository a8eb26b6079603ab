import { expect } from 'chai';
import { answer503For, refuseConnectionsFor } from '../../src/agent/agentFaults.js';
import { EmbeddedAgent } from '../../src/agent/embeddedAgent.js';
import { buildTaskInfo } from '../../src/agent/frameworkTaskInfo.js';
import type { AgentConnection } from '../../src/mesos/agentConnection.js';
import type { WireEncoding } from '../../src/mesos/wireEncoding.js';
import { ReceivedInputs } from '../streams/receivedInputs.js';
import { post, uuidV4 } from './executorClient.js';

const FW = 'fw-1';
const EX = 'ex-1';
const ids = { executor_id: { value: EX }, framework_id: { value: FW } };
const task = (taskId: string) => buildTaskInfo({ taskId, agentId: 'agent', executor: { executorId: EX, frameworkId: FW } });

function update(taskId: string, state: string, uuid = uuidV4()) {
  return { type: 'UPDATE', ...ids, update: { status: { task_id: { value: taskId }, state, source: 'SOURCE_EXECUTOR', uuid, timestamp: 1, executor_id: { value: EX } } } };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const encoding of ['json', 'protobuf'] as WireEncoding[]) {
  describe(`the embedded agent's faults, seen by an executor speaking ${encoding}`, () => {
    let agent: EmbeddedAgent;
    let stream: ReceivedInputs;

    const connection = (): AgentConnection => {
      const [host, port] = agent.endpoint.split(':');
      return { host: host!, port: Number(port), frameworkId: FW, executorId: EX, encoding };
    };
    const acknowledgements = () => stream.inputs.filter((input) => input.type === 'mesos.acknowledged');

    beforeEach(async () => {
      agent = await EmbeddedAgent.start({ frameworkId: FW, executorId: EX });
      agent.launch(task('web-1'));
      stream = new ReceivedInputs(connection());
      await stream.until(() => stream.types().includes('mesos.launch'));
    });

    afterEach(async () => {
      stream.stop();
      await agent.stop();
    });

    it('withholds ACKNOWLEDGED while told to, still taking the update', async () => {
      agent.acknowledgements = 'withhold';
      expect((await post(agent.endpoint, update('web-1', 'TASK_RUNNING'))).status).to.equal(202);
      await pause(100);
      expect(agent.updates.map((u) => u.state)).to.deep.equal(['TASK_RUNNING']);
      expect(acknowledgements()).to.be.empty;
    });

    it('acknowledges each update twice when told to duplicate', async () => {
      agent.acknowledgements = 'duplicate';
      const uuid = uuidV4();
      await post(agent.endpoint, update('web-1', 'TASK_RUNNING', uuid));
      await stream.until(() => acknowledgements().length === 2);
      expect(acknowledgements()).to.deep.equal(Array(2).fill({ type: 'mesos.acknowledged', taskId: 'web-1', uuid }));
    });

    it('delivers a LAUNCH_GROUP with every task of the group', async () => {
      agent.launchGroup([task('g-1'), task('g-2')]);
      await stream.until(() => stream.types().includes('mesos.launch_group'));
      const group = stream.inputs.find((input) => input.type === 'mesos.launch_group');
      expect(group).to.deep.include({ taskIds: ['g-1', 'g-2'] });
    });

    it('sends a KILL for a task it never launched', async () => {
      agent.kill('nobody');
      await stream.until(() => stream.types().includes('mesos.kill'));
      expect(stream.inputs.at(-1)).to.deep.equal({ type: 'mesos.kill', taskId: 'nobody' });
    });

    it('records each SUBSCRIBE it takes', () => {
      expect(agent.subscriptions).to.have.length(1);
      const first = agent.subscriptions[0]!.subscribe!;
      expect([first.unacknowledged_tasks ?? [], first.unacknowledged_updates ?? []]).to.deep.equal([[], []]);
    });
  });
}

describe('the embedded agent away for a while', () => {
  let agent: EmbeddedAgent;

  beforeEach(async () => {
    agent = await EmbeddedAgent.start({ frameworkId: FW, executorId: EX, shutdownWhenIdle: false });
  });

  afterEach(() => agent.stop());

  it('refuses connections for the time asked, then listens on the same port', async () => {
    const endpoint = agent.endpoint;
    const away = refuseConnectionsFor(agent, 300);
    const refused = await post(endpoint, { type: 'HEARTBEAT', ...ids }).catch((error: NodeJS.ErrnoException) => error.code);
    await away;
    expect(refused).to.equal('ECONNREFUSED');
    expect((await post(endpoint, { type: 'HEARTBEAT', ...ids })).status).to.equal(202);
  });

  it('answers 503 for the time asked, then takes calls again', async () => {
    const away = answer503For(agent, 300);
    const during = await post(agent.endpoint, { type: 'HEARTBEAT', ...ids });
    await away;
    expect([during.status, during.body]).to.deep.equal([503, 'Agent has not finished recovery']);
    expect((await post(agent.endpoint, { type: 'HEARTBEAT', ...ids })).status).to.equal(202);
  });
});
