import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, rmdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { containerProcesses, endContainerProcesses } from '../../src/adapters/containerProcesses.js';

const id = 'a'.repeat(64);

async function procWith(processes: Record<number, { cgroup: string; state: string }>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'proc-'));
  for (const [pid, { cgroup, state }] of Object.entries(processes)) {
    await mkdir(path.join(root, pid));
    await writeFile(path.join(root, pid, 'cgroup'), cgroup);
    await writeFile(path.join(root, pid, 'stat'), `${pid} (sh) ${state} 1 1 1`);
  }
  await writeFile(path.join(root, 'uptime'), '1 1');
  return root;
}

describe('the processes of a container, found through its cgroup', () => {
  it('finds the live processes under the container id, whatever the cgroup driver, and no zombie or stranger', async () => {
    const root = await procWith({
      101: { cgroup: `12:memory:/docker/${id}\n0::/docker/${id}\n`, state: 'S' },
      102: { cgroup: `0::/system.slice/docker-${id}.scope\n`, state: 'R' },
      103: { cgroup: `12:memory:/docker/${id}\n`, state: 'Z' },
      104: { cgroup: `12:memory:/docker/${'b'.repeat(64)}\n`, state: 'S' },
    });
    expect((await containerProcesses(id, root)).sort()).to.deep.equal([101, 102]);
  });

  it('finds nothing for what is not a full container id', async () => {
    const root = await procWith({ 101: { cgroup: '12:memory:/docker/abc\n', state: 'S' } });
    expect(await containerProcesses('abc', root)).to.be.empty;
  });

  it('ends a process that comes up after the first empty look, as one does when the engine stopped answering mid-start', async function () {
    this.timeout(10_000);
    const root = await procWith({});
    const late = spawn('sleep', ['30'], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => late.once('exit', (_code, signal) => resolve(signal)));
    // The fake /proc shows the process 300 ms in, and forgets it once it is gone, as the kernel would.
    const shown = setTimeout(() => void procEntry(root, late.pid!, `0::/docker/${id}\n`), 300);
    void exited.then(() => rm(path.join(root, String(late.pid)), { recursive: true, force: true }));
    try {
      const outcome = await endContainerProcesses(id, 3000, root, 1000);
      expect(outcome).to.deep.equal({ ended: [late.pid], left: [] });
      expect(await exited).to.equal('SIGKILL');
    } finally {
      clearTimeout(shown);
      late.kill('SIGKILL');
    }
  });
});

describe('ending a container from inside a pid namespace of its own (namespaces/pid)', () => {
  /** A /proc as the executor sees it there: its own namespace, none of the container's processes. */
  async function procInNamespace(): Promise<string> {
    const root = await mkdtemp(path.join(tmpdir(), 'proc-'));
    await mkdir(path.join(root, 'self', 'ns'), { recursive: true });
    await symlink('pid:[4026532999]', path.join(root, 'self', 'ns', 'pid'));
    return root;
  }

  it("kills them through the container's cgroups v2 cgroup.kill", async function () {
    this.timeout(10_000);
    // This host's v2 hierarchy (hybrid: /sys/fs/cgroup/unified) stands for a v2 host's /sys/fs/cgroup.
    const unified = '/sys/fs/cgroup/unified';
    const parent = path.join(unified, `compose-executor-spec-${process.pid}`);
    const cgroup = path.join(parent, id);
    await mkdir(cgroup, { recursive: true });
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => sleeper.once('exit', (_code, signal) => resolve(signal)));
    try {
      await writeFile(path.join(cgroup, 'cgroup.procs'), String(sleeper.pid));
      const outcome = await endContainerProcesses(id, 3000, await procInNamespace(), 1000, parent);
      expect(outcome).to.deep.equal({ ended: [], left: [], cgroup });
      expect(await exited).to.equal('SIGKILL');
    } finally {
      sleeper.kill('SIGKILL');
      await exited;
      await rmdir(cgroup).catch(() => {});
      await rmdir(parent).catch(() => {});
    }
  });

  it('says it can neither see nor end them when no v2 cgroup of the container is found (cgroups v1)', async () => {
    const outcome = await endContainerProcesses(id, 500, await procInNamespace(), 100, await mkdtemp(path.join(tmpdir(), 'cgroup-')));
    expect(outcome.ended).to.be.empty;
    expect(outcome.unseen).to.contain('pid namespace 4026532999').and.to.contain('can be neither seen nor signalled').and.to.contain('no cgroups v2 cgroup');
  });
});

async function procEntry(root: string, pid: number, cgroup: string): Promise<void> {
  await mkdir(path.join(root, String(pid)));
  await writeFile(path.join(root, String(pid), 'cgroup'), cgroup);
  await writeFile(path.join(root, String(pid), 'stat'), `${pid} (sleep) S 1 1 1`);
}
