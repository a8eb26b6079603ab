import { expect } from 'chai';
import { launchEvent } from '../../src/agent/agentEvents.js';
import type { LocalPod } from '../../src/agent/localPod.js';
import { buildTaskInfo } from '../../src/agent/frameworkTaskInfo.js';
import { LONG_RUNNING, PodsUnderTest, composeFile, containersOf, removeLeftovers, requireDocker, executorLog } from './support.js';

const files = [{ name: 'docker-compose.yml', text: composeFile({ web: LONG_RUNNING }) }];

function taskOf(pod: LocalPod, taskId: string, ports: [number, number]) {
  return buildTaskInfo({
    taskId,
    agentId: pod.agent.agentId,
    executor: { executorId: pod.agent.executorId, frameworkId: pod.agent.frameworkId },
    labels: { fileName: 'docker-compose.yml' },
    ports: [ports],
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('several tasks on one executor', function () {
  this.timeout(60_000);
  const pods = new PodsUnderTest();
  const extraTasks: string[] = [];
  before(requireDocker);
  afterEach(async () => {
    for (const taskId of extraTasks.splice(0)) await removeLeftovers(taskId);
    await pods.cleanUp();
  });

  it('runs each LAUNCH as its own pod, and exits once both tasks are terminal and acknowledged', async () => {
    const pod = await pods.start({ files, ports: [[31300, 31309]] });
    const second = `${pod.taskId}-b`;
    extraTasks.push(second);
    await pod.waitForState(['TASK_RUNNING']);
    pod.agent.launch(taskOf(pod, second, [31310, 31319]));
    await pod.agent.waitForUpdate((u) => u.taskId === second && u.state === 'TASK_RUNNING', 30_000);

    pod.kill();
    await pod.waitForState(['TASK_KILLED']);
    await pause(1000);
    expect(pod.executor.child.exitCode).to.equal(null);
    expect((await containersOf(second)).map((c) => c.State)).to.deep.equal(['running']);
    expect(await containersOf(pod.taskId)).to.be.empty;

    pod.agent.kill(second);
    const exit = await pod.finished(20_000);
    expect(exit.code).to.equal(0);
    expect(await containersOf(second)).to.be.empty;
    expect(pod.agent.tasks().map((task) => [task.taskId, task.state])).to.deep.equal([[pod.taskId, 'TASK_KILLED'], [second, 'TASK_KILLED']]);
  });

  it('fails a task group, ignores a KILL of a task it does not run and a LAUNCH of a taken id, and leaves its pod running', async () => {
    const pod = await pods.start({ files, ports: [[31320, 31329]] });
    await pod.waitForState(['TASK_RUNNING']);
    const [container] = await containersOf(pod.taskId);

    pod.agent.launchGroup([taskOf(pod, 'group-a', [31330, 31330]), taskOf(pod, 'group-b', [31331, 31331])]);
    const failed = await Promise.all(['group-a', 'group-b'].map((taskId) => pod.agent.waitForUpdate((u) => u.taskId === taskId, 10_000)));
    pod.agent.kill('nobody');
    // Raw, so the agent's own view of the task stays as it was: a real agent would never send this.
    pod.agent.sendRawEvent(launchEvent(taskOf(pod, pod.taskId, [31320, 31329])));
    await pause(1500);

    for (const update of failed) {
      expect(update.state).to.equal('TASK_FAILED');
      expect(update.status.message).to.equal('task groups are not supported: launch one task per pod');
      expect(update.status.reason).to.equal('REASON_TASK_GROUP_INVALID');
    }
    expect(pod.states()).to.deep.equal(['TASK_STARTING', 'TASK_RUNNING']);
    expect((await containersOf(pod.taskId)).map((c) => [c.Id, c.State])).to.deep.equal([[container!.Id, 'running']]);
    expect(pod.executor.child.exitCode).to.equal(null);
    const logged = await executorLog(pod);
    expect(logged).to.contain('KILL of task nobody, which this executor does not run: ignored');
    expect(logged).to.contain(`LAUNCH of task ${pod.taskId}, whose id is already in use: refused, without a status update for it`);

    pod.kill();
    expect((await pod.finished(20_000)).code).to.equal(0);
  });
});
