import { expect } from 'chai';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmbeddedAgent } from '../../src/agent/embeddedAgent.js';
import { spawnExecutor } from '../../src/agent/executorProcess.js';
import { executorCommand } from '../../src/agent/localPod.js';
import { buildTaskInfo } from '../../src/agent/frameworkTaskInfo.js';
import { composeFile, removeLeftovers, requireDocker } from './support.js';

/** Prints its environment once, then runs until stopped. */
const PRINTS_ENV = { command: ['sh', '-c', "env | sort; trap 'exit 0' TERM; sleep 3600 & wait"] };

describe('named and reported ports', function () {
  this.timeout(60_000);
  before(requireDocker);
  const taskId = `ports-${Date.now()}`;
  after(() => removeLeftovers(taskId));

  it('gives named ports their discovery port and the rest positional ones, and tells the sandbox and the containers', async () => {
    const sandbox = await mkdtemp(path.join(tmpdir(), 'compose-executor-sandbox-'));
    const file = composeFile({
      web: { ...PRINTS_ENV, ports: [{ target: 8080, name: 'http' }, '9000'] },
      admin: { ...PRINTS_ENV, ports: [{ target: 7000, name: 'admin' }] },
    });
    await writeFile(path.join(sandbox, 'docker-compose.yml'), file);
    const agent = await EmbeddedAgent.start({ frameworkId: 'ports-spec', executorId: `executor-${taskId}`, frameworkCapabilities: ['TASK_KILLING_STATE'] });
    // Marathon fills discovery.ports from portDefinitions; the embedded agent passes the TaskInfo through as it is.
    const taskInfo = {
      ...buildTaskInfo({
        taskId,
        agentId: agent.agentId,
        executor: { executorId: agent.executorId, frameworkId: agent.frameworkId },
        labels: { fileName: 'docker-compose.yml' },
        ports: [[31200, 31209]],
      }),
      discovery: { visibility: 'FRAMEWORK', ports: { ports: [{ number: 31205, name: 'http', protocol: 'tcp' }, { number: 31200, name: 'admin', protocol: 'tcp' }] } },
    };
    agent.launch(taskInfo);
    const executor = spawnExecutor({ agent, sandbox, command: executorCommand() });
    try {
      await agent.waitForUpdate((update) => update.taskId === taskId && update.state === 'TASK_RUNNING', 30_000);
      const expected = { PORT_HTTP: '31205', PORT_ADMIN: '31200', PORT_WEB_8080: '31205', PORT_WEB_9000: '31201', PORT_ADMIN_7000: '31200' };

      const ports = JSON.parse(await readFile(path.join(sandbox, 'ports.json'), 'utf8'));
      expect(ports.ports).to.deep.equal([
        { service: 'admin', containerPort: 7000, protocol: 'tcp', hostPort: 31200, name: 'admin' },
        { service: 'web', containerPort: 8080, protocol: 'tcp', hostPort: 31205, name: 'http' },
        { service: 'web', containerPort: 9000, protocol: 'tcp', hostPort: 31201 },
      ]);
      expect(ports.environment).to.deep.equal(expected);

      const seenInside = async () => (await readFile(path.join(sandbox, 'logs', 'web.stdout'), 'utf8').catch(() => '')).split('\n');
      const deadline = Date.now() + 10_000;
      while (!(await seenInside()).includes('PORT_WEB_9000=31201') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await seenInside()).to.include.members(Object.entries(expected).map(([name, value]) => `${name}=${value}`));
    } finally {
      agent.kill(taskId);
      await Promise.race([executor.exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
      executor.child.kill('SIGKILL');
      await agent.stop().catch(() => {});
    }
  });
});
