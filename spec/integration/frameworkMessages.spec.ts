import { expect } from 'chai';
import { nextEvent } from '../../src/agent/nextEvent.js';
import { LONG_RUNNING, PodsUnderTest, composeFile, containersOf, readLog, requireDocker } from './support.js';

const files = [{ name: 'docker-compose.yml', text: composeFile({ web: LONG_RUNNING, db: LONG_RUNNING }) }];

describe('framework messages to a running pod', function () {
  this.timeout(60_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  afterEach(() => pods.cleanUp());

  for (const encoding of ['json', 'protobuf'] as const) {
    it(`answers {"type":"status"} with the state of each service (${encoding}, behind a token), and records any other message`, async () => {
      const pod = await pods.start({ files, encoding, authenticationToken: 'executor-token' });
      await pod.waitForState(['TASK_RUNNING']);

      pod.agent.sendMessage(Buffer.from('hello, executor'));
      const answered = nextEvent<Buffer>(pod.agent, 'message', () => true, 10_000, () => 'no MESSAGE call from the executor');
      pod.agent.sendMessage(Buffer.from('{"type":"status"}'));
      const report = JSON.parse((await answered).toString('utf8'));

      const containers = await containersOf(pod.taskId);
      const idOf = (service: string) => containers.find((c) => c.Labels['com.docker.compose.service'] === service)!.Id;
      expect(report.type).to.equal('status');
      expect(report.tasks).to.have.length(1);
      expect(report.tasks[0]).to.include({ taskId: pod.taskId, state: 'running' });
      expect(report.tasks[0].services.web).to.include({ phase: 'running', containerId: idOf('web') });
      expect(report.tasks[0].services.db).to.include({ phase: 'running', containerId: idOf('db') });
      expect(pod.agent.messages).to.have.length(1);
      const mediaType = encoding === 'json' ? 'application/json' : 'application/x-protobuf';
      expect(pod.agent.calls.map((call) => [call.type, call.httpStatus, call.contentType])).to.deep.include(['MESSAGE', 202, mediaType]);
      expect(pod.agent.calls.every((call) => call.httpStatus !== 401 && call.contentType === mediaType)).to.equal(true);

      pod.kill();
      await pod.finished(20_000);
      const messages = (await readLog(pod)).records.flatMap((r) => (r.kind === 'input' && r.input.type === 'mesos.message' ? [r.input.data] : []));
      expect(messages.map((data) => Buffer.from(data, 'base64').toString())).to.deep.equal(['hello, executor', '{"type":"status"}']);
    });
  }
});
