/**
 * Log throughput: lines per second from a chatty container into the
 * sandbox, with the executor's CPU time and peak RSS, against `docker logs
 * -f` of the same container redirected to a file, both reading at once.
 * Needs the Docker engine and the test image (scripts/docker-env.sh) and a
 * built executor (npm run build). LINES sets the size (default 300,000
 * lines of 100 bytes).
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalPod } from '../src/agent/localPod.js';
import { composeFile, containersOf, removeLeftovers, requireDocker } from '../spec/integration/support.js';

const LINES = Number(process.env.LINES ?? 300_000);
const LINE_BYTES = 100;
const TIMEOUT_MS = 120_000;
const TICKS_PER_SECOND = 100;

const sizeOf = (file: string) => stat(file).then((stats) => stats.size, () => 0);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU seconds (user + system) and peak RSS in MB of a live process, from /proc. */
async function usage(pid: number): Promise<{ cpuSeconds: number; peakRssMb: number }> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).replace(/^.*\) /, '').split(' ');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return {
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
    peakRssMb: Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024,
  };
}

async function whenComplete(file: string, bytes: number, since: number): Promise<number> {
  while ((await sizeOf(file)) < bytes) {
    if (Date.now() - since > TIMEOUT_MS) throw new Error(`${file} did not reach ${bytes} bytes within ${TIMEOUT_MS} ms`);
    await pause(50);
  }
  return (Date.now() - since) / 1000;
}

async function main(): Promise<void> {
  await requireDocker();
  const config = path.join(await mkdtemp(path.join(tmpdir(), 'log-bench-')), 'executor.yml');
  await writeFile(config, `container_log_max_bytes: ${LINES * LINE_BYTES * 2}\n`);
  const file = composeFile({
    chatty: { command: ['sh', '-c', `awk 'BEGIN { for (i = 1; i <= ${LINES}; i++) printf "%08d %091d\\n", i, 0 }'; trap 'exit 0' TERM; sleep 3600 & wait`] },
  });
  const pod = await LocalPod.start({ files: [{ name: 'docker-compose.yml', text: file }], env: { COMPOSE_EXECUTOR_CONFIG: config } });
  try {
    let container: string | undefined;
    while (container === undefined) {
      container = (await containersOf(pod.taskId)).find((info) => info.State === 'running')?.Id;
      await pause(20);
    }
    const started = Date.now();
    const executorPid = pod.executor.child.pid as number;
    const executorBefore = await usage(executorPid);
    const dockerFile = path.join(pod.sandbox, 'docker-logs.out');
    const dockerLogs = spawn('docker', ['logs', '-f', container], { stdio: ['ignore', 'pipe', 'ignore'] });
    dockerLogs.stdout.pipe(createWriteStream(dockerFile));
    let dockerUsage = { cpuSeconds: 0, peakRssMb: 0 };
    const sampleDocker = setInterval(() => void usage(dockerLogs.pid as number).then((seen) => (dockerUsage = seen), () => {}), 100);

    const bytes = LINES * LINE_BYTES;
    const [executorSeconds, dockerSeconds] = await Promise.all([
      whenComplete(path.join(pod.sandbox, 'logs', 'chatty.stdout'), bytes, started).then(async (seconds) => ({ seconds, ...(await usage(executorPid)) })),
      whenComplete(dockerFile, bytes, started).then((seconds) => seconds),
    ]);
    clearInterval(sampleDocker);
    const final = await usage(dockerLogs.pid as number).catch(() => dockerUsage);
    dockerLogs.kill();

    const row = (reader: string, seconds: number, cpu: number, rss: number) =>
      `| ${reader.padEnd(46)} | ${Math.round(LINES / seconds).toLocaleString('en').padStart(9)} | ${(bytes / 1e6 / seconds).toFixed(1).padStart(5)} | ${cpu.toFixed(2).padStart(5)} | ${rss.toFixed(0).padStart(11)} |`;
    console.log(`log throughput: ${LINES.toLocaleString('en')} lines of ${LINE_BYTES} bytes from one container, read by both at once`);
    console.log(`| ${'reader'.padEnd(46)} | lines / s |  MB/s | CPU s | peak RSS MB |`);
    console.log(`| ${'-'.repeat(46)} | --------: | ----: | ----: | ----------: |`);
    console.log(row('executor (sandbox stdout + logs/chatty.stdout)', executorSeconds.seconds, executorSeconds.cpuSeconds - executorBefore.cpuSeconds, executorSeconds.peakRssMb));
    console.log(row('docker logs -f > file', dockerSeconds, final.cpuSeconds, Math.max(final.peakRssMb, dockerUsage.peakRssMb)));
    console.log('executor CPU is its own process only; dockerd serves both readers and is not counted.');
  } finally {
    pod.kill();
    await pod.finished(30_000).catch(() => pod.executor.child.kill('SIGKILL'));
    await removeLeftovers(pod.taskId);
  }
}

await main();
