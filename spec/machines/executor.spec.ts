import { expect } from 'chai';
import type { Command } from '../../src/events/commands.js';
import type { Input } from '../../src/events/inputs.js';
import { resubscribeDelayMs, TASK_GROUPS_UNSUPPORTED } from '../../src/machines/executor.js';
import { whyIgnored } from '../../src/machines/ignoredInputs.js';
import { launch, Scenario, subscribed } from './scenario.js';

/** Answers each status.send as the outbox does, with a uuid of its own; returns the uuids by task. */
function queueUpdates(scenario: Scenario, commands: Command[]): Array<{ taskId: string; uuid: string; state: string }> {
  const queued: Array<{ taskId: string; uuid: string; state: string }> = [];
  for (const command of commands) {
    if (command.type !== 'status.send') continue;
    const update = { taskId: command.taskId, uuid: `u${scenario.commands.length}-${queued.length}`, state: command.state };
    queued.push(update);
    queued.push(...queueUpdates(scenario, scenario.feed({ type: 'update.queued', ...update })));
  }
  return queued;
}

const acknowledge = (update: { taskId: string; uuid: string }): Input => ({ type: 'mesos.acknowledged', taskId: update.taskId, uuid: update.uuid });
const timerStarts = (commands: Command[], name: string) => commands.filter((c) => c.type === 'timer.start' && c.name === name);
const exits = (commands: Command[]) => commands.filter((c) => c.type === 'executor.exit');
const launchGroup = (...taskIds: string[]): Input => ({
  type: 'mesos.launch_group',
  taskIds,
  taskInfos: taskIds.map((taskId) => ({ task_id: { value: taskId } })),
});
const statusRequest = Buffer.from('{"type":"status"}').toString('base64');

describe('the executor session', () => {
  describe('re-subscription with checkpointing', () => {
    it('waits the logged jitter of a doubling ceiling capped by the backoff maximum', () => {
      expect([0, 1, 2, 3, 4, 5].map((attempt) => resubscribeDelayMs(attempt, 1000))).to.deep.equal([100, 200, 400, 800, 1000, 1000]);
      expect(resubscribeDelayMs(5, 1000, 0.25)).to.equal(250);
      expect(resubscribeDelayMs(0, 1000, 0)).to.equal(0);
    });

    it('takes the wait from the jitter of the disconnection, and re-subscribes with what the agent has not acknowledged', () => {
      const scenario = new Scenario({ checkpoint: true, subscriptionBackoffMaxMs: 2000 });
      scenario.feed(subscribed());
      const updates = queueUpdates(scenario, scenario.feed(launch('t1')));
      const first = scenario.feed({ type: 'mesos.disconnected', message: 'gone', jitter: 0.5 });
      expect(timerStarts(first, 'executor/resubscribe')).to.deep.equal([{ type: 'timer.start', name: 'executor/resubscribe', ms: 50 }]);
      expect(timerStarts(first, 'executor/recovery')).to.have.length(1);
      expect(first.some((c) => c.type === 'container.stop' || c.type === 'container.remove')).to.equal(false);

      const resubscribe = scenario.feed({ type: 'timer.fired', name: 'executor/resubscribe' });
      expect(resubscribe).to.deep.equal([
        { type: 'agent.subscribe', unacknowledgedTasks: [{ task_id: { value: 't1' } }], unacknowledgedUpdates: updates.map((u) => u.uuid) },
      ]);
      const second = scenario.feed({ type: 'mesos.disconnected', message: 'refused', jitter: 0.5 });
      expect(timerStarts(second, 'executor/resubscribe')[0]).to.include({ ms: 100 });
    });

    it('leaves a task out of unacknowledged_tasks once one of its updates is acknowledged', () => {
      const scenario = new Scenario({ checkpoint: true });
      scenario.feed(subscribed());
      const [starting] = queueUpdates(scenario, scenario.feed(launch('t1')));
      scenario.feed(acknowledge(starting!), { type: 'mesos.disconnected', message: 'gone', jitter: 0 });
      const [call] = scenario.feed({ type: 'timer.fired', name: 'executor/resubscribe' });
      expect(call).to.deep.equal({ type: 'agent.subscribe', unacknowledgedTasks: [], unacknowledgedUpdates: [] });
    });

    it('kills the pods and exits when the recovery timeout passes', () => {
      const scenario = new Scenario({ checkpoint: true });
      scenario.feed(subscribed());
      queueUpdates(scenario, scenario.feed(launch('t1')));
      scenario.feed({ type: 'mesos.disconnected', message: 'gone', jitter: 1 });
      const ended = queueUpdates(scenario, scenario.feed({ type: 'timer.fired', name: 'executor/recovery' }));
      expect(scenario.podState('t1')).to.equal('ended');
      expect(ended.map((u) => u.state)).to.deep.equal(['TASK_KILLED']);
      expect(exits(scenario.commands)).to.deep.equal([
        { type: 'executor.exit', code: 0, reason: 'could not re-subscribe to the agent within the recovery timeout' },
      ]);
    });
  });

  for (const phase of ['backingOff', 'resubscribing'] as const) {
    it(`kills the pods within the grace and exits on a SHUTDOWN that answers a re-subscription (${phase})`, () => {
      const scenario = new Scenario({ checkpoint: true, shutdownGraceMs: 5000 });
      scenario.feed(subscribed());
      queueUpdates(scenario, scenario.feed(launch('t1')));
      scenario.feed({ type: 'mesos.disconnected', message: 'gone', jitter: 1 });
      if (phase === 'resubscribing') scenario.feed({ type: 'timer.fired', name: 'executor/resubscribe' });
      const shutdown = scenario.feed({ type: 'mesos.shutdown' });
      expect(timerStarts(shutdown, 'executor/shutdown')).to.deep.equal([{ type: 'timer.start', name: 'executor/shutdown', ms: 4500 }]);
      expect(shutdown.some((c) => c.type === 'timer.cancel' && c.name === 'executor/recovery')).to.equal(true);
      // The stream closes after the SHUTDOWN: no further re-subscription.
      expect(timerStarts(scenario.feed({ type: 'mesos.disconnected', message: 'closed', jitter: 1 }), 'executor/resubscribe')).to.be.empty;
      const ended = queueUpdates(scenario, shutdown);
      expect(scenario.podState('t1')).to.equal('ended');
      expect(ended.map((u) => u.state)).to.deep.equal(['TASK_KILLED']);
      scenario.feed({ type: 'timer.fired', name: 'executor/shutdown' });
      expect(exits(scenario.commands)).to.deep.equal([{ type: 'executor.exit', code: 0, reason: 'the shutdown grace period ran out' }]);
    });
  }

  it('kills the pods and exits on a disconnection when the framework does not checkpoint', () => {
    const scenario = new Scenario({ checkpoint: false });
    scenario.feed(subscribed());
    queueUpdates(scenario, scenario.feed(launch('t1')));
    const caused = scenario.feed({ type: 'mesos.disconnected', message: 'gone', jitter: 0.3 });
    expect(timerStarts(caused, 'executor/resubscribe')).to.be.empty;
    expect(queueUpdates(scenario, caused).map((u) => u.state)).to.deep.equal(['TASK_KILLED']);
    expect(exits(scenario.commands)[0]).to.include({ reason: 'the agent disconnected and the framework does not checkpoint' });
  });

  it('gives itself a little less than the shutdown grace, so it leaves before the agent destroys it', () => {
    const scenario = new Scenario({ shutdownGraceMs: 5000 });
    scenario.feed(subscribed());
    queueUpdates(scenario, scenario.feed(launch('t1')));
    expect(timerStarts(scenario.feed({ type: 'mesos.shutdown' }), 'executor/shutdown')).to.deep.equal([{ type: 'timer.start', name: 'executor/shutdown', ms: 4500 }]);
  });

  describe('several tasks', () => {
    it('fails every task of a LAUNCH_GROUP, and exits once those failures are acknowledged', () => {
      const scenario = new Scenario();
      scenario.feed(subscribed());
      const failed = queueUpdates(scenario, scenario.feed(launchGroup('g1', 'g2')));
      expect(scenario.commands.filter((c) => c.type === 'status.send')).to.deep.equal(
        ['g1', 'g2'].map((taskId) => ({ type: 'status.send', taskId, state: 'TASK_FAILED', message: TASK_GROUPS_UNSUPPORTED, reason: 'REASON_TASK_GROUP_INVALID' })),
      );
      expect(Object.keys(scenario.state.pods)).to.be.empty;
      scenario.feed(acknowledge(failed[0]!));
      expect(exits(scenario.commands)).to.be.empty;
      scenario.feed(acknowledge(failed[1]!));
      expect(exits(scenario.commands)).to.have.length(1);
    });

    it('runs each LAUNCH as its own pod and exits only when every task is terminal and acknowledged', () => {
      const scenario = new Scenario();
      scenario.feed(subscribed());
      const started = queueUpdates(scenario, scenario.feed(launch('t1'), launch('t2')));
      expect(Object.keys(scenario.state.pods)).to.deep.equal(['t1', 't2']);
      const first = queueUpdates(scenario, scenario.feed({ type: 'pod.plan_failed', taskId: 't1', message: 'x' }));
      scenario.feed(...[...started, ...first].map(acknowledge));
      expect(exits(scenario.commands)).to.be.empty;
      expect(scenario.podState('t2')).to.equal('planning');
      const second = queueUpdates(scenario, scenario.feed({ type: 'pod.plan_failed', taskId: 't2', message: 'y' }));
      scenario.feed(acknowledge(second[0]!));
      expect(exits(scenario.commands)).to.have.length(1);
    });

    it('takes a LAUNCH that arrives while the last task is being acknowledged', () => {
      const scenario = new Scenario();
      scenario.feed(subscribed());
      const updates = queueUpdates(scenario, scenario.feed(launch('t1')));
      updates.push(...queueUpdates(scenario, scenario.feed({ type: 'pod.plan_failed', taskId: 't1', message: 'x' })));
      queueUpdates(scenario, scenario.feed(launch('t2')));
      scenario.feed(...updates.map(acknowledge), { type: 'timer.fired', name: 'executor/acknowledgements' });
      expect(exits(scenario.commands)).to.be.empty;
      expect(scenario.podState('t2')).to.equal('planning');
    });

    it('refuses a LAUNCH whose task id is in use, sending nothing that the agent would take as that task', () => {
      const scenario = new Scenario();
      scenario.feed(subscribed());
      queueUpdates(scenario, scenario.feed(launch('t1')));
      expect(whyIgnored(scenario.state, launch('t1'))).to.deep.equal({
        level: 'error',
        reason: 'LAUNCH of task t1, whose id is already in use: refused, without a status update for it',
      });
      expect(scenario.feed(launch('t1'))).to.deep.equal([]);
      expect(scenario.feed(launchGroup('t1'))).to.deep.equal([]);
    });

    it('logs and ignores a KILL for a task it does not run or that has ended', () => {
      const scenario = new Scenario();
      scenario.feed(subscribed());
      queueUpdates(scenario, scenario.feed(launch('t1'), launch('t2')));
      queueUpdates(scenario, scenario.feed({ type: 'pod.plan_failed', taskId: 't1', message: 'x' }));
      expect(whyIgnored(scenario.state, { type: 'mesos.kill', taskId: 'nobody' })?.reason).to.equal('KILL of task nobody, which this executor does not run: ignored');
      expect(whyIgnored(scenario.state, { type: 'mesos.kill', taskId: 't1' })?.reason).to.equal('KILL of task t1, which has already ended: ignored');
      expect(scenario.feed({ type: 'mesos.kill', taskId: 'nobody' }, { type: 'mesos.kill', taskId: 't1' })).to.deep.equal([]);
    });
  });

  describe('framework messages', () => {
    it('answers {"type":"status"} with each pod and the state of its services', () => {
      const scenario = new Scenario();
      scenario.feed(subscribed());
      queueUpdates(scenario, scenario.feed(launch('t1')));
      const [answer, ...rest] = scenario.feed({ type: 'mesos.message', data: statusRequest });
      expect(rest).to.be.empty;
      expect(answer?.type).to.equal('agent.message');
      const report = JSON.parse(Buffer.from((answer as { data: string }).data, 'base64').toString('utf8'));
      expect(report).to.deep.equal({ type: 'status', tasks: [{ taskId: 't1', state: 'planning', services: {} }] });
    });

    it('records any other message and does nothing', () => {
      const scenario = new Scenario();
      scenario.feed(subscribed());
      for (const text of ['hello', '{"type":"restart"}', '[1,2]']) {
        const input: Input = { type: 'mesos.message', data: Buffer.from(text).toString('base64') };
        expect(scenario.feed(input)).to.deep.equal([]);
        expect(whyIgnored(scenario.state, input)?.level).to.equal('info');
      }
    });
  });
});
