import { expect } from 'chai';
import { refuseConnectionsFor, restartAgent } from '../../src/agent/agentFaults.js';
import { LONG_RUNNING, PodsUnderTest, composeFile, containersOf, executorLog, networksOf, requireDocker } from './support.js';

/** PID 1 of a container ignores SIGTERM it has no handler for; this one also says so. */
const IGNORES_SIGTERM = { command: ['sh', '-c', "trap '' TERM; while true; do sleep 1; done"] };

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('an executor through a real agent restart', function () {
  this.timeout(60_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  afterEach(() => pods.cleanUp());

  it('loses no update to refused connections, 404s and 503s, and resends it in the re-SUBSCRIBE', async () => {
    const pod = await pods.start({
      files: [{ name: 'docker-compose.yml', text: composeFile({ batch: { command: ['sh', '-c', 'sleep 1; exit 0'] } }) }],
      checkpoint: true,
      subscriptionBackoffMax: '300ms',
    });
    await pod.waitForState(['TASK_RUNNING']);
    // The batch service ends while the agent answers 404: its TASK_FINISHED meets every answer of the restart.
    await restartAgent(pod.agent, { refuseMs: 300, notFoundMs: 3000, recoveringMs: 1000, reregisteringMs: 1500 });
    const finished = await pod.waitForState(['TASK_FINISHED'], 15_000);
    const exit = await pod.finished(20_000);

    expect(exit).to.deep.equal({ code: 0, signal: null });
    expect(pod.states()).to.deep.equal(['TASK_STARTING', 'TASK_RUNNING', 'TASK_FINISHED']);
    expect(pod.agent.tasks().find((task) => task.taskId === pod.taskId)?.state).to.equal('TASK_FINISHED');
    expect(pod.agent.agentUpdates).to.be.empty;
    const logged = await executorLog(pod);
    expect(logged).to.match(/"status":404[^\n]*UPDATE not taken yet/);
    // Every kind of answer met it: the 503s of recovery, then a SUBSCRIBE taken while UPDATE still got 503.
    expect(pod.agent.calls.some((call) => call.httpStatus === 503)).to.equal(true);
    expect(pod.agent.calls.some((call) => call.type === 'SUBSCRIBE' && call.httpStatus === 200 && pod.agent.subscriptions.length > 1)).to.equal(true);
    const resubscription = pod.agent.subscriptions.at(-1)!.subscribe!;
    expect(resubscription.unacknowledged_updates!.map((u) => u.status.uuid)).to.include(finished.uuid);
  });

  it('kills the pod within the default 5 s grace and exits when the agent answers its re-SUBSCRIBE with SHUTDOWN', async () => {
    const pod = await pods.start({
      files: [{ name: 'docker-compose.yml', text: composeFile({ web: LONG_RUNNING, stubborn: IGNORES_SIGTERM }) }],
      checkpoint: true,
      subscriptionBackoffMax: '300ms',
      killGracePeriodSeconds: 30,
    });
    await pod.waitForState(['TASK_RUNNING']);
    let shutdownAt = 0;
    pod.agent.once('shutdown', () => (shutdownAt = Date.now()));

    // The SHUTDOWN went into a stream the agent did not know was dead: it answers the next SUBSCRIBE with it.
    const outage = refuseConnectionsFor(pod.agent, 500);
    pod.agent.shutdownOnNextSubscribe();
    await outage;
    const exit = await pod.finished(15_000);
    const took = Date.now() - shutdownAt;

    expect(shutdownAt).to.be.greaterThan(0);
    // Destroyed by the agent at 5 s, it would have exited by SIGKILL.
    expect(exit).to.deep.equal({ code: 0, signal: null });
    expect(took).to.be.lessThan(5000);
    expect(pod.agent.subscriptions.length).to.equal(2);
    expect(pod.states().at(-1)).to.equal('TASK_KILLED');
    expect(await containersOf(pod.taskId)).to.be.empty;
    expect(await networksOf(pod.taskId)).to.be.empty;
    await pause(300);
    // No re-subscription loop after the SHUTDOWN.
    expect(pod.agent.calls.filter((call) => call.type === 'SUBSCRIBE').length).to.equal(2);
  });
});
