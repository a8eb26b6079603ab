import { expect } from 'chai';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { INITIAL_PID_NAMESPACE, OwnerJudge, ownedBy, ownerLabels, readOwner } from '../../src/adapters/ownerLiveness.js';

const BOOT = '1b6e8f2c-0000-4000-8000-000000000001';

interface FakeProcess {
  namespace: string;
  /** Its pids from the namespace /proc belongs to down to its own, as NSpid lists them. */
  nsPids: number[];
  startTime: string;
  state?: string;
}

/** A /proc as seen from namespace `own`, holding `processes` by their pid there. */
async function procOf(own: string, processes: Record<number, FakeProcess>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'proc-'));
  await mkdir(path.join(root, 'sys', 'kernel', 'random'), { recursive: true });
  await writeFile(path.join(root, 'sys', 'kernel', 'random', 'boot_id'), `${BOOT}\n`);
  const entries: Record<string, FakeProcess> = { self: { namespace: own, nsPids: [42], startTime: '5000' }, ...processes };
  for (const [pid, process] of Object.entries(entries)) {
    await mkdir(path.join(root, pid, 'ns'), { recursive: true });
    await symlink(`pid:[${process.namespace}]`, path.join(root, pid, 'ns', 'pid'));
    await writeFile(path.join(root, pid, 'status'), `Name:\tnode\nNSpid:\t${process.nsPids.join('\t')}\n`);
    const fields = [process.state ?? 'S', ...Array.from({ length: 18 }, () => '0'), process.startTime, '0'];
    await writeFile(path.join(root, pid, 'stat'), `${pid} (node main) ${fields.join(' ')}`);
  }
  return root;
}

const labels = (pid: number, namespace: string, startTime: string, bootId = BOOT) =>
  ownerLabels({ pid, bootId, pidNamespace: namespace, startTime });

describe('whether the executor that made a pod still runs', () => {
  it('reads its own pid namespace and start time, and knows its own labels', async () => {
    const root = await procOf(INITIAL_PID_NAMESPACE, {});
    const owner = { ...readOwner(root), pid: 42 };
    expect(owner).to.deep.equal({ pid: 42, bootId: BOOT, pidNamespace: INITIAL_PID_NAMESPACE, startTime: '5000' });
    expect(ownedBy(ownerLabels(owner), owner)).to.equal(true);
    expect(ownedBy({ ...ownerLabels(owner), 'compose-executor.start-time': '4999' }, owner)).to.equal(false);
  });

  it('finds an executor that is pid 1 of its own namespace from the host, and tells a dead one by its start time', async () => {
    const root = await procOf(INITIAL_PID_NAMESPACE, { 7001: { namespace: '4026532400', nsPids: [7001, 1], startTime: '9000' } });
    const judge = new OwnerJudge(root);
    expect(judge.judge(labels(1, '4026532400', '9000'))).to.deep.equal({ state: 'alive' });
    expect(judge.judge(labels(1, '4026532400', '8000')).state).to.equal('dead');
    expect(judge.judge(labels(1, '4026532500', '9000'))).to.deep.include({ state: 'dead', why: 'the pid namespace 4026532500 its executor ran in has no process left' });
  });

  it('judges an executor of its own namespace by pid and start time, so a recycled pid is not taken for it', async () => {
    const root = await procOf('4026532400', { 1: { namespace: '4026532400', nsPids: [1], startTime: '9000' } });
    const judge = new OwnerJudge(root);
    expect(judge.judge(labels(1, '4026532400', '9000')).state).to.equal('alive');
    expect(judge.judge(labels(1, '4026532400', '9100')).state).to.equal('dead');
  });

  it('counts a zombie executor as dead', async () => {
    const root = await procOf(INITIAL_PID_NAMESPACE, { 300: { namespace: INITIAL_PID_NAMESPACE, nsPids: [300], startTime: '9000', state: 'Z' } });
    expect(new OwnerJudge(root).judge(labels(300, INITIAL_PID_NAMESPACE, '9000')).state).to.equal('dead');
  });

  it('cannot tell from another pid namespace, nor from labels without a namespace, but knows an earlier boot', async () => {
    const root = await procOf('4026532600', {});
    const judge = new OwnerJudge(root);
    expect(judge.judge(labels(1, '4026532400', '9000')).state).to.equal('unknown');
    expect(judge.judge({ 'compose-executor.pid': '1', 'compose-executor.boot-id': BOOT }).state).to.equal('unknown');
    expect(judge.judge(labels(1, '4026532400', '9000', 'another-boot')).state).to.equal('dead');
  });
});
