import { expect } from 'chai';
import { EmbeddedAgent } from '../../src/agent/embeddedAgent.js';
import { buildTaskInfo } from '../../src/agent/frameworkTaskInfo.js';
import { encodeCall } from '../../src/mesos/protobufCodec.js';
import { post, subscribe, Subscription, uuidV4, type Reply } from './executorClient.js';

const FW = 'fw-1';
const EX = 'ex-1';
const ids = { executor_id: { value: EX }, framework_id: { value: FW } };
const PROTOBUF = { 'Content-Type': 'application/x-protobuf' };

function status(taskId: string, state: string, uuid = uuidV4()): Record<string, unknown> {
  return { task_id: { value: taskId }, state, source: 'SOURCE_EXECUTOR', uuid, timestamp: 1764000000.5, executor_id: { value: EX } };
}

const postProtobuf = (agent: EmbeddedAgent, call: object | Buffer): Promise<Reply> =>
  post(agent.endpoint, Buffer.isBuffer(call) ? call : encodeCall(call), { headers: PROTOBUF });

describe('embedded Mesos agent speaking protobuf', () => {
  let agent: EmbeddedAgent;
  const streams: Subscription[] = [];

  async function open(accept: string): Promise<Subscription> {
    const reply = await subscribe(agent.endpoint, encodeCall({ type: 'SUBSCRIBE', ...ids, subscribe: {} }), { headers: { ...PROTOBUF, Accept: accept } });
    if (!(reply instanceof Subscription)) throw new Error(`SUBSCRIBE answered ${reply.status}: ${reply.body}`);
    streams.push(reply);
    return reply;
  }

  beforeEach(async () => {
    agent = await EmbeddedAgent.start({ frameworkId: FW, executorId: EX, frameworkCapabilities: ['TASK_KILLING_STATE'] });
    agent.launch(buildTaskInfo({ taskId: 'web-1', agentId: agent.agentId, executor: { executorId: EX, frameworkId: FW }, labels: { fileName: 'pod.yml' } }));
  });

  afterEach(async () => {
    await agent.stop();
  });

  it('streams protobuf events to a protobuf SUBSCRIBE that accepts only protobuf', async () => {
    const stream = await open('application/x-protobuf');
    expect(stream.headers['content-type']).to.equal('application/x-protobuf');
    const subscribed = await stream.event(0);
    expect(subscribed.type).to.equal('SUBSCRIBED');
    expect(subscribed.subscribed.framework_info.capabilities).to.deep.equal([{ type: 'TASK_KILLING_STATE' }]);
    const launch = await stream.event(1);
    expect(launch.launch.task.task_id).to.deep.equal({ value: 'web-1' });
    expect(launch.launch.task.labels).to.deep.equal({ labels: [{ key: 'fileName', value: 'pod.yml' }] });
    expect(agent.calls).to.deep.include({ type: 'SUBSCRIBE', httpStatus: 200, contentType: 'application/x-protobuf', eventMediaType: 'application/x-protobuf' });
  });

  it('answers a protobuf SUBSCRIBE in JSON when Accept allows JSON, as upstream prefers', async () => {
    const stream = await open('application/json, application/x-protobuf');
    expect(stream.headers['content-type']).to.equal('application/json');
    expect((await stream.event(0)).type).to.equal('SUBSCRIBED');
  });

  it('takes a protobuf UPDATE and acknowledges it on the protobuf stream with the same uuid', async () => {
    const stream = await open('application/x-protobuf');
    await stream.event(1);
    const uuid = uuidV4();
    const reply = await postProtobuf(agent, { type: 'UPDATE', ...ids, update: { status: status('web-1', 'TASK_RUNNING', uuid) } });
    expect([reply.status, reply.body]).to.deep.equal([202, '']);
    const acknowledged = await stream.eventOfType('ACKNOWLEDGED');
    expect(acknowledged.acknowledged).to.deep.equal({ task_id: { value: 'web-1' }, uuid });
    expect(agent.updates.map((u) => [u.taskId, u.state, u.uuid])).to.deep.equal([['web-1', 'TASK_RUNNING', uuid]]);
  });

  it('takes a protobuf MESSAGE', async () => {
    await (await open('application/x-protobuf')).event(0);
    const reply = await postProtobuf(agent, { type: 'MESSAGE', ...ids, message: { data: Buffer.from('hello').toString('base64') } });
    expect(reply.status).to.equal(202);
    expect(agent.messages.map(String)).to.deep.equal(['hello']);
  });

  describe('validates protobuf calls as it validates JSON ones', () => {
    it('refuses a SUBSCRIBE whose empty subscribe message was left out', async () => {
      const withoutSubscribe = Buffer.from('0a030a0165' + '12030a0166' + '1801', 'hex');
      const reply = await post(agent.endpoint, Buffer.from(encodeCall({ type: 'SUBSCRIBE', ...ids })), { headers: PROTOBUF });
      expect([reply.status, reply.body]).to.deep.equal([400, "Failed to validate Executor::Call: Expecting 'subscribe' to be present"]);
      expect((await postProtobuf(agent, withoutSubscribe)).status).to.equal(400);
    });

    it('refuses bytes that are not a Call, and a Call without its required executor_id', async () => {
      const garbage = await postProtobuf(agent, Buffer.from('{"type":"SUBSCRIBE"}'));
      expect([garbage.status, garbage.body]).to.deep.equal([400, 'Failed to parse body into Call protobuf']);
      const noExecutor = await postProtobuf(agent, Buffer.from('12030a01661801' + '2200', 'hex'));
      expect([noExecutor.status, noExecutor.body]).to.deep.equal([400, 'Failed to parse body into Call protobuf']);
    });

    it('refuses an UPDATE with a uuid that is not an RFC 4122 one, or in TASK_STAGING', async () => {
      await (await open('application/x-protobuf')).event(0);
      const badUuid = await postProtobuf(agent, { type: 'UPDATE', ...ids, update: { status: status('web-1', 'TASK_RUNNING', Buffer.from('short').toString('base64')) } });
      expect([badUuid.status, badUuid.body]).to.deep.equal([400, 'Failed to validate Executor::Call: Not a valid UUID']);
      const staging = await postProtobuf(agent, { type: 'UPDATE', ...ids, update: { status: status('web-1', 'TASK_STAGING') } });
      expect(staging.status).to.equal(400);
      expect(staging.body).to.match(/TASK_STAGING .* which is not allowed$/);
    });

    it('still answers 415 to another Content-Type and 406 to an Accept that allows neither', async () => {
      const other = await post(agent.endpoint, encodeCall({ type: 'SUBSCRIBE', ...ids, subscribe: {} }), { headers: { 'Content-Type': 'application/protobuf' } });
      expect(other.status).to.equal(415);
      const reply = await subscribe(agent.endpoint, encodeCall({ type: 'SUBSCRIBE', ...ids, subscribe: {} }), { headers: { ...PROTOBUF, Accept: 'text/plain' } });
      expect(reply instanceof Subscription ? 200 : reply.status).to.equal(406);
    });
  });
});
