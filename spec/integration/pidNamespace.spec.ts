import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { EXECUTOR_BIN } from '../../src/agent/localPod.js';
import { INITIAL_PID_NAMESPACE } from '../../src/adapters/ownerLiveness.js';
import { LABELS } from '../../src/compose/labels.js';
import { LONG_RUNNING, PodsUnderTest, composeFile, containersOf, networksOf, requireDocker } from './support.js';

const exec = promisify(execFile);

/** As Mesos's `namespaces/pid` isolator runs an executor: pid 1 of a new pid namespace with its own /proc; it dies with its launcher. */
const pidNamespace = () => ['unshare', '--pid', '--fork', '--mount-proc', '--kill-child'];

describe('an executor in a pid namespace of its own (namespaces/pid)', function () {
  this.timeout(90_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  afterEach(() => pods.cleanUp());

  const file = { name: 'docker-compose.yml', text: composeFile({ db: LONG_RUNNING, web: { ...LONG_RUNNING, depends_on: ['db'] } }) };

  it('is spared by gc on the host while it runs, and collected once it has died', async () => {
    const pod = await pods.start({ files: [file], launcher: pidNamespace });
    await pod.waitForState(['TASK_RUNNING']);
    const labels = (await containersOf(pod.taskId))[0]!.Labels;
    expect(labels[LABELS.ownerPid]).to.equal('1');
    expect(labels[LABELS.ownerPidNamespace]).to.match(/^\d+$/).and.not.to.equal(INITIAL_PID_NAMESPACE);

    const spared = await exec(process.execPath, [EXECUTOR_BIN, 'gc']);
    expect(spared.stdout).not.to.contain(pod.taskId);
    expect(await containersOf(pod.taskId)).to.have.length(2);
    expect((await pod.waitForState(['TASK_RUNNING'])).state).to.equal('TASK_RUNNING');
    expect(pod.states()).not.to.include('TASK_FAILED');

    pod.executor.child.kill('SIGKILL');
    await pod.executor.exited;
    await namespaceGone(labels[LABELS.ownerPidNamespace]!);
    const collected = await exec(process.execPath, [EXECUTOR_BIN, 'gc']);
    expect(collected.stdout).to.contain(`removed container ${pod.taskId}_db (task ${pod.taskId})`);
    expect(collected.stdout).to.contain(`removed network ${pod.taskId}_default (task ${pod.taskId})`);
    expect(await containersOf(pod.taskId)).to.be.empty;
    expect(await networksOf(pod.taskId)).to.be.empty;
  });

  it('is judged by its beacon from another pid namespace on the same network: spared alive, collected dead', async () => {
    const alive = await pods.start({ files: [file], launcher: pidNamespace });
    const dead = await pods.start({ files: [file], launcher: pidNamespace });
    await Promise.all([alive.waitForState(['TASK_RUNNING']), dead.waitForState(['TASK_RUNNING'])]);
    expect((await containersOf(alive.taskId))[0]!.Labels[LABELS.ownerNetNamespace]).to.match(/^\d+$/);
    const deadNamespace = (await containersOf(dead.taskId))[0]!.Labels[LABELS.ownerPidNamespace]!;
    dead.executor.child.kill('SIGKILL');
    await dead.executor.exited;
    await namespaceGone(deadNamespace);

    const { stdout } = await exec('unshare', ['--pid', '--fork', '--mount-proc', process.execPath, EXECUTOR_BIN, 'gc', '--config', await noRetention()]);

    expect(stdout).not.to.contain(alive.taskId);
    expect(await containersOf(alive.taskId)).to.have.length(2);
    expect(stdout).to.contain(`removed container ${dead.taskId}_db`);
    expect(await containersOf(dead.taskId)).to.be.empty;
  });

  it('is left alone, and said so, by a gc that can see neither its processes nor its beacon, dead or alive', async () => {
    const alive = await pods.start({ files: [file], launcher: pidNamespace });
    const dead = await pods.start({ files: [file], launcher: pidNamespace });
    await Promise.all([alive.waitForState(['TASK_RUNNING']), dead.waitForState(['TASK_RUNNING'])]);
    dead.executor.child.kill('SIGKILL');
    await dead.executor.exited;

    const { stdout } = await exec('unshare', ['--pid', '--net', '--fork', '--mount-proc', process.execPath, EXECUTOR_BIN, 'gc', '--config', await noRetention()]);

    for (const pod of [alive, dead]) {
      expect(stdout).to.contain(`leaving task ${pod.taskId}: cannot tell whether its executor is alive`);
      expect(await containersOf(pod.taskId)).to.have.length(2);
    }
    expect(stdout).to.contain('run gc as root in the host');
  });
});

/** A config that keeps no stopped pod for inspection, so a destroyed pod is collected at once. */
async function noRetention(): Promise<string> {
  const config = path.join(tmpdir(), `pid-namespace-${process.pid}.yml`);
  await writeFile(config, 'cleanup:\n  kept_for: 1ms\n');
  return config;
}

/** Killing the launcher kills pid 1 of the namespace, and with it the rest; the kernel takes a moment. */
async function namespaceGone(inode: string): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    const { stdout } = await exec('sh', ['-c', `for ns in /proc/[0-9]*/ns/pid; do readlink "$ns"; done 2>/dev/null | grep -c '${inode}' || true`]);
    if (stdout.trim() === '0') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`pid namespace ${inode} still has processes`);
}
