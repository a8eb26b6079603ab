import { expect } from 'chai';
import { EmbeddedAgent, type EmbeddedAgentOptions } from '../../src/agent/embeddedAgent.js';
import { buildTaskInfo } from '../../src/agent/frameworkTaskInfo.js';
import { post, subscribe, Subscription, uuidV4, type Reply } from './executorClient.js';

const FW = 'fw-1';
const EX = 'ex-1';
const ids = { executor_id: { value: EX }, framework_id: { value: FW } };

function subscribeCall(subscribeBody: object = {}): object {
  return { type: 'SUBSCRIBE', ...ids, subscribe: subscribeBody };
}

function status(taskId: string, state: string, uuid = uuidV4(), extra: object = {}): Record<string, unknown> {
  return { task_id: { value: taskId }, state, source: 'SOURCE_EXECUTOR', uuid, timestamp: 1764000000.5, executor_id: { value: EX }, ...extra };
}

function updateCall(s: object): object {
  return { type: 'UPDATE', ...ids, update: { status: s } };
}

function asStream(reply: Subscription | Reply): Subscription {
  if (!(reply instanceof Subscription)) throw new Error(`SUBSCRIBE answered ${reply.status}: ${reply.body}`);
  return reply;
}

function asReply(reply: Subscription | Reply): Reply {
  if (reply instanceof Subscription) throw new Error('expected a refusal, got a stream');
  return reply;
}

describe('embedded Mesos agent', () => {
  let agent: EmbeddedAgent;
  let streams: Subscription[];

  async function startAgent(opts: Partial<EmbeddedAgentOptions> = {}, tasks = ['web-1']): Promise<EmbeddedAgent> {
    await agent?.stop();
    agent = await EmbeddedAgent.start({ frameworkId: FW, executorId: EX, frameworkCapabilities: ['TASK_KILLING_STATE'], ...opts });
    for (const taskId of tasks) {
      agent.launch(buildTaskInfo({ taskId, agentId: agent.agentId, executor: { executorId: EX, frameworkId: FW } }));
    }
    return agent;
  }

  async function open(call: object = subscribeCall(), headers: Record<string, string> = {}): Promise<Subscription> {
    const stream = asStream(await subscribe(agent.endpoint, call, { headers }));
    streams.push(stream);
    return stream;
  }

  beforeEach(async () => {
    streams = [];
    await startAgent();
  });

  afterEach(async () => {
    await agent.stop();
  });

  describe('refuses calls as a real agent does, in its order of checks', () => {
    it('answers 405 to anything but POST', async () => {
      const reply = await post(agent.endpoint, '', { method: 'GET' });
      expect(reply.status).to.equal(405);
      expect(reply.headers['allow']).to.equal('POST');
    });

    it('answers 400 to a call without Content-Type', async () => {
      const reply = await post(agent.endpoint, subscribeCall(), { headers: { 'Content-Type': undefined } });
      expect([reply.status, reply.body]).to.deep.equal([400, "Expecting 'Content-Type' to be present"]);
    });

    it('answers 415 to a Content-Type with parameters', async () => {
      const reply = await post(agent.endpoint, subscribeCall(), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
      expect(reply.status).to.equal(415);
      expect(reply.headers['content-type']).to.match(/^text\/plain/);
    });

    it('answers 400 to a body that is not JSON', async () => {
      const reply = await post(agent.endpoint, '{"type":');
      expect(reply.status).to.equal(400);
      expect(reply.body).to.match(/^Failed to parse body into JSON/);
    });

    it('answers 400 to a SUBSCRIBE without its subscribe message', async () => {
      const reply = await post(agent.endpoint, { type: 'SUBSCRIBE', ...ids });
      expect([reply.status, reply.body]).to.deep.equal([400, "Failed to validate Executor::Call: Expecting 'subscribe' to be present"]);
    });

    it('answers 400 to a call without type, and one without executor_id', async () => {
      const noType = await post(agent.endpoint, { ...ids, subscribe: {} });
      expect([noType.status, noType.body]).to.deep.equal([400, "Failed to validate Executor::Call: Expecting 'type' to be present"]);
      const noExecutor = await post(agent.endpoint, { type: 'SUBSCRIBE', framework_id: { value: FW }, subscribe: {} });
      expect(noExecutor.status).to.equal(400);
      expect(noExecutor.body).to.contain('executor_id');
    });

    it('answers 406 to a SUBSCRIBE whose Accept allows neither JSON nor protobuf', async () => {
      const reply = asReply(await subscribe(agent.endpoint, subscribeCall(), { headers: { Accept: 'text/plain' } }));
      expect(reply.status).to.equal(406);
      expect(reply.body).to.contain("Expecting 'Accept' to allow");
    });

    it('answers 202 to a HEARTBEAT at once, before looking up the framework', async () => {
      const reply = await post(agent.endpoint, { type: 'HEARTBEAT', executor_id: { value: 'x' }, framework_id: { value: 'y' } });
      expect([reply.status, reply.body]).to.deep.equal([202, '']);
    });

    it('answers 400 to an unknown framework or executor', async () => {
      const fw = await post(agent.endpoint, { ...subscribeCall(), framework_id: { value: 'other' } });
      expect([fw.status, fw.body]).to.deep.equal([400, 'Framework cannot be found']);
      const ex = await post(agent.endpoint, { ...subscribeCall(), executor_id: { value: 'other' } });
      expect([ex.status, ex.body]).to.deep.equal([400, 'Executor cannot be found']);
    });

    it('answers 403 to an UPDATE or MESSAGE from an executor that has not subscribed', async () => {
      const update = await post(agent.endpoint, updateCall(status('web-1', 'TASK_RUNNING')));
      expect([update.status, update.body]).to.deep.equal([403, 'Executor is not subscribed']);
      const message = await post(agent.endpoint, { type: 'MESSAGE', ...ids, message: { data: 'aGk=' } });
      expect(message.status).to.equal(403);
    });

    it('answers 401 when a token is configured and the call has none or a wrong one, before any other check', async () => {
      await startAgent({ authenticationToken: 's3cret' });
      const none = await post(agent.endpoint, '', { method: 'GET' });
      expect(none.status).to.equal(401);
      expect(none.headers['www-authenticate']).to.equal('Bearer realm="mesos-agent-executor"');
      const wrong = await post(agent.endpoint, subscribeCall(), { headers: { Authorization: 'Bearer nope' } });
      expect(wrong.status).to.equal(401);
      const right = await open(subscribeCall(), { Authorization: 'Bearer s3cret' });
      expect((await right.event(0)).type).to.equal('SUBSCRIBED');
    });

    it('answers 501 to type UNKNOWN from a subscribed executor', async () => {
      await open();
      const reply = await post(agent.endpoint, { type: 'UNKNOWN', ...ids });
      expect(reply.status).to.equal(501);
    });

    it('answers 503 to every call while unavailable, before checking the method', async () => {
      await agent.setUnavailable(true);
      expect((await post(agent.endpoint, '', { method: 'GET' })).status).to.equal(503);
      await agent.setUnavailable(false);
      await open();
      expect(agent.isSubscribed()).to.equal(true);
    });
  });

  describe('restarts as a real agent does', () => {
    it('answers 404 to every path while its routes are not up', async () => {
      agent.availability = 'routesNotUp';
      expect((await post(agent.endpoint, subscribeCall())).status).to.equal(404);
      expect(asReply(await subscribe(agent.endpoint, subscribeCall())).status).to.equal(404);
    });

    it('takes SUBSCRIBE while re-registering executors, and answers 503 to UPDATE', async () => {
      agent.availability = 'reregistering';
      const stream = await open();
      expect((await stream.event(0)).type).to.equal('SUBSCRIBED');
      const reply = await post(agent.endpoint, updateCall(status('web-1', 'TASK_RUNNING')));
      expect([reply.status, reply.body]).to.deep.equal([503, 'Agent has not finished recovery']);
      expect(agent.updates).to.be.empty;
    });

    it('answers the next SUBSCRIBE with SHUTDOWN and closes the stream once it shut the executor down behind a dead stream', async () => {
      await open();
      let shutdowns = 0;
      agent.on('shutdown', () => shutdowns++);
      agent.disconnect({ abrupt: true });
      agent.shutdownOnNextSubscribe();
      const stream = await open();
      expect(await stream.event(0)).to.deep.equal({ type: 'SHUTDOWN' });
      await stream.closed();
      expect(stream.events).to.have.length(1);
      expect(shutdowns).to.equal(1);
    });
  });

  describe('forwards terminal updates as the cgroups isolators make it', () => {
    const destroys = (): string[] => {
      const seen: string[] = [];
      agent.on('destroy', (why: string) => seen.push(why));
      return seen;
    };

    for (const [resources, destroyed] of [[null, true], [{ cpus: 0.1, mem: 32 }, false]] as const) {
      it(`${destroyed ? 'destroys' : 'keeps'} an executor ${resources === null ? 'without' : 'with'} resources at its terminal update`, async () => {
        await agent.stop();
        agent = await EmbeddedAgent.start({ frameworkId: FW, executorId: EX, isolation: 'cgroups' });
        agent.launch(buildTaskInfo({ taskId: 'web-1', agentId: agent.agentId, executor: { executorId: EX, frameworkId: FW }, executorResources: resources }));
        const seen = destroys();
        const stream = await open();
        await stream.event(1);
        await post(agent.endpoint, updateCall(status('web-1', 'TASK_RUNNING')));
        expect(seen).to.be.empty;
        await post(agent.endpoint, updateCall(status('web-1', 'TASK_FINISHED')));
        expect(seen).to.have.length(destroyed ? 1 : 0);
        // The update itself still goes to the framework, with the agent's address.
        expect(agent.updates.at(-1)!.forwarded.container_status.network_infos).to.deep.equal([{ ip_addresses: [{ ip_address: '127.0.0.1' }] }]);
      });
    }
  });

  describe('validates UPDATE calls', () => {
    beforeEach(async () => {
      await open();
    });

    async function expect400(s: object, body: string | RegExp): Promise<void> {
      const reply = await post(agent.endpoint, updateCall(s));
      expect(reply.status).to.equal(400);
      if (typeof body === 'string') expect(reply.body).to.equal(`Failed to validate Executor::Call: ${body}`);
      else expect(reply.body).to.match(body);
    }

    it('refuses a uuid that is not 16 bytes', async () => {
      await expect400(status('web-1', 'TASK_RUNNING', Buffer.alloc(15, 1).toString('base64')), 'Not a valid UUID');
    });

    it('refuses 16 bytes without the RFC 4122 version 4 bits', async () => {
      await expect400(status('web-1', 'TASK_RUNNING', Buffer.alloc(16, 0).toString('base64')), 'Not a valid UUID');
    });

    it('refuses an update whose source is not SOURCE_EXECUTOR', async () => {
      const { source: _source, ...noSource } = status('web-1', 'TASK_RUNNING');
      await expect400(noSource, `Received Call from executor ${EX} of framework ${FW} with invalid source, expecting 'SOURCE_EXECUTOR'`);
    });

    it('refuses TASK_STAGING from an executor', async () => {
      await expect400(status('web-1', 'TASK_STAGING'), `Received TASK_STAGING from executor ${EX} of framework ${FW} which is not allowed`);
    });

    it("refuses a status.executor_id other than the call's", async () => {
      await expect400(status('web-1', 'TASK_RUNNING', uuidV4(), { executor_id: { value: 'ex-2' } }), /does not match ExecutorID in TaskStatus: ex-2$/);
    });

    it('refuses an unknown state name, the state being required', async () => {
      await expect400(status('web-1', 'TASK_BOGUS'), /^Failed to convert JSON into Call protobuf: Failed to find enum for 'TASK_BOGUS'$/);
    });
  });

  describe('event stream', () => {
    it('opens a chunked application/json stream whose first record is SUBSCRIBED, framed by its byte length', async () => {
      const stream = await open();
      const subscribed = await stream.event(0);
      expect(stream.headers['content-type']).to.equal('application/json');
      expect(stream.headers['transfer-encoding']).to.equal('chunked');
      const raw = Buffer.concat(stream.chunks);
      const newline = raw.indexOf(0x0a);
      const length = Number(raw.subarray(0, newline).toString('ascii'));
      expect(JSON.parse(raw.subarray(newline + 1, newline + 1 + length).toString('utf8'))).to.deep.equal(subscribed);
      expect(subscribed.type).to.equal('SUBSCRIBED');
      const { framework_info, agent_info, executor_info, container_id } = subscribed.subscribed;
      expect(framework_info).to.include({ checkpoint: false, failover_timeout: 0 });
      expect(framework_info.capabilities).to.deep.equal([{ type: 'TASK_KILLING_STATE' }]);
      expect(agent_info.id.value).to.equal(agent.agentId);
      expect(executor_info.executor_id.value).to.equal(EX);
      expect(executor_info.command.shell).to.equal(true);
      expect(container_id.value).to.be.a('string');
    });

    it('serves the same API under /slave(1)/api/v1/executor', async () => {
      const stream = asStream(await subscribe(agent.endpoint, subscribeCall(), { path: '/slave(1)/api/v1/executor' }));
      streams.push(stream);
      expect((await stream.event(0)).type).to.equal('SUBSCRIBED');
    });

    it('delivers a task launched before the subscription as LAUNCH after SUBSCRIBED', async () => {
      const stream = await open();
      const launch = await stream.event(1);
      expect(launch.type).to.equal('LAUNCH');
      expect(launch.launch.task.task_id.value).to.equal('web-1');
      expect(agent.tasks().map((t) => [t.taskId, t.state])).to.deep.equal([['web-1', 'TASK_STAGING']]);
    });

    it('answers SHUTDOWN instead of SUBSCRIBED to an executor that has no task and none queued', async () => {
      await startAgent({}, []);
      const stream = await open();
      expect(await stream.event(0)).to.deep.equal({ type: 'SHUTDOWN' });
      expect(stream.events).to.have.length(1);
    });

    it('writes correct records whatever the chunking of its writes', async () => {
      await startAgent({ chunkSize: 7 }, ['a', 'b', 'c']);
      const stream = await open();
      agent.kill('a', 2_000_000_000);
      agent.sendMessage(Buffer.from('hello'));
      await stream.event(5);
      expect(stream.events.map((e) => e.type)).to.deep.equal(['SUBSCRIBED', 'LAUNCH', 'LAUNCH', 'LAUNCH', 'KILL', 'MESSAGE']);
      expect(stream.chunks.length).to.be.greaterThan(6);
      expect(stream.events[4].kill).to.deep.equal({ task_id: { value: 'a' }, kill_policy: { grace_period: { nanoseconds: 2_000_000_000 } } });
      expect(Buffer.from(stream.events[5].message.data, 'base64').toString()).to.equal('hello');
    });

    it('sends raw events and raw frames as given, and ends the stream on disconnect', async () => {
      const stream = await open();
      agent.sendRawEvent({ type: 'FUTURE_EVENT', future: {} });
      agent.sendRawFrame(Buffer.from('3\nabc'));
      await stream.event(3);
      expect(stream.events.slice(2)).to.deep.equal([{ type: 'FUTURE_EVENT', future: {} }, { undecodable: 'abc' }]);
      agent.disconnect();
      await stream.closed();
      expect(agent.isSubscribed()).to.equal(false);
    });
  });

  describe('status updates', () => {
    let stream: Subscription;

    beforeEach(async () => {
      stream = await open();
      await stream.event(1);
    });

    it('answers 202 with an empty body, then ACKNOWLEDGED with the same uuid on the stream', async () => {
      const uuid = uuidV4();
      const reply = await post(agent.endpoint, updateCall(status('web-1', 'TASK_RUNNING', uuid)));
      expect([reply.status, reply.body]).to.deep.equal([202, '']);
      const ack = await stream.eventOfType('ACKNOWLEDGED');
      expect(ack.acknowledged).to.deep.equal({ task_id: { value: 'web-1' }, uuid });
      expect(agent.updates[0]).to.include({ taskId: 'web-1', state: 'TASK_RUNNING', uuid, duplicate: false });
    });

    it('flags a duplicate uuid and acknowledges it again', async () => {
      const uuid = uuidV4();
      await post(agent.endpoint, updateCall(status('web-1', 'TASK_RUNNING', uuid)));
      await post(agent.endpoint, updateCall(status('web-1', 'TASK_RUNNING', uuid)));
      await stream.event(3);
      expect(stream.events.slice(2).map((e) => e.acknowledged.uuid)).to.deep.equal([uuid, uuid]);
      expect(agent.updates.map((u) => u.duplicate)).to.deep.equal([false, true]);
    });

    it('drops an update for a task already terminal, still acknowledging it', async () => {
      await post(agent.endpoint, updateCall(status('web-1', 'TASK_FINISHED')));
      const late = uuidV4();
      await post(agent.endpoint, updateCall(status('web-1', 'TASK_RUNNING', late)));
      await stream.event(3);
      expect(stream.events[3].acknowledged.uuid).to.equal(late);
      expect(agent.updates.map((u) => u.droppedAfterTerminal)).to.deep.equal([false, true]);
      expect(agent.tasks()[0]!.state).to.equal('TASK_FINISHED');
    });

    it('never acknowledges an update for a task it does not know', async () => {
      const reply = await post(agent.endpoint, updateCall(status('nobody', 'TASK_RUNNING')));
      expect(reply.status).to.equal(202);
      await post(agent.endpoint, { type: 'MESSAGE', ...ids, message: { data: Buffer.from('ping').toString('base64') } });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(stream.events.map((e) => e.type)).to.deep.equal(['SUBSCRIBED', 'LAUNCH']);
      expect(agent.updates[0]!.ignored).to.equal('Task is unknown');
      expect(agent.messages.map((m) => m.toString())).to.deep.equal(['ping']);
    });

    it('rejects waitForUpdate with the updates seen so far', async () => {
      await post(agent.endpoint, updateCall(status('web-1', 'TASK_RUNNING')));
      const error = await agent.waitForUpdate((u) => u.state === 'TASK_KILLED', 50).catch((e: Error) => e);
      expect(String(error)).to.contain('web-1:TASK_RUNNING');
    });
  });

  describe('re-subscription', () => {
    it('closes the previous stream and acknowledges the unacknowledged updates sent with SUBSCRIBE', async () => {
      const first = await open();
      await first.event(1);
      agent.disconnect({ abrupt: true });
      const uuid = uuidV4();
      const second = await open(subscribeCall({
        unacknowledged_tasks: [],
        unacknowledged_updates: [{ status: status('web-1', 'TASK_RUNNING', uuid) }],
      }));
      const third = await open(subscribeCall({ unacknowledged_updates: [{ status: status('web-1', 'TASK_RUNNING', uuid) }] }));
      await second.closed();
      expect((await third.event(0)).type).to.equal('SUBSCRIBED');
      expect((await third.eventOfType('ACKNOWLEDGED')).acknowledged.uuid).to.equal(uuid);
      expect(agent.updates.map((u) => [u.viaSubscribe, u.duplicate])).to.deep.equal([[true, false], [true, true]]);
    });

    it('reports as lost a staging task the executor does not list as unacknowledged', async () => {
      await startAgent({}, ['known', 'forgotten']);
      await (await open()).event(2);
      agent.disconnect();
      await open(subscribeCall({ unacknowledged_tasks: [buildTaskInfo({ taskId: 'known', agentId: agent.agentId, executor: { executorId: EX, frameworkId: FW } })] }));
      expect(agent.agentUpdates.map((t) => [t.taskId, t.state, t.reason])).to.deep.equal([['forgotten', 'TASK_LOST', 'REASON_AGENT_RESTARTED']]);
      expect(agent.tasks().find((t) => t.taskId === 'known')!.state).to.equal('TASK_STAGING');
    });

    it('refuses connections while unavailable in refuse mode and listens again on the same port', async () => {
      const stream = await open();
      const endpoint = agent.endpoint;
      await agent.setUnavailable(true, 'refuse');
      await stream.closed();
      const refused = await post(endpoint, subscribeCall()).catch((e: NodeJS.ErrnoException) => e.code);
      expect(refused).to.equal('ECONNREFUSED');
      await agent.setUnavailable(false, 'refuse');
      expect(agent.endpoint).to.equal(endpoint);
      expect((await (await open()).event(0)).type).to.equal('SUBSCRIBED');
    });
  });
});
