import { expect } from 'chai';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { containerProcesses } from '../../src/adapters/containerProcesses.js';

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
});
