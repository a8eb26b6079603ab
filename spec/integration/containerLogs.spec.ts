import { expect } from 'chai';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LocalPod } from '../../src/agent/localPod.js';
import { LONG_RUNNING, PodsUnderTest, composeFile, containersOf, docker, requireDocker } from './support.js';

const sandboxFile = (pod: LocalPod, name: string) => readFile(path.join(pod.sandbox, name), 'utf8').catch(() => '');
const sizeOf = (pod: LocalPod, name: string) => stat(path.join(pod.sandbox, name)).then((stats) => stats.size, () => 0);

async function until(what: string, done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function configFile(text: string): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'executor-config-')), 'executor.yml');
  await writeFile(file, text);
  return file;
}

/** The executor's peak resident memory so far, from the kernel's high-water mark. */
async function peakRssMb(pod: LocalPod): Promise<number> {
  const status = await readFile(`/proc/${pod.executor.child.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
}

const FLOOD_LINES = 500_000;
// 500,000 numbered lines of 100 bytes: 50 MB, as fast as busybox awk writes them.
const flood = (lines: number | 'forever') => ({
  command: ['sh', '-c', `awk 'BEGIN { for (i = 1; ${lines === 'forever' ? '' : `i <= ${lines}`}; i++) printf "%08d %091d\\n", i, 0 }'; trap 'exit 0' TERM; sleep 3600 & wait`],
});

describe('container logs in the sandbox', function () {
  this.timeout(90_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  afterEach(() => pods.cleanUp());

  it("puts every service's lines in the sandbox's stdout and stderr with Compose's prefix, and in logs/, rotated", async () => {
    const file = composeFile({
      talker: { command: ['sh', '-c', "echo out one; echo err one >&2; echo out two; trap 'exit 0' TERM; sleep 3600 & wait"] },
      quick: { command: ['sh', '-c', 'echo bye; echo bye-err >&2'], restart: 'no' },
      // Four bursts of 50 lines of 49 bytes, a second apart, each past the 2000 bytes at which the file rotates.
      chatty: { command: ['sh', '-c', "for burst in 1 2 3 4; do for i in $$(seq 1 50); do echo line $$burst.$$i of chatty padded to 49 bytes.....; done; sleep 1; done; echo done; trap 'exit 0' TERM; sleep 3600 & wait"] },
    });
    const config = await configFile('container_log_max_bytes: 2000\ncontainer_log_files: 2\n');
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text: file }], env: { COMPOSE_EXECUTOR_CONFIG: config } });
    await until('every line in the sandbox', async () => (await sandboxFile(pod, 'stdout')).includes('chatty-1  | done') && (await sandboxFile(pod, 'stderr')).includes('bye-err'), 30_000);
    pod.kill();
    await pod.finished(30_000);

    const stdout = (await sandboxFile(pod, 'stdout')).split('\n');
    const stderr = (await sandboxFile(pod, 'stderr')).split('\n');
    // Names are padded to the longest, chatty-1 and talker-1, as Compose pads them.
    expect(stdout).to.include.members(['talker-1  | out one', 'talker-1  | out two', 'quick-1   | bye', 'chatty-1  | line 1.1 of chatty padded to 49 bytes.....']);
    expect(stderr).to.include.members(['talker-1  | err one', 'quick-1   | bye-err']);
    expect(stderr.filter((line) => line.startsWith('{'))).to.deep.equal([], 'the executor logs to executor.log, not to stderr');

    const logs = path.join(pod.sandbox, 'logs');
    expect(await readFile(path.join(logs, 'talker.stdout'), 'utf8')).to.equal('out one\nout two\n');
    expect(await readFile(path.join(logs, 'talker.stderr'), 'utf8')).to.equal('err one\n');
    expect(await readFile(path.join(logs, 'quick.stdout'), 'utf8')).to.equal('bye\n');
    expect((await readdir(logs)).filter((name) => name.startsWith('chatty.stdout')).sort()).to.deep.equal(['chatty.stdout', 'chatty.stdout.1', 'chatty.stdout.2']);
    expect(await readFile(path.join(logs, 'chatty.stdout'), 'utf8')).to.match(/(^|\n)done\n$/);
    // A file rotates after the write that takes it past the size, so it may pass it by one read of Docker's log.
    for (const rotated of ['chatty.stdout.1', 'chatty.stdout.2']) {
      expect((await stat(path.join(logs, rotated))).size).to.be.within(2000, 2000 + 2450);
    }

    const executorLog = (await sandboxFile(pod, 'executor.log')).trim().split('\n');
    expect(executorLog.length).to.be.greaterThan(0);
    for (const line of executorLog) expect(() => JSON.parse(line)).not.to.throw();
  });

  it('takes 50 MB from a fast service line by line, in bounded memory', async () => {
    const file = composeFile({ flood: flood(FLOOD_LINES) });
    const config = await configFile(`container_log_max_bytes: ${64 * 1024 * 1024}\n`);
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text: file }], env: { COMPOSE_EXECUTOR_CONFIG: config } });
    await until('every flood byte in logs/', async () => (await sizeOf(pod, 'logs/flood.stdout')) >= FLOOD_LINES * 100, 80_000);
    const peak = await peakRssMb(pod);
    pod.kill();
    await pod.finished(30_000);

    const lines = (await sandboxFile(pod, 'stdout')).split('\n').filter((line) => line.startsWith('flood-1  | '));
    expect(lines).to.have.length(FLOOD_LINES);
    lines.forEach((line, index) => {
      if (!line.startsWith(`flood-1  | ${String(index + 1).padStart(8, '0')} `)) expect.fail(`line ${index + 1} is ${line.slice(0, 30)}`);
    });
    expect(peak, 'peak RSS of the executor, MB').to.be.below(160);
  });

  it('reports a killed service as fast while another floods the logs', async () => {
    const file = composeFile({ flood: flood('forever'), victim: LONG_RUNNING });
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text: file }] });
    await pod.waitForState(['TASK_RUNNING']);
    await until('the flood under way', async () => (await sizeOf(pod, 'stdout')) > 5_000_000, 30_000);
    const victim = (await containersOf(pod.taskId)).find((container) => container.Labels['com.docker.compose.service'] === 'victim');
    const killedAt = Date.now();
    await docker.getContainer(victim!.Id).kill();
    await pod.waitForState(['TASK_FAILED'], 20_000);
    expect(Date.now() - killedAt, 'ms from docker kill to TASK_FAILED').to.be.below(5_000);
    await pod.finished(30_000);
  });
});
