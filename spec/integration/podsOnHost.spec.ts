import { expect } from 'chai';
import path from 'node:path';
import type { ListedPod } from '../../src/cli/podListing.js';
import { PodsUnderTest, TEST_IMAGE, removeLeftovers, requireDocker } from './support.js';
import { projectWith, startCli, type CliRun } from './upSupport.js';

/** A web service that says what it does, healthy at once, and a worker Docker restarts every second. */
const POD = `services:
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "trap 'exit 0' TERM; echo web line one; echo web line two; while true; do echo web tick; sleep 1; done & wait"]
    ports: ["8080"]
    healthcheck: { test: ["CMD", "true"], interval: 500ms, retries: 1 }
  worker:
    image: ${TEST_IMAGE}
    restart: always
    command: ["sh", "-c", "echo worker starting; sleep 1; exit 1"]
`;

async function cli(args: string[]): Promise<CliRun> {
  const run = startCli(args);
  await run.exited;
  return run;
}

describe('compose-executor ps and logs, for pods started by up and by Mesos', function () {
  this.timeout(90_000);
  const pods = new PodsUnderTest();
  const upTask = `pods-up-${process.pid}`;
  let up: CliRun;
  let mesosTask: string;
  let mesosSandbox: string;

  before(async () => {
    await requireDocker();
    const dir = projectWith({ 'docker-compose.yml': POD });
    up = startCli(['up', '-f', path.join(dir, 'docker-compose.yml'), '-p', upTask, '--ports', '31360-31369']);
    // The way Mesos starts it: the embedded agent spawns the executor with the agent's environment.
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text: POD }], ports: [[31370, 31379]] });
    mesosTask = pod.taskId;
    mesosSandbox = pod.sandbox;
    await up.waitFor(/TASK_RUNNING/);
    await pod.waitForState(['TASK_RUNNING'], 30_000);
    // Long enough for the worker to have been restarted.
    await new Promise((resolve) => setTimeout(resolve, 2500));
  });
  after(async () => {
    up?.child.kill('SIGINT');
    await up?.exited;
    await pods.cleanUp();
    await removeLeftovers(upTask);
  });

  it('lists both pods with their framework, executor, sandbox, state and each service\'s phase, health, restarts and ports', async () => {
    const { out, exited } = await cli(['ps', '--format', 'json']);
    expect(await exited).to.equal(0);
    const listed = JSON.parse(out) as ListedPod[];
    expect(up.out, 'up shows the health').to.match(new RegExp(`^ Container ${upTask}_web  Healthy$`, 'm'));
    const upSandbox = /sandbox (\S+),/.exec(up.out)?.[1];
    for (const [taskId, sandbox, port] of [[upTask, upSandbox, 31360], [mesosTask, mesosSandbox, 31370]] as const) {
      const pod = listed.find((each) => each.taskId === taskId);
      expect(pod, taskId).to.include({ frameworkId: 'compose-executor-local', executorId: `executor-${taskId}`, executorAlive: true, sandbox, state: 'TASK_RUNNING' });
      const web = pod!.services.find((service) => service.name === 'web');
      const worker = pod!.services.find((service) => service.name === 'worker');
      expect(web, JSON.stringify(pod)).to.deep.include({ phase: 'running', health: 'healthy', restarts: 0, ports: [{ host: port, container: 8080, protocol: 'tcp' }] });
      expect(worker!.restarts, taskId).to.be.at.least(1);
    }
  });

  it('shows the same as a table, a row per service', async () => {
    const { out } = await cli(['ps']);
    expect(out).to.match(/^TASK +FRAMEWORK +EXECUTOR +STATE +UPTIME +SERVICE +PHASE +HEALTH +RESTARTS +PORTS\n/);
    expect(out).to.match(new RegExp(`^${upTask} +compose-executor-local +executor-${upTask} +TASK_RUNNING +\\d+s +web +running +healthy +0 +31360->8080/tcp$`, 'm'));
    expect(out).to.match(new RegExp(`^${mesosTask} .* TASK_RUNNING .*\\n +worker +\\w+ +- +\\d+`, 'm'));
  });

  it("prints a pod's output as up shows it, for one service, the last lines, with timestamps, or since a time", async () => {
    for (const task of [upTask, mesosTask]) {
      const all = await cli(['logs', task]);
      expect(all.out).to.match(/^web-1    \| web line one\n(.*\n)*web-1    \| web line two\n/m);
      expect(all.out).to.match(/^worker-1 \| worker starting$/m);
    }
    const tail = await cli(['logs', upTask, 'web', '--tail', '1', '--timestamps', '--no-log-prefix']);
    expect(tail.out).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z web tick\n$/);
    const future = await cli(['logs', upTask, '--since', new Date(Date.now() + 60_000).toISOString()]);
    expect(future.out).to.equal('');
    const unknown = await cli(['logs', 'no-such-task']);
    expect(await unknown.exited).to.equal(1);
    expect(unknown.err).to.contain('no containers of task no-such-task on this host');
  });

  it('follows the output with -f', async () => {
    const follow = startCli(['logs', '-f', '--tail', '0', mesosTask, 'web']);
    await follow.waitFor(/web-1 +\| web tick\n[\s\S]*web-1 +\| web tick\n/, 10_000);
    follow.child.kill('SIGINT');
    await follow.exited;
  });
});
