import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PodsUnderTest, TEST_IMAGE, removeLeftovers, requireDocker } from './support.js';
import { projectWith, startCli, verifyUpReplay } from './upSupport.js';

const GREETER = `services:
  greeter:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo \\"greeting=\${GREETING} \${NAME:-nobody}\${PLACE:-}\\""]
`;

/** Never healthy: the pod can only end by its launch timeout. */
const NEVER_HEALTHY = `services:
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
    healthcheck: { test: ["CMD", "false"], interval: 500ms, retries: 1 }
`;

/** The same message for two pods, whatever their task ids. */
const sameFor = (message: string, taskId: string) => message.split(taskId).join('TASK');

describe('up gives the pod what Mesos would give it', function () {
  this.timeout(90_000);
  const pods = new PodsUnderTest();
  const taskIds: string[] = [];
  before(requireDocker);
  afterEach(async () => {
    await pods.cleanUp();
    for (const taskId of taskIds.splice(0)) await removeLeftovers(taskId);
  });

  const taskId = (name: string) => {
    const id = `up-mesos-${name}-${process.pid}`;
    taskIds.push(id);
    return id;
  };

  it("interpolates ${VAR} from the shell's environment as from a Marathon app's env, and the .env beside the file, and exits 0 when the pod finishes", async () => {
    const dir = projectWith({ 'docker-compose.yml': GREETER, '.env': 'NAME=dotenv\nGREETING=overridden by the shell\n' });
    const up = startCli(['up', '-f', path.join(dir, 'docker-compose.yml'), '-p', taskId('shell'), '--ports', '31320-31329'], { GREETING: 'hello from the shell' });
    expect(await up.exited, up.err).to.equal(0);
    expect(up.out).to.contain('greeter-1 | greeting=hello from the shell dotenv\n');
    expect(up.out).to.contain('TASK_FINISHED');
    await verifyUpReplay(up);

    // Marathon puts the app's env in the executor's environment; the embedded agent launches it so.
    // The fetcher puts the `.env` in the sandbox beside the file.
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text: GREETER }], sandboxFiles: [{ from: path.join(dir, '.env'), name: '.env' }], env: { GREETING: 'hello from the shell' } });
    await pod.waitForState(['TASK_FINISHED'], 30_000);
    // The last lines reach the sandbox as the executor exits.
    await pod.executor.exited;
    expect(await readFile(path.join(pod.sandbox, 'logs', 'greeter.stdout'), 'utf8')).to.equal('greeting=hello from the shell dotenv\n');
  });

  it('takes variables from --env-file (instead of .env) beneath the shell, and -e above both', async () => {
    const dir = projectWith({ 'docker-compose.yml': GREETER, 'vars.env': 'GREETING=from the file\nNAME=file\n', '.env': 'PLACE= not read with --env-file\n' });
    const up = startCli(
      ['up', '-f', path.join(dir, 'docker-compose.yml'), '-p', taskId('envfile'), '--env-file', path.join(dir, 'vars.env'), '-e', 'NAME=flag', '--no-log-prefix'],
      { NAME: 'shell' },
    );
    expect(await up.exited, up.err).to.equal(0);
    expect(up.out).to.match(/^greeting=from the file flag$/m);
  });

  it("refuses a pod by the operator's policy from --config or COMPOSE_EXECUTOR_CONFIG as the executor under Mesos does, exit 1", async () => {
    const dir = projectWith({ 'docker-compose.yml': GREETER, 'operator.yml': 'policy:\n  registries: [registry.example.org]\n' });
    const config = path.join(dir, 'operator.yml');
    const byFlag = startCli(['up', '-f', path.join(dir, 'docker-compose.yml'), '-p', taskId('flag'), '--config', config]);
    expect(await byFlag.exited).to.equal(1);
    const refusal = /compose-executor up: TASK_FAILED: (.*registry\.example\.org.*)\n/.exec(byFlag.err)?.[1];
    expect(refusal, byFlag.err).to.be.a('string');

    const byShell = startCli(['up', '-f', path.join(dir, 'docker-compose.yml'), '-p', taskId('shellconfig')], { COMPOSE_EXECUTOR_CONFIG: config });
    expect(await byShell.exited).to.equal(1);
    expect(sameFor(byShell.err, taskId('shellconfig'))).to.contain(sameFor(refusal!, taskId('flag')));

    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text: GREETER }], env: { COMPOSE_EXECUTOR_CONFIG: config } });
    const failed = await pod.waitForState(['TASK_FAILED'], 30_000);
    expect(sameFor(String(failed.status.message), pod.taskId)).to.equal(sameFor(refusal!, taskId('flag')));
  });

  it('applies a per-task setting from --label as from a task label under Mesos', async () => {
    const dir = projectWith({ 'docker-compose.yml': NEVER_HEALTHY });
    const id = taskId('label');
    const up = startCli(['up', '-f', path.join(dir, 'docker-compose.yml'), '-p', id, '--ports', '31330-31339', '--label', 'compose-executor.launch_timeout=2secs']);
    expect(await up.exited).to.equal(1);
    const failure = /compose-executor up: TASK_FAILED: (.*)\n/.exec(up.err)?.[1];
    expect(failure, up.err).to.match(/2000 ?ms|2 ?s/);

    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text: NEVER_HEALTHY }], labels: { 'compose-executor.launch_timeout': '2secs' } });
    const failed = await pod.waitForState(['TASK_FAILED'], 30_000);
    expect(sameFor(String(failed.status.message), pod.taskId)).to.equal(sameFor(failure!, id));
  });
});
