import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedAgent } from '../../src/agent/embeddedAgent.js';
import { spawnExecutor } from '../../src/agent/executorProcess.js';
import { buildTaskInfo } from '../../src/agent/frameworkTaskInfo.js';

const PRINT_ENV = `
const keys = Object.keys(process.env).filter((k) => k.startsWith('MESOS_')).sort();
console.log(JSON.stringify({ cwd: process.cwd(), env: Object.fromEntries(keys.map((k) => [k, process.env[k]])) }));
console.error('to stderr');
`;

describe('executor process as a Mesos agent starts it', () => {
  let agent: EmbeddedAgent;
  let sandbox: string;

  beforeEach(async () => {
    agent = await EmbeddedAgent.start({ frameworkId: 'fw-1', executorId: 'ex-1', checkpoint: true, authenticationToken: 'tok' });
    sandbox = await mkdtemp(join(tmpdir(), 'sandbox-'));
  });

  afterEach(async () => {
    await agent.stop();
    await rm(sandbox, { recursive: true, force: true });
  });

  it('runs in the sandbox with the agent environment, its output in the sandbox files', async () => {
    const { exited } = spawnExecutor({ agent, sandbox, command: [process.execPath, '-e', PRINT_ENV], shutdownGracePeriod: '3secs' });
    expect(await exited).to.deep.equal({ code: 0, signal: null });
    const printed = JSON.parse(await readFile(join(sandbox, 'stdout'), 'utf8'));
    expect(printed.cwd).to.equal(sandbox);
    expect(printed.env).to.deep.equal({
      MESOS_AGENT_ENDPOINT: agent.endpoint,
      MESOS_CHECKPOINT: '1',
      MESOS_DIRECTORY: sandbox,
      MESOS_EXECUTOR_AUTHENTICATION_TOKEN: 'tok',
      MESOS_EXECUTOR_ID: 'ex-1',
      MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: '3secs',
      MESOS_FRAMEWORK_ID: 'fw-1',
      MESOS_HTTP_COMMAND_EXECUTOR: '0',
      MESOS_RECOVERY_TIMEOUT: '15mins',
      MESOS_SANDBOX: sandbox,
      MESOS_SLAVE_ID: agent.agentId,
      MESOS_SLAVE_PID: `slave(1)@${agent.endpoint}`,
      MESOS_SUBSCRIPTION_BACKOFF_MAX: '2secs',
    });
    expect(await readFile(join(sandbox, 'stderr'), 'utf8')).to.equal('to stderr\n');
  });

  it('leaves out the recovery variables without checkpointing', async () => {
    const { exited } = spawnExecutor({ agent, sandbox, command: [process.execPath, '-e', PRINT_ENV], checkpoint: false });
    await exited;
    const { env } = JSON.parse(await readFile(join(sandbox, 'stdout'), 'utf8'));
    expect(env).to.include({ MESOS_CHECKPOINT: '0', MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: '5secs' });
    expect(env).not.to.have.any.keys('MESOS_RECOVERY_TIMEOUT', 'MESOS_SUBSCRIPTION_BACKOFF_MAX');
  });

  it('destroys an executor that outlives the shutdown grace period and fails its tasks', async () => {
    agent.launch(buildTaskInfo({ taskId: 'web-1', agentId: agent.agentId, executor: { executorId: 'ex-1', frameworkId: 'fw-1' } }));
    const { exited } = spawnExecutor({ agent, sandbox, command: [process.execPath, '-e', 'setTimeout(() => {}, 10000)'], shutdownGracePeriod: '100ms' });
    agent.shutdown();
    expect(await exited).to.deep.equal({ code: null, signal: 'SIGKILL' });
    expect(agent.agentUpdates.map((t) => [t.taskId, t.state, t.reason])).to.deep.equal([['web-1', 'TASK_FAILED', 'REASON_EXECUTOR_TERMINATED']]);
  });
});
