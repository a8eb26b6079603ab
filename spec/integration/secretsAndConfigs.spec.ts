import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { LONG_RUNNING, PodsUnderTest, TEST_IMAGE, containersOf, executorLog, requireDocker } from './support.js';

const exec = promisify(execFile);

const SECRET_VALUE = 'pa55-3f1c-never-logged';

/** What a shell in the service's container prints. */
async function inContainer(taskId: string, service: string, script: string): Promise<string> {
  const container = (await containersOf(taskId)).find((c) => c.Labels['com.docker.compose.service'] === service);
  if (!container) throw new Error(`no container of ${service}`);
  return (await exec('docker', ['exec', container.Id, 'sh', '-c', script])).stdout;
}

describe('secrets and configs in a running pod', function () {
  this.timeout(90_000);
  const pods = new PodsUnderTest();
  let sandbox: string;
  before(requireDocker);
  beforeEach(async () => {
    sandbox = await mkdtemp(path.join(tmpdir(), 'compose-executor-secrets-'));
  });
  afterEach(async () => {
    await pods.cleanUp();
    await rm(sandbox, { recursive: true, force: true });
  });

  it('gives the container its secrets and configs with their content, mode and owner, and never logs the secret', async () => {
    await writeFile(path.join(sandbox, 'db-password.txt'), 'from-a-file\n');
    await writeFile(path.join(sandbox, 'app.conf'), 'listen 8080\n');
    const text = [
      'services:',
      '  web:',
      `    image: ${TEST_IMAGE}`,
      `    command: ${JSON.stringify(LONG_RUNNING.command)}`,
      '    secrets:',
      '      - db_password',
      '      - {source: api_token, uid: "1000", gid: "1001", mode: 0o440}',
      '    configs:',
      '      - {source: app, target: /etc/app.conf}',
      '      - motd',
      'secrets:',
      '  db_password: {file: ./db-password.txt}',
      '  api_token: {environment: API_TOKEN}',
      'configs:',
      '  app: {file: app.conf}',
      '  motd: {content: "hello from ${GREETER}"}',
      '',
    ].join('\n');
    const pod = await pods.start({
      sandbox,
      files: [{ name: 'docker-compose.yml', text }],
      // Debug makes the executor log every input, the planned pod included.
      env: { API_TOKEN: SECRET_VALUE, GREETER: 'the pod', COMPOSE_EXECUTOR_LOG_LEVEL: 'debug' },
    });
    await pod.waitForState(['TASK_RUNNING'], 30_000);

    const read = async (file: string) => (await inContainer(pod.taskId, 'web', `stat -c '%a %u %g' ${file}; cat ${file}`)).split('\n');
    expect(await read('/run/secrets/api_token')).to.deep.equal(['440 1000 1001', SECRET_VALUE]);
    expect(await read('/run/secrets/db_password')).to.deep.include('from-a-file');
    expect(await read('/etc/app.conf')).to.deep.include('listen 8080');
    expect(await read('/motd')).to.deep.equal(['444 0 0', 'hello from the pod']);
    // A bound secret is read-only in the container, as Compose binds it.
    expect(await inContainer(pod.taskId, 'web', 'echo x > /run/secrets/db_password 2>&1 || echo refused')).to.contain('refused');

    pod.kill();
    await pod.waitForState(['TASK_KILLED'], 20_000);
    await pod.finished(20_000);
    const eventLog = await readFile(path.join(sandbox, 'events.jsonl'), 'utf8');
    expect(eventLog).to.contain('"target":"/run/secrets/api_token"');
    expect(eventLog).not.to.contain(SECRET_VALUE);
    const ownLog = await executorLog(pod);
    expect(ownLog).to.contain('pod.planned');
    expect(ownLog).not.to.contain(SECRET_VALUE);
  });

  it('fails the task naming the secret when its variable is not set', async () => {
    const text = `services:\n  web:\n    image: ${TEST_IMAGE}\n    secrets: [token]\nsecrets:\n  token: {environment: NOT_SET_ANYWHERE}\n`;
    const pod = await pods.start({ sandbox, files: [{ name: 'docker-compose.yml', text }] });
    const failed = await pod.waitForState(['TASK_FAILED'], 30_000);
    expect(failed.status.message).to.match(/^service web: could not write its secrets and configs \(\/run\/secrets\/token\): environment variable "NOT_SET_ANYWHERE" required by secret token is not set/);
  });
});
