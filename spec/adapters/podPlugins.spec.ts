import { expect } from 'chai';
import pino from 'pino';
import type { PodPlan } from '../../src/compose/podPlan.js';
import type { Input } from '../../src/events/inputs.js';
import type { Plugin } from '../../src/adapters/pluginHooks.js';
import { PodPlugins } from '../../src/adapters/podPlugins.js';

const plan = { project: 'p', network: { name: 'n', labels: {} }, labels: {}, services: [] } as unknown as PodPlan;
const quiet = pino({ level: 'silent' });

function pluginsOf(list: Plugin[], timeoutMs = 1000) {
  const inputs: Input[] = [];
  return { plugins: new PodPlugins(list, (input) => inputs.push(input), quiet, () => plan, timeoutMs), inputs };
}

describe('plugin hooks', () => {
  it('adds the labels of every plugin to an update, the core’s own labels winning a clash', async () => {
    const { plugins } = pluginsOf([
      { name: 'a', onStatusUpdate: () => ({ rack: 'r1', 'compose-executor.service.web.state': 'fake' }) },
      { name: 'b', onStatusUpdate: async ({ state }) => ({ seen: state }) },
    ]);
    const added = await plugins.statusLabels({ type: 'status.send', taskId: 't', state: 'TASK_RUNNING', labels: { 'compose-executor.service.web.state': 'running' } });
    expect(added).to.deep.equal({ rack: 'r1', seen: 'TASK_RUNNING' });
  });

  it('reports a failing or hanging hook as plugin.failed naming the plugin, and goes on with the others', async () => {
    const { plugins, inputs } = pluginsOf(
      [
        { name: 'thrower', onStatusUpdate: () => { throw new Error('boom'); } },
        { name: 'sleeper', onStatusUpdate: () => new Promise(() => {}) },
        { name: 'fine', onStatusUpdate: () => ({ ok: 'yes' }) },
      ],
      50,
    );
    expect(await plugins.statusLabels({ type: 'status.send', taskId: 't', state: 'TASK_STARTING' })).to.deep.equal({ ok: 'yes' });
    expect(inputs).to.deep.equal([
      { type: 'plugin.failed', taskId: 't', plugin: 'thrower', hook: 'onStatusUpdate', message: 'plugin thrower failed in onStatusUpdate: boom' },
      { type: 'plugin.failed', taskId: 't', plugin: 'sleeper', hook: 'onStatusUpdate', message: 'plugin sleeper failed in onStatusUpdate: no answer within 0.05s' },
    ]);
  });

  it('refuses an edited plan that is no longer a plan, naming the plugin', async () => {
    const { plugins } = pluginsOf([{ name: 'mangler', beforePull: () => ({ services: 'none' }) as unknown as PodPlan }]);
    const edited = await plugins.beforePull(plan, 't');
    expect(edited.ok).to.equal(false);
    expect(!edited.ok && edited.message).to.match(/^plugin mangler failed before pull: the plan it returned is not a pod plan: /);
  });

  it('runs beforeKill once a task, however many containers stop', async () => {
    let calls = 0;
    const { plugins } = pluginsOf([{ name: 'k', beforeKill: () => void (calls += 1) }]);
    await Promise.all([plugins.beforeKill('t'), plugins.beforeKill('t'), plugins.beforeKill('t')]);
    expect(calls).to.equal(1);
  });
});
