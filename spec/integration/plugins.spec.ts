import { expect } from 'chai';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalPod } from '../../src/agent/localPod.js';
import { LONG_RUNNING, PodsUnderTest, composeFile, containersOf, executorLog, readLog, requireDocker } from './support.js';

const EXAMPLE_PLUGIN = fileURLToPath(new URL('../../examples/plugins/agent-hostname.mjs', import.meta.url));

/** Notes each hook it is called in, and labels every service, so a spec can see both. */
const TRAIL_PLUGIN = `
import { appendFileSync } from 'node:fs';
const note = (line) => appendFileSync(process.env.PLUGIN_TRAIL, line + '\\n');
export const name = 'trail';
export function beforePull(plan) {
  note('beforePull');
  for (const service of plan.services) service.labels['edited-by'] = 'trail';
  return plan;
}
export function afterRunning({ plan }) { note('afterRunning ' + plan.services.map((s) => s.name).join(',')); }
export function beforeKill() { note('beforeKill'); }
export function afterKill({ state }) { note('afterKill ' + state); }
`;

const BROKEN_PLUGIN = `
export default { name: 'plan-breaker', beforePull() { throw new Error('cannot reach the config service'); } };
`;

describe('plugins named in the executor config', function () {
  this.timeout(60_000);
  const pods = new PodsUnderTest();
  let folder: string;
  before(requireDocker);
  beforeEach(async () => (folder = await mkdtemp(path.join(tmpdir(), 'plugins-spec-'))));
  afterEach(() => pods.cleanUp());

  /** `logged: false` for an executor that never gets as far as an event log to replay. */
  async function startWith(plugins: string[], env: Record<string, string> = {}, logged = true) {
    const config = path.join(folder, 'executor.yml');
    await writeFile(config, `plugins:\n${plugins.map((plugin) => `  - ${plugin}\n`).join('')}`);
    return (logged ? pods.start.bind(pods) : LocalPod.start)({
      files: [{ name: 'docker-compose.yml', text: composeFile({ web: LONG_RUNNING }) }],
      env: { COMPOSE_EXECUTOR_CONFIG: config, ...env },
    });
  }

  it("labels every status update with the agent's hostname (examples/plugins/agent-hostname.mjs)", async () => {
    const pod = await startWith([EXAMPLE_PLUGIN]);
    await pod.waitForState(['TASK_RUNNING']);
    pod.kill();
    await pod.finished(30_000);

    const updates = pod.agent.updates.filter((update) => update.taskId === pod.taskId && !update.duplicate);
    expect(updates.map((update) => update.state)).to.deep.equal(['TASK_STARTING', 'TASK_RUNNING', 'TASK_KILLING', 'TASK_KILLED']);
    for (const update of updates) {
      expect(update.status.labels.labels).to.deep.include({ key: 'agent_hostname', value: hostname() });
    }
    const labelled = (await readLog(pod)).records.filter((record) => record.kind === 'input' && record.input.type === 'update.labelled');
    expect(labelled).to.have.length(updates.length);
    expect((await readLog(pod)).header.config).to.deep.include({ plugins: ['agent-hostname'] });
  });

  it('calls the hooks in the pod’s order, with the plan edited before pull', async () => {
    const plugin = path.join(folder, 'trail.mjs');
    const trail = path.join(folder, 'trail.txt');
    await writeFile(plugin, TRAIL_PLUGIN);
    const pod = await startWith([plugin], { PLUGIN_TRAIL: trail });
    await pod.waitForState(['TASK_RUNNING']);
    const [web] = await containersOf(pod.taskId);
    expect(web!.Labels).to.include({ 'edited-by': 'trail' });
    pod.kill();
    await pod.finished(30_000);

    expect((await readFile(trail, 'utf8')).trim().split('\n')).to.deep.equal(['beforePull', 'afterRunning web', 'beforeKill', 'afterKill TASK_KILLED']);
    const planned = (await readLog(pod)).records.find((record) => record.kind === 'input' && record.input.type === 'pod.planned');
    expect(JSON.stringify(planned)).to.contain('"edited-by":"trail"');
  });

  it('fails the task with the name of a plugin whose hook fails, leaving nothing behind', async () => {
    const plugin = path.join(folder, 'broken.mjs');
    await writeFile(plugin, BROKEN_PLUGIN);
    const pod = await startWith([plugin]);
    const failed = await pod.waitForState(['TASK_FAILED']);
    expect(failed.status.message).to.equal('plugin plan-breaker failed before pull: cannot reach the config service');
    await pod.finished(30_000);
    expect(await containersOf(pod.taskId)).to.be.empty;
  });

  it('refuses to start when a plugin cannot be loaded, and says which', async () => {
    const missing = path.join(folder, 'missing.mjs');
    const pod = await startWith([missing], {}, false);
    const exit = await pod.finished(30_000);
    expect(exit.code).to.equal(1);
    expect(await executorLog(pod)).to.contain(`compose-executor: cannot start:\n  plugin ${missing}: cannot be loaded`);
  });
});
