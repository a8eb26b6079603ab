import { expect } from 'chai';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { containerProcesses } from '../../src/adapters/containerProcesses.js';
import { PodsUnderTest, LONG_RUNNING, composeFile, containersOf, requireDocker } from '../integration/support.js';
import { SeededRandom, chaosRuns, chaosSeed, pause, report, suiteTimeout } from './chaosRuns.js';
import { DockerSocketProxy } from './dockerSocketProxy.js';
import { removeConfig, writeConfig } from './podTraces.js';

const RUNS = chaosRuns(3);
const MOMENTS = ['launching', 'running', 'killing'] as const;
const TERMINAL = ['TASK_FAILED', 'TASK_KILLED', 'TASK_ERROR', 'TASK_FINISHED', 'TASK_LOST'];
const files = [{ name: 'docker-compose.yml', text: composeFile({ db: LONG_RUNNING, web: { ...LONG_RUNNING, depends_on: ['db'] } }) }];

describe('chaos: the Docker socket becomes unreachable for the executor', function () {
  this.timeout(suiteTimeout(RUNS, 40_000));
  const pods = new PodsUnderTest();
  const seed = chaosSeed();
  const counts = { cuts: 0, clear: 0, hangs: 0, stillRunning: 0 };
  let config = '';
  let proxy: DockerSocketProxy | undefined;
  const socketPath = (run: number) => path.join(tmpdir(), `chaos-docker-${process.pid}-${run}.sock`);
  before(requireDocker);
  before(async () => (config = await writeConfig('docker-socket', 'docker_timeout: 3secs\ncleanup:\n  failed: remove\n')));
  afterEach(async () => {
    await proxy?.cut();
    await pods.cleanUp();
  });
  after(() => removeConfig(config));

  it(`ends every pod with a clear terminal update, its containers stopped and the executor gone, ${RUNS} times`, async () => {
    const random = new SeededRandom(seed);
    const outcomes: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      const moment = random.pick(MOMENTS);
      proxy = await DockerSocketProxy.start(socketPath(run));
      const pod = await pods.start({ files, env: { COMPOSE_EXECUTOR_CONFIG: config, DOCKER_HOST: proxy.dockerHost }, killGracePeriodSeconds: 2 });
      if (moment === 'launching') {
        await pod.agent.waitForSubscribe(15_000);
        await pause(random.between(0, 800));
      } else {
        await pod.waitForState(['TASK_RUNNING'], 30_000);
        if (moment === 'killing') pod.kill();
      }
      await proxy.cut();
      counts.cuts++;
      // Nothing tells a running pod that the socket went (its containers go on): what must not hang is its kill.
      if (moment !== 'killing') setTimeout(() => pod.kill(), 1500).unref();
      const terminal = await pod.waitForState(TERMINAL, 30_000).catch(() => undefined);
      const exited = await pod.finished(20_000).then(() => true, () => false);
      const running = (await Promise.all((await containersOf(pod.taskId)).map((container) => containerProcesses(container.Id)))).flat().length;
      if (terminal === undefined || !exited) counts.hangs++;
      else if ((terminal.status.message ?? '').length > 0) counts.clear++;
      counts.stillRunning += running;
      outcomes.push(`${moment}: ${pod.states().join(' ')} "${terminal?.status.message ?? ''}"${exited ? '' : ', executor still running'}, ${running} container processes still running`);
      await pods.cleanUp();
    }
    report(seed, [[counts.cuts, 'Docker sockets cut'], [counts.clear, 'clear terminal updates'], [counts.hangs, 'hangs'], [counts.stillRunning, 'container processes left running']]);
    expect(counts, outcomes.join('\n')).to.deep.equal({ cuts: RUNS, clear: RUNS, hangs: 0, stillRunning: 0 });
  });

  it('fails the task with a clear message when the socket is unreachable as the executor starts', async () => {
    proxy = await DockerSocketProxy.start(socketPath(-1));
    await proxy.cut();
    const pod = await pods.start({ files, env: { COMPOSE_EXECUTOR_CONFIG: config, DOCKER_HOST: proxy.dockerHost } });
    const failed = await pod.waitForState(['TASK_FAILED'], 20_000);
    expect(failed.status.message).to.contain('Docker engine');
    await pod.finished(20_000);
  });
});
