import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { FrameworkChecks } from '../../src/adapters/frameworkCheckRunner.js';
import { createLogger } from '../../src/adapters/logger.js';
import { PodPlugins } from '../../src/adapters/podPlugins.js';
import { StatusOutbox } from '../../src/adapters/statusUpdates.js';
import { Timers } from '../../src/adapters/timers.js';
import { Command } from '../../src/events/commands.js';
import type { Input } from '../../src/events/inputs.js';
import type { AgentConnection } from '../../src/mesos/agentConnection.js';
import { carry, commandCarriers, type CommandCarriers } from '../../src/runtime/commandCarriers.js';

describe('the command carriers', () => {
  let dir: string;
  let answers: Input[];
  let subscribeCalls: Array<{ subscribe: { unacknowledged_updates: unknown[] } }>;
  let outbox: StatusOutbox;
  let timers: Timers;
  let exits: number[];
  let ended: string[];
  let carriers: CommandCarriers;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'carriers-'));
    answers = [];
    subscribeCalls = [];
    exits = [];
    ended = [];
    const send = (input: Input) => answers.push(input);
    const logger = createLogger(path.join(dir, 'executor.log'));
    // Nothing listens on port 9: updates stay unacknowledged in the outbox.
    const connection: AgentConnection = { host: '127.0.0.1', port: 9, frameworkId: 'f1', executorId: 'e1' };
    outbox = new StatusOutbox(connection, send, logger);
    timers = new Timers(send);
    const plugins = new PodPlugins([{ name: 'spy', afterKill: (pod) => void ended.push(`${pod.taskId} ${pod.state}`) }], send, logger, () => undefined);
    carriers = commandCarriers({
      connection,
      subscribe: (call) => subscribeCalls.push(call as (typeof subscribeCalls)[number]),
      outbox,
      plugins,
      planPod: () => {},
      docker: () => {},
      frameworkChecks: new FrameworkChecks(new Promise(() => {}), send, logger),
      timers,
      logger,
      exit: (code) => exits.push(code),
    });
  });
  afterEach(() => {
    outbox.stop();
    timers.cancelAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has one carrier for every command the core can issue, and none for anything else', () => {
    const commandTypes = Command.types.map((member) => (member.types[0].props.type as { value: string }).value).sort();
    expect(Object.keys(carriers).sort()).to.deep.equal(commandTypes);
  });

  it('offers an update again on SUBSCRIBE until status.forget drops it', () => {
    const run = carry(carriers);
    run({ type: 'status.send', taskId: 't1', state: 'TASK_RUNNING' });
    const queued = answers.find((input) => input.type === 'update.queued');
    if (queued?.type !== 'update.queued') throw new Error('the outbox did not queue the update');
    run({ type: 'agent.subscribe', unacknowledgedTasks: [], unacknowledgedUpdates: [queued.uuid] });
    run({ type: 'status.forget', uuid: queued.uuid });
    run({ type: 'agent.subscribe', unacknowledgedTasks: [], unacknowledgedUpdates: [queued.uuid] });
    expect(subscribeCalls.map((call) => call.subscribe.unacknowledged_updates.length)).to.deep.equal([1, 0]);
  });

  it('answers timer.start with timer.fired, and exits with the code executor.exit gives', async () => {
    const run = carry(carriers);
    run({ type: 'timer.start', name: 'spec/short', ms: 10 });
    run({ type: 'executor.exit', code: 3, reason: 'spec' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answers).to.deep.include({ type: 'timer.fired', name: 'spec/short' });
    expect(exits).to.deep.equal([3]);
  });

  it("runs the plugins' afterKill hooks once a task, with the state its pod ended in", async () => {
    const run = carry(carriers);
    run({ type: 'plugin.after_kill', taskId: 't1', state: 'TASK_KILLED' });
    run({ type: 'plugin.after_kill', taskId: 't1', state: 'TASK_KILLED' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ended).to.deep.equal(['t1 TASK_KILLED']);
  });
});
