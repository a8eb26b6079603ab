import { expect } from 'chai';
import { PodsUnderTest, composeFile, containersOf, requireDocker } from './support.js';

/** PID 1 of a container ignores SIGTERM it has no handler for; this one also says so. */
const IGNORES_SIGTERM = { command: ['sh', '-c', "trap '' TERM; while true; do sleep 1; done"] };

describe('SHUTDOWN from the agent', function () {
  this.timeout(60_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  afterEach(() => pods.cleanUp());

  it('sends the terminal updates and is gone inside a 5 s grace period, though a container ignores SIGTERM', async () => {
    const pod = await pods.start({
      files: [{ name: 'docker-compose.yml', text: composeFile({ stubborn: IGNORES_SIGTERM }) }],
      shutdownGracePeriod: '5secs',
      killGracePeriodSeconds: 30,
    });
    await pod.waitForState(['TASK_RUNNING']);

    const asked = Date.now();
    pod.agent.shutdown();
    const exit = await pod.finished(15_000);
    const took = Date.now() - asked;

    // Killed by the agent at 5 s, it would have exited by signal.
    expect(exit).to.deep.equal({ code: 0, signal: null });
    expect(took).to.be.lessThan(5000);
    expect(pod.states().at(-1)).to.equal('TASK_KILLED');
    expect(pod.agent.agentUpdates).to.be.empty;
    expect(await containersOf(pod.taskId)).to.be.empty;
  });
});
