import { expect } from 'chai';
import pino from 'pino';
import { Writable } from 'node:stream';
import { StatusOutbox } from '../../src/adapters/statusUpdates.js';
import { answer503For, refuseConnectionsFor } from '../../src/agent/agentFaults.js';
import { EmbeddedAgent } from '../../src/agent/embeddedAgent.js';
import { buildTaskInfo } from '../../src/agent/frameworkTaskInfo.js';
import type { Input } from '../../src/events/inputs.js';
import type { AgentConnection } from '../../src/mesos/agentConnection.js';
import type { WireEncoding } from '../../src/mesos/wireEncoding.js';
import { ReceivedInputs } from '../streams/receivedInputs.js';

const FW = 'fw-1';
const EX = 'ex-1';

function capturedLogger() {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _encoding, done) => { lines.push(String(chunk)); done(); } });
  return { lines, logger: pino({ level: 'trace' }, sink) };
}

async function until(done: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

for (const encoding of ['json', 'protobuf'] as WireEncoding[]) {
  describe(`the status update outbox (${encoding})`, () => {
    let agent: EmbeddedAgent;
    let stream: ReceivedInputs | undefined;
    let outbox: StatusOutbox | undefined;
    let log: ReturnType<typeof capturedLogger>;
    let feedback: Input[];

    const connection = (extra: Partial<AgentConnection> = {}): AgentConnection => {
      const [host, port] = agent.endpoint.split(':');
      return { host: host!, port: Number(port), frameworkId: FW, executorId: EX, encoding, ...extra };
    };

    async function subscribedOutbox(extra: Partial<AgentConnection> = {}): Promise<StatusOutbox> {
      stream = new ReceivedInputs(connection());
      await stream.until(() => stream!.types().includes('mesos.launch'));
      outbox = new StatusOutbox(connection(extra), (input) => feedback.push(input), log.logger);
      return outbox;
    }

    const received = (taskId = 'web-1') => agent.updates.filter((u) => u.taskId === taskId).map((u) => [u.state, u.duplicate]);

    beforeEach(async () => {
      log = capturedLogger();
      feedback = [];
      agent = await EmbeddedAgent.start({ frameworkId: FW, executorId: EX });
      agent.launch(buildTaskInfo({ taskId: 'web-1', agentId: agent.agentId, executor: { executorId: EX, frameworkId: FW } }));
    });

    afterEach(async () => {
      outbox?.stop();
      stream?.stop();
      await agent.stop();
    });

    it('keeps retrying while the agent answers 503, and delivers the updates in the order they were made', async () => {
      const updates = await subscribedOutbox();
      const unavailable = answer503For(agent, 700);
      updates.send({ type: 'status.send', taskId: 'web-1', state: 'TASK_STARTING' });
      updates.send({ type: 'status.send', taskId: 'web-1', state: 'TASK_RUNNING' });
      updates.send({ type: 'status.send', taskId: 'web-1', state: 'TASK_FINISHED', message: 'done' });
      await unavailable;
      await until(() => agent.updates.length === 3, 'three updates');

      expect(received()).to.deep.equal([['TASK_STARTING', false], ['TASK_RUNNING', false], ['TASK_FINISHED', false]]);
      const refusals = agent.calls.filter((call) => call.httpStatus === 503);
      expect(refusals.length).to.be.greaterThan(1);
      expect(log.lines.some((line) => line.includes('UPDATE not taken yet; will retry') && line.includes('"status":503'))).to.equal(true);
      expect(feedback.map((input) => input.type)).to.deep.equal(['update.queued', 'update.queued', 'update.queued']);
      await stream!.until(() => stream!.types().filter((type) => type === 'mesos.acknowledged').length === 3);
    });

    it('keeps retrying while the agent refuses connections, then delivers in order', async () => {
      const updates = await subscribedOutbox();
      const away = refuseConnectionsFor(agent, 700);
      await new Promise((resolve) => setImmediate(resolve));
      updates.send({ type: 'status.send', taskId: 'web-1', state: 'TASK_RUNNING' });
      updates.send({ type: 'status.send', taskId: 'web-1', state: 'TASK_KILLED' });
      await away;
      await until(() => agent.updates.length === 2, 'two updates');

      expect(received()).to.deep.equal([['TASK_RUNNING', false], ['TASK_KILLED', false]]);
      expect(log.lines.some((line) => line.includes('UPDATE failed; will retry') && line.includes('ECONNREFUSED'))).to.equal(true);
    });

    it('keeps an update the agent answers 404 to while its routes are not up, and delivers it once they are', async () => {
      const updates = await subscribedOutbox();
      agent.availability = 'routesNotUp';
      updates.send({ type: 'status.send', taskId: 'web-1', state: 'TASK_FINISHED', message: 'done' });
      await until(() => agent.calls.filter((call) => call.httpStatus === 404).length >= 2, 'two 404 answers');
      const uuid = (feedback[0] as { uuid: string }).uuid;
      expect(updates.pending([uuid]).map((status) => status.state)).to.deep.equal(['TASK_FINISHED']);
      agent.availability = 'serving';
      await until(() => agent.updates.length === 1, 'the update');

      expect(received()).to.deep.equal([['TASK_FINISHED', false]]);
      expect(log.lines.some((line) => line.includes('UPDATE not taken yet; will retry') && line.includes('"status":404'))).to.equal(true);
      await stream!.until(() => stream!.types().includes('mesos.acknowledged'));
    });

    it('keeps retrying an update the agent answers 503 to while it waits for re-subscriptions, though SUBSCRIBE is taken', async () => {
      const updates = await subscribedOutbox();
      agent.availability = 'reregistering';
      updates.send({ type: 'status.send', taskId: 'web-1', state: 'TASK_RUNNING' });
      await until(() => agent.calls.filter((call) => call.type === 'UPDATE' && call.httpStatus === 503).length >= 2, 'two 503 answers to UPDATE');
      expect(agent.updates).to.deep.equal([]);
      agent.availability = 'serving';
      await until(() => agent.updates.length === 1, 'the update');
      expect(received()).to.deep.equal([['TASK_RUNNING', false]]);
    });

    it("logs a 4xx answer once with the agent's body, and keeps the update for the next SUBSCRIBE", async () => {
      const updates = await subscribedOutbox({ frameworkId: 'not-this-one' });
      updates.send({ type: 'status.send', taskId: 'web-1', state: 'TASK_RUNNING' });
      await until(() => agent.calls.filter((call) => call.httpStatus === 400).length >= 3, 'three 400 answers');

      expect(feedback.filter((input) => input.type === 'update.refused')).to.have.length(1);
      expect(feedback.find((input) => input.type === 'update.refused')).to.include({ taskId: 'web-1', message: '400 Framework cannot be found' });
      expect(log.lines.filter((line) => line.includes('the agent refused an UPDATE') && line.includes('Framework cannot be found'))).to.have.length(1);
      const uuid = (feedback[0] as { uuid: string }).uuid;
      expect(updates.pending([uuid]).map((status) => status.state)).to.deep.equal(['TASK_RUNNING']);
      updates.acknowledge(uuid);
      expect(updates.pending([uuid])).to.deep.equal([]);
    });
  });
}
