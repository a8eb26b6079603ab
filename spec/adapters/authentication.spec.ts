import { expect } from 'chai';
import pino from 'pino';
import { Writable } from 'node:stream';
import { StatusOutbox } from '../../src/adapters/statusUpdates.js';
import { EmbeddedAgent } from '../../src/agent/embeddedAgent.js';
import { buildTaskInfo } from '../../src/agent/frameworkTaskInfo.js';
import type { Input } from '../../src/events/inputs.js';
import type { AgentConnection } from '../../src/mesos/agentConnection.js';
import type { WireEncoding } from '../../src/mesos/wireEncoding.js';
import { ReceivedInputs } from '../streams/receivedInputs.js';

const FW = 'fw-1';
const EX = 'ex-1';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.executor-secret.signature';
const WRONG = 'eyJhbGciOiJIUzI1NiJ9.someone-else.signature';

/** The executor's log, as the lines it would write to stderr. */
function capturedLogger() {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _encoding, done) => { lines.push(String(chunk)); done(); } });
  return { lines, logger: pino({ level: 'trace' }, sink) };
}

for (const encoding of ['json', 'protobuf'] as WireEncoding[]) {
  describe(`authentication to the agent (${encoding})`, () => {
    let agent: EmbeddedAgent;
    const running: ReceivedInputs[] = [];

    const connection = (token?: string): AgentConnection => {
      const [host, port] = agent.endpoint.split(':');
      return { host: host!, port: Number(port), frameworkId: FW, executorId: EX, encoding, ...(token ? { authenticationToken: token } : {}) };
    };
    const subscribe = (token?: string) => {
      const received = new ReceivedInputs(connection(token));
      running.push(received);
      return received;
    };

    beforeEach(async () => {
      agent = await EmbeddedAgent.start({ frameworkId: FW, executorId: EX, authenticationToken: TOKEN });
      agent.launch(buildTaskInfo({ taskId: 'web-1', agentId: agent.agentId, executor: { executorId: EX, frameworkId: FW } }));
    });

    afterEach(async () => {
      for (const received of running.splice(0)) received.stop();
      await agent.stop();
    });

    it('sends Authorization: Bearer <token> with SUBSCRIBE and UPDATE, which an agent requiring it takes', async () => {
      const stream = subscribe(TOKEN);
      await stream.until(() => stream.types().includes('mesos.launch'));
      const { logger } = capturedLogger();
      const feedback: Input[] = [];
      const outbox = new StatusOutbox(connection(TOKEN), (input) => feedback.push(input), logger);
      outbox.send({ type: 'status.send', taskId: 'web-1', state: 'TASK_RUNNING' });
      const update = await agent.waitForUpdate((u) => u.taskId === 'web-1');
      expect(update.state).to.equal('TASK_RUNNING');
      expect(agent.calls.map((call) => [call.type, call.httpStatus])).to.deep.equal([['SUBSCRIBE', 200], ['UPDATE', 202]]);
      outbox.stop();
    });

    it('keeps a refused token out of the inputs that the event log records and out of the log lines', async () => {
      const valid = subscribe(TOKEN);
      await valid.until(() => valid.types().includes('mesos.launch'));
      const refusedStream = subscribe(WRONG);
      await refusedStream.until(() => refusedStream.completed);
      expect(refusedStream.inputs).to.deep.equal([{ type: 'mesos.disconnected', message: 'SUBSCRIBE refused: 401' }]);

      const { lines, logger } = capturedLogger();
      const feedback: Input[] = [];
      const outbox = new StatusOutbox(connection(WRONG), (input) => feedback.push(input), logger);
      outbox.send({ type: 'status.send', taskId: 'web-1', state: 'TASK_RUNNING', message: 'all services run' });
      await valid.until(() => feedback.some((input) => input.type === 'update.refused'));
      outbox.stop();

      expect(lines.join('')).to.contain('the agent refused an UPDATE');
      const everything = JSON.stringify([refusedStream.inputs, valid.inputs, feedback]) + lines.join('');
      for (const secret of [TOKEN, WRONG, 'executor-secret', 'someone-else']) expect(everything).not.to.contain(secret);
    });
  });
}
