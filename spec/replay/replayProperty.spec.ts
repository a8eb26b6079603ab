import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import type { Input } from '../../src/events/inputs.js';
import { machineStates } from '../../src/replay/machineStates.js';
import { replayLog } from '../../src/replay/replayLog.js';
import { verifyLog } from '../../src/replay/verifier.js';
import { launch, plan, service, subscribed } from '../machines/scenario.js';
import { obligingAdapters, recordRun } from '../events/recordedRun.js';

const taskId = fc.constantFrom('t1', 't2');
const serviceName = fc.constantFrom('db', 'web');
const pod = plan([service('db'), service('web', { dependsOn: ['db'] })]);

/** Inputs of every source the executor hears from, about the tasks and services of a small pod. */
const input: fc.Arbitrary<Input> = fc.oneof(
  fc.constantFrom<string[]>([], ['TASK_KILLING_STATE']).map((capabilities) => subscribed(capabilities)),
  taskId.map((id) => launch(id)),
  taskId.map((id): Input => ({ type: 'pod.planned', taskId: id, plan: { ...pod, taskId: id } })),
  fc.record({ taskId, message: fc.constantFrom('bad compose file') }).map((fields): Input => ({ type: 'pod.plan_failed', ...fields })),
  taskId.map((id): Input => ({ type: 'network.created', taskId: id, name: `${id}_default`, networkId: `n-${id}` })),
  fc.record({ taskId, service: serviceName }).map(({ taskId, service }): Input => ({ type: 'container.created', taskId, service, containerId: `c-${service}` })),
  fc.record({ taskId, service: serviceName }).map((fields): Input => ({ type: 'container.started', ...fields })),
  fc.record({ taskId, service: serviceName }).map((fields): Input => ({ type: 'container.stopped', ...fields })),
  fc.record({ taskId, service: serviceName }).map((fields): Input => ({ type: 'container.removed', ...fields })),
  fc.record({ taskId, service: serviceName, exitCode: fc.constantFrom(0, 1, 137) }).map(
    ({ taskId, service, exitCode }): Input => ({ type: 'container.died', taskId, service, containerId: `c-${service}`, exitCode }),
  ),
  fc.record({ taskId, service: serviceName }).map(({ taskId, service }): Input => ({ type: 'container.oom', taskId, service, containerId: `c-${service}` })),
  fc.record({ taskId, service: serviceName }).map((fields): Input => ({ type: 'container.create_failed', ...fields, message: 'No such image' })),
  fc.record({ taskId, gracePeriodMs: fc.option(fc.constantFrom(0, 1000, 10_000), { nil: undefined }) }).map(
    ({ taskId, gracePeriodMs }): Input => ({ type: 'mesos.kill', taskId, ...(gracePeriodMs !== undefined ? { gracePeriodMs } : {}) }),
  ),
  taskId.map((id): Input => ({ type: 'timer.fired', taskId: id, name: `${id}/kill-grace` })),
  fc.constantFrom('executor/acknowledgements', 'executor/shutdown', 'executor/resubscribe', 'executor/recovery').map((name): Input => ({ type: 'timer.fired', name })),
  fc.record({ taskId, uuid: fc.constantFrom('u1', 'u2', 'u3', 'u4') }).map((fields): Input => ({ type: 'mesos.acknowledged', ...fields })),
  fc.constantFrom<Input>({ type: 'mesos.shutdown' }, { type: 'mesos.heartbeat' }, { type: 'mesos.disconnected', message: 'closed' }),
);

describe('replay of any run', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(tmpdir(), 'replay-property-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the recorded commands and ends in the state the executor ended in', () => {
    let run = 0;
    fc.assert(
      fc.property(fc.array(input, { maxLength: 40 }), fc.boolean(), (inputs, adaptersAnswer) => {
        const file = path.join(dir, `run-${run++}.jsonl`);
        const recorded = recordRun(file, inputs, adaptersAnswer ? obligingAdapters(pod) : () => []);
        expect(verifyLog(recorded.log)).to.deep.equal({ ok: true, divergence: null });
        const replayed = replayLog(recorded.log);
        if (!replayed.ok) throw new Error(replayed.message);
        const last = replayed.replay.steps[replayed.replay.steps.length - 1];
        expect(last ? last.after : machineStates(replayed.replay.start.state)).to.deep.equal(machineStates(recorded.state));
      }),
      { seed: 20240501, numRuns: 150 },
    );
  });
});
