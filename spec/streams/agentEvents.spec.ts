import { expect } from 'chai';
import { EmbeddedAgent } from '../../src/agent/embeddedAgent.js';
import { buildTaskInfo } from '../../src/agent/frameworkTaskInfo.js';
import type { AgentConnection } from '../../src/mesos/agentConnection.js';
import { encodeEvent } from '../../src/mesos/protobufCodec.js';
import { encodeRecord } from '../../src/mesos/recordio.js';
import type { WireEncoding } from '../../src/mesos/wireEncoding.js';
import { ReceivedInputs } from './receivedInputs.js';

const FW = 'fw-1';
const EX = 'ex-1';

function connectionTo(agent: EmbeddedAgent, extra: Partial<AgentConnection> = {}): AgentConnection {
  const [host, port] = agent.endpoint.split(':');
  return { host: host!, port: Number(port), frameworkId: FW, executorId: EX, ...extra };
}

for (const encoding of ['json', 'protobuf'] as WireEncoding[]) {
  describe(`the agent's event stream in ${encoding}`, () => {
    let agent: EmbeddedAgent;
    let received: ReceivedInputs | undefined;

    async function subscribed(limits: Partial<AgentConnection> = {}): Promise<ReceivedInputs> {
      received = new ReceivedInputs(connectionTo(agent, { encoding, ...limits }));
      await received.until(() => received!.types().includes('mesos.launch'));
      return received;
    }

    beforeEach(async () => {
      agent = await EmbeddedAgent.start({ frameworkId: FW, executorId: EX, frameworkCapabilities: ['TASK_KILLING_STATE'], chunkSize: 7 });
      agent.launch(buildTaskInfo({ taskId: 'web-1', agentId: agent.agentId, executor: { executorId: EX, frameworkId: FW }, labels: { fileName: 'pod.yml' }, ports: [[31000, 31001]] }));
    });

    afterEach(async () => {
      received?.stop();
      await agent.stop();
    });

    it(`subscribes in ${encoding} and turns SUBSCRIBED and LAUNCH into inputs`, async () => {
      const { inputs } = await subscribed();
      expect(inputs[0]).to.deep.include({ type: 'mesos.subscribed', frameworkCapabilities: ['TASK_KILLING_STATE'], agentId: agent.agentId });
      expect(inputs[1]).to.deep.include({ type: 'mesos.launch', task: { taskId: 'web-1', name: 'web-1', labels: { fileName: 'pod.yml' }, ports: [[31000, 31001]], executorResourced: true } });
      const mediaType = encoding === 'json' ? 'application/json' : 'application/x-protobuf';
      expect(agent.calls[0]).to.deep.equal({ type: 'SUBSCRIBE', httpStatus: 200, contentType: mediaType, eventMediaType: mediaType });
    });

    it('ends the connection on a length prefix that is not a number', async () => {
      const stream = await subscribed();
      agent.sendRawFrame(Buffer.from('12x\n{"type":"HEARTBEAT"}'));
      await stream.until(() => stream.completed);
      expect(stream.inputs.slice(-2)).to.deep.equal([
        { type: 'mesos.malformed', message: 'event stream: record length prefix is not a decimal number: "12x"' },
        { type: 'mesos.disconnected', message: 'the event stream was malformed' },
      ]);
      await stream.until(() => !agent.isSubscribed());
    });

    it('ends the connection on a record larger than max_record_bytes, before reading it', async () => {
      const stream = await subscribed({ maxRecordBytes: 4096 });
      agent.sendRawFrame(Buffer.from('4097\n'));
      await stream.until(() => stream.completed);
      expect(stream.inputs.slice(-2)).to.deep.equal([
        { type: 'mesos.malformed', message: 'event stream: record of 4097 bytes exceeds the limit of 4096 bytes' },
        { type: 'mesos.disconnected', message: 'the event stream was malformed' },
      ]);
    });

    it(`ends the connection on a record that is not ${encoding}`, async () => {
      const stream = await subscribed();
      agent.sendRawFrame(encodeRecord(encoding === 'json' ? Buffer.from([0x08, 0x09]) : Buffer.from('{"type":"HEARTBEAT"}')));
      await stream.until(() => stream.completed);
      const [malformed, disconnected] = stream.inputs.slice(-2);
      expect(malformed?.type).to.equal('mesos.malformed');
      expect(disconnected).to.deep.equal({ type: 'mesos.disconnected', message: 'the event stream was malformed' });
    });

    it('says the stream ended inside a record when the agent goes away mid-record', async () => {
      const stream = await subscribed();
      agent.sendRawFrame(Buffer.from('100\n{"type"'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      agent.disconnect();
      await stream.until(() => stream.completed);
      expect(stream.inputs.at(-1)).to.deep.equal({ type: 'mesos.disconnected', message: 'the event stream ended inside a record' });
    });
  });
}

describe("the agent's event stream, whatever was asked for", () => {
  it('reads protobuf records when protobuf was asked for and answered', async () => {
    const agent = await EmbeddedAgent.start({ frameworkId: FW, executorId: EX, shutdownWhenIdle: false });
    const received = new ReceivedInputs(connectionTo(agent, { encoding: 'protobuf' }));
    try {
      await received.until(() => received.types().includes('mesos.subscribed'));
      agent.sendRawFrame(encodeRecord(encodeEvent({ type: 'KILL', kill: { task_id: { value: 'web-1' } } })));
      await received.until(() => received.types().includes('mesos.kill'));
      expect(received.inputs.at(-1)).to.deep.equal({ type: 'mesos.kill', taskId: 'web-1' });
    } finally {
      received.stop();
      await agent.stop();
    }
  });
});
