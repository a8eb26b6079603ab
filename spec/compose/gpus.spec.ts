import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { containerSpec } from '../../src/adapters/containerSpec.js';
import { formatComposeError } from '../../src/compose/composeError.js';
import type { HeldGpus } from '../../src/compose/deviceRequests.js';
import { loadCompose } from '../../src/compose/load.js';
import { DEFAULT_POLICY } from '../../src/compose/operatorPolicy.js';
import { planPod } from '../../src/compose/plan.js';
import type { PodPlan } from '../../src/compose/podPlan.js';
import { taskFromInfo } from '../../src/mesos/taskInfo.js';

/**
 * `gpus` and `deploy.resources.reservations.devices` reach Docker as the
 * DeviceRequests Compose v2 sends (pkg/compose/create.go), within the GPUs
 * the Mesos task holds. No GPU here: the create body and the refusals are
 * what can be judged.
 */

const sandbox = '/var/lib/mesos/slaves/a1/frameworks/f1/executors/e1/runs/r1';

const planned = (yaml: string, gpus: HeldGpus | undefined, policy = DEFAULT_POLICY) => {
  const model = loadCompose([{ name: 'docker-compose.yml', text: yaml }], {});
  if (E.isLeft(model)) return expect.fail(model.left.map(formatComposeError).join('\n'));
  const task = { taskId: 'ml-1', executorId: 'ml-1-executor', labels: {}, ports: [[31000, 31009]] as Array<[number, number]>, ...(gpus === undefined ? {} : { gpus }) };
  return E.mapLeft((errors: Parameters<typeof formatComposeError>[0][]) => errors.map(formatComposeError))(planPod(model.right, task, { fileName: 'docker-compose.yml', sandbox, policy }));
};

const plan = (yaml: string, gpus: HeldGpus | undefined): PodPlan => {
  const result = planned(yaml, gpus);
  return E.isRight(result) ? result.right : expect.fail(result.left.join('\n'));
};

const refusal = (yaml: string, gpus: HeldGpus | undefined): string[] => {
  const result = planned(yaml, gpus);
  return E.isLeft(result) ? result.left : expect.fail('planned a pod that asks for more GPUs than the task holds');
};

const requests = (pod: PodPlan, name: string) => {
  const service = pod.services.find((s) => s.name === name) ?? expect.fail(`no service ${name}`);
  return containerSpec({ type: 'container.create', taskId: pod.taskId, service }).HostConfig?.DeviceRequests;
};

const web = (...lines: string[]) => ['services:', '  web:', '    image: x', ...lines.map((line) => `    ${line}`)].join('\n');

describe('GPUs within the task', () => {
  it('reads the gpus scalar resource of the TaskInfo, and none when it has none', () => {
    const info = (resources: unknown[]) => ({ name: 'ml', task_id: { value: 'ml-1' }, resources });
    const withGpus = taskFromInfo(info([{ name: 'cpus', type: 'SCALAR', scalar: { value: 1 } }, { name: 'gpus', type: 'SCALAR', scalar: { value: 2 } }]));
    expect(withGpus.ok && withGpus.value.gpus).to.equal(2);
    const without = taskFromInfo(info([{ name: 'cpus', type: 'SCALAR', scalar: { value: 1 } }]));
    expect(without.ok && without.value.gpus).to.equal(undefined);
  });

  it('gives gpus: all the task GPUs, with the gpu capability Compose adds', () => {
    expect(requests(plan(web('gpus: all'), 2), 'web')).to.deep.equal([{ Driver: '', Count: 2, DeviceIDs: null, Capabilities: [['gpu']], Options: null }]);
  });

  it('sends a list of GPU requests field by field, a request without count or ids taking all of the task GPUs', () => {
    const pod = plan(web('gpus:', '  - {driver: nvidia, count: 1, capabilities: [compute, utility], options: {virtualization: "false"}}', '  - {device_ids: ["GPU-abc"]}'), 2);
    expect(requests(pod, 'web')).to.deep.equal([
      { Driver: 'nvidia', Count: 1, DeviceIDs: null, Capabilities: [['compute', 'utility', 'gpu']], Options: { virtualization: 'false' } },
      { Driver: '', Count: 0, DeviceIDs: ['GPU-abc'], Capabilities: [['gpu']], Options: null },
    ]);
    expect(requests(plan(web('gpus: [{driver: nvidia}]'), 4), 'web')).to.deep.equal([{ Driver: 'nvidia', Count: 4, DeviceIDs: null, Capabilities: [['gpu']], Options: null }]);
  });

  it('sends deploy.resources.reservations.devices before gpus, capabilities as written', () => {
    const pod = plan(web('deploy:', '  resources:', '    reservations:', '      devices: [{driver: nvidia, count: "1", capabilities: [gpu]}]', 'gpus: [{count: 1}]'), 2);
    expect(requests(pod, 'web')).to.deep.equal([
      { Driver: 'nvidia', Count: 1, DeviceIDs: null, Capabilities: [['gpu']], Options: null },
      { Driver: '', Count: 1, DeviceIDs: null, Capabilities: [['gpu']], Options: null },
    ]);
  });

  it('sends no DeviceRequests for a service that asks for no GPU', () => {
    expect(requests(plan(web(), 2), 'web')).to.equal(undefined);
  });

  it('refuses a service that asks for more GPUs than the task holds, naming the service, the key and both numbers', () => {
    expect(refusal(web('gpus: [{count: 3}]'), 2)).to.deep.equal(['docker-compose.yml: services.web.gpus: asks for 3 GPUs, but the task holds 2 (its Mesos gpus resource)']);
    expect(refusal(web('deploy: {resources: {reservations: {devices: [{capabilities: [gpu], device_ids: ["0", "1"]}]}}}'), undefined)).to.deep.equal([
      'docker-compose.yml: services.web.deploy.resources.reservations.devices: asks for 2 GPUs, but the task holds 0 (its Mesos gpus resource)',
    ]);
    expect(refusal(web('gpus: all'), undefined)).to.deep.equal(['docker-compose.yml: services.web.gpus: asks for all GPUs, but the task holds 0 (its Mesos gpus resource)']);
  });

  it('counts every container of the pod, replicas too, against the task GPUs', () => {
    const twoServices = `${web('gpus: [{count: 1}]')}\n  worker:\n    image: x\n    gpus: [{count: 2}]\n`;
    expect(plan(twoServices, 3).services.map((s) => requests({ ...plan(twoServices, 3), services: [s] }, s.name)?.[0]?.Count)).to.deep.equal([1, 2]);
    expect(refusal(twoServices, 2)).to.deep.equal([
      'docker-compose.yml: services.web.gpus: asks for 1 GPU; the pod asks for 3 in all, but the task holds 2 (its Mesos gpus resource)',
      'docker-compose.yml: services.worker.gpus: asks for 2 GPUs; the pod asks for 3 in all, but the task holds 2 (its Mesos gpus resource)',
    ]);
    expect(refusal(web('scale: 2', 'gpus: [{count: 1}]'), 1)).to.have.length(2);
  });

  it('counts a key that asks for all GPUs as the task GPUs, whatever it lists beside', () => {
    const yaml = web('gpus:', '  - {driver: nvidia}', '  - {driver: 3dfx, device_ids: ["voodoo2"], capabilities: [directX]}');
    expect(requests(plan(yaml, 1), 'web')?.map((r) => r.Count)).to.deep.equal([1, 0]);
    const twoServices = `${yaml}\n  worker:\n    image: x\n    gpus: [{count: 1}]\n`;
    expect(refusal(twoServices, 2)).to.deep.equal([
      'docker-compose.yml: services.web.gpus: asks for 2 GPUs; the pod asks for 3 in all, but the task holds 2 (its Mesos gpus resource)',
      'docker-compose.yml: services.worker.gpus: asks for 1 GPU; the pod asks for 3 in all, but the task holds 2 (its Mesos gpus resource)',
    ]);
  });

  it('judges no GPU count without a task (validate), sending all as Docker\'s all, yet still denies a device that is no GPU', () => {
    expect(requests(plan(`${web('gpus: all')}\n  worker:\n    image: x\n    gpus: [{count: 5}]\n`, 'any'), 'web')?.[0]?.Count).to.equal(-1);
    expect(refusal(web('deploy: {resources: {reservations: {devices: [{capabilities: [tpu], count: 1}]}}}'), 'any')).to.have.length(1);
  });

  it('denies a device reservation that is no GPU by default, naming policy.devices', () => {
    const yaml = web('deploy: {resources: {reservations: {devices: [{capabilities: [tpu], count: 1}]}}}');
    expect(refusal(yaml, 1)).to.deep.equal([
      "docker-compose.yml: services.web.deploy.resources.reservations.devices: a device request for [tpu] reaches the host's hardware and is denied by the executor's policy (policy.devices)",
    ]);
    const allowed = planned(yaml, 0, { ...DEFAULT_POLICY, devices: true });
    expect(E.isRight(allowed) && requests(allowed.right, 'web')).to.deep.equal([{ Driver: '', Count: 1, DeviceIDs: null, Capabilities: [['tpu']], Options: null }]);
  });
});
