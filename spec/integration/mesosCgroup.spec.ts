import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readdir, readFile, rmdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { EXECUTOR_BIN } from '../../src/agent/localPod.js';
import { LONG_RUNNING, PodsUnderTest, composeFile, containersOf, docker, executorLog, requireDocker } from './support.js';

const exec = promisify(execFile);
const V1 = '/sys/fs/cgroup';
/** The v1 hierarchies of this host that Mesos's cgroups isolators and Linux launcher use. */
const SUBSYSTEMS = ['cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'blkio', 'pids'];

/**
 * As Mesos's Linux launcher and cgroups isolators start an executor: in
 * `<subsystem>/mesos/<container id>` of every hierarchy before it runs.
 */
const mesosLauncher = (containerId: string, subsystems = SUBSYSTEMS): string[] => [
  'sh',
  '-ec',
  `for s in ${subsystems.join(' ')}; do
     for d in mesos mesos/${containerId}; do
       mkdir -p ${V1}/$s/$d
       # A new cpuset has no cpus or memory nodes until given its parent's.
       if [ $s = cpuset ]; then cat ${V1}/cpuset/cpuset.cpus > ${V1}/cpuset/$d/cpuset.cpus; cat ${V1}/cpuset/cpuset.mems > ${V1}/cpuset/$d/cpuset.mems; fi
     done
     echo $$ > ${V1}/$s/mesos/${containerId}/cgroup.procs
   done
   exec "$@"`,
  'mesos-launcher',
];

describe("the pod under the executor's Mesos container (cgroups v1, cgroupfs driver)", function () {
  this.timeout(90_000);
  const pods = new PodsUnderTest();
  let containerId: string | undefined;
  before(async function () {
    await requireDocker();
    const info = (await docker.info()) as { CgroupDriver?: string; CgroupVersion?: string };
    if (info.CgroupDriver !== 'cgroupfs' || info.CgroupVersion !== '1') throw new Error(`this spec needs Docker on cgroups v1 with the cgroupfs driver, not ${info.CgroupDriver} on v${info.CgroupVersion}`);
  });
  afterEach(async () => {
    try {
      await pods.cleanUp();
    } finally {
      if (containerId !== undefined) await removeCgroups(containerId);
    }
  });

  it("accounts the containers inside the executor's cgroup, and nothing survives Mesos destroying it", async () => {
    const file = { name: 'docker-compose.yml', text: composeFile({ db: LONG_RUNNING, web: { ...LONG_RUNNING, depends_on: ['db'] } }) };
    const pod = await pods.start({ files: [file], launcher: mesosLauncher });
    containerId = pod.agent.containerId;
    const launched = await pod.waitForState(['TASK_RUNNING', 'TASK_FAILED']);
    expect(launched.state, launched.status.message).to.equal('TASK_RUNNING');
    const starting = pod.agent.updates.find((update) => update.taskId === pod.taskId && update.state === 'TASK_STARTING');
    expect(starting?.status.message).to.equal(undefined);

    const executorCgroup = `/mesos/${containerId}`;
    const processes: number[] = [pod.executor.child.pid!];
    for (const container of await containersOf(pod.taskId)) {
      const info = await docker.getContainer(container.Id).inspect();
      expect(info.HostConfig.CgroupParent).to.equal(executorCgroup);
      const cgroups = await readFile(`/proc/${info.State.Pid}/cgroup`, 'utf8');
      for (const subsystem of ['memory', 'freezer', 'cpu', 'pids']) {
        expect(cgroups).to.match(new RegExp(`:(\\S+,)?${subsystem}(,\\S+)?:${executorCgroup}/${container.Id}\\n`));
      }
      processes.push(...(await cgroupProcesses(path.join(V1, 'freezer', executorCgroup, container.Id))));
    }
    expect(processes.length).to.be.greaterThan(4);

    await destroyAsMesos(path.join(V1, 'freezer', executorCgroup));

    await pod.executor.exited;
    for (const pid of processes) expect(await running(pid), `pid ${pid}`).to.equal(false);
    for (const container of await containersOf(pod.taskId)) {
      expect((await docker.getContainer(container.Id).inspect()).State.Running, container.Names[0]).to.equal(false);
    }
    // What is left of the destroyed pod are stopped containers and a network, and gc collects them (kept for no time here).
    const config = path.join(tmpdir(), `mesos-cgroup-${process.pid}.yml`);
    await writeFile(config, 'cleanup:\n  kept_for: 1ms\n');
    const { stdout } = await exec(process.execPath, [EXECUTOR_BIN, 'gc', '--config', config]);
    expect(stdout).to.contain(`removed container ${pod.taskId}_db`);
    expect(await containersOf(pod.taskId)).to.be.empty;
  });

  it('removes, once its pods are gone, the empty cgroups Docker made for them in hierarchies Mesos does not manage', async () => {
    const file = { name: 'docker-compose.yml', text: composeFile({ db: LONG_RUNNING }) };
    const managed = ['freezer', 'memory', 'cpu', 'cpuacct'];
    const pod = await pods.start({ files: [file], launcher: (id) => mesosLauncher(id, managed) });
    containerId = pod.agent.containerId;
    await pod.waitForState(['TASK_RUNNING']);
    const [container] = await containersOf(pod.taskId);
    const pid = (await docker.getContainer(container!.Id).inspect()).State.Pid;
    expect(await readFile(`/proc/${pid}/cgroup`, 'utf8')).to.contain(`:pids:/mesos/${containerId}/${container!.Id}\n`);

    pod.kill();
    await pod.waitForState(['TASK_KILLED']);
    await pod.finished(20_000);

    for (const subsystem of ['pids', 'blkio', 'devices', 'cpuset']) expect(await exists(path.join(V1, subsystem, 'mesos', containerId)), subsystem).to.equal(false);
    for (const subsystem of managed) expect(await exists(path.join(V1, subsystem, 'mesos', containerId)), subsystem).to.equal(true);
  });

  it('says in its log and its first update that the pod is not accounted, when Mesos runs it without cgroups isolation', async () => {
    const file = { name: 'docker-compose.yml', text: composeFile({ db: LONG_RUNNING }) };
    const pod = await pods.start({ files: [file] });
    await pod.waitForState(['TASK_RUNNING']);
    const first = pod.agent.updates.find((update) => update.taskId === pod.taskId);
    expect(first?.state).to.equal('TASK_STARTING');
    expect(first?.status.message).to.contain("the executor is not in a Mesos container's cgroup").and.to.contain('not counted against the task');
    expect(await executorLog(pod)).to.contain("pod cgroups: the executor is not in a Mesos container's cgroup");
    const [container] = await containersOf(pod.taskId);
    expect((await docker.getContainer(container!.Id).inspect()).HostConfig.CgroupParent).to.equal('');
  });
});

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}

/** Every pid in the cgroup and those nested in it. */
async function cgroupProcesses(cgroup: string): Promise<number[]> {
  const own = (await readFile(path.join(cgroup, 'cgroup.procs'), 'utf8').catch(() => '')).split('\n').filter(Boolean).map(Number);
  const nested = await Promise.all((await subdirectories(cgroup)).map((dir) => cgroupProcesses(dir)));
  return [...own, ...nested.flat()];
}

async function subdirectories(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory()).map((entry) => path.join(dir, entry.name));
}

/**
 * cgroups::destroy in the freezer hierarchy (src/linux/cgroups.cpp): each
 * cgroup of the tree, nested ones first, is frozen, every task in it
 * SIGKILLed, thawed and emptied; then the tree is removed bottom-up.
 */
async function destroyAsMesos(top: string): Promise<void> {
  const tree: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const sub of await subdirectories(dir)) await walk(sub);
    tree.push(dir);
  };
  await walk(top);
  for (const cgroup of tree) {
    await writeFile(path.join(cgroup, 'freezer.state'), 'FROZEN');
    await until(async () => (await readFile(path.join(cgroup, 'freezer.state'), 'utf8')).trim() === 'FROZEN');
    for (const pid of await cgroupProcesses(cgroup)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
    await writeFile(path.join(cgroup, 'freezer.state'), 'THAWED');
  }
  await until(async () => (await cgroupProcesses(top)).length === 0);
  for (const cgroup of tree) await until(() => rmdir(cgroup).then(() => true, (error: NodeJS.ErrnoException) => error.code === 'ENOENT'));
}

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (await condition()) return;
  }
  throw new Error(`still not so after ${timeoutMs} ms: ${condition.toString()}`);
}

/** Alive and not a zombie. */
async function running(pid: number): Promise<boolean> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const state = text.slice(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3);
  return text !== '' && state !== 'Z' && state !== 'X';
}

/** What is left in the other hierarchies once nothing runs there, as each isolator's cleanup removes it. */
async function removeCgroups(containerId: string): Promise<void> {
  for (const subsystem of SUBSYSTEMS) {
    const top = path.join(V1, subsystem, 'mesos', containerId);
    const walk = async (dir: string): Promise<void> => {
      for (const sub of await subdirectories(dir)) await walk(sub);
      await rmdir(dir).catch(() => {});
    };
    if (await stat(top).then(() => true, () => false)) await walk(top);
    await rmdir(path.join(V1, subsystem, 'mesos')).catch(() => {});
  }
}
