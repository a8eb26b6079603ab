import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { containerSpec } from '../../src/adapters/containerSpec.js';
import { formatComposeError, type ComposeError } from '../../src/compose/composeError.js';
import { loadCompose } from '../../src/compose/load.js';
import { DEFAULT_POLICY } from '../../src/compose/operatorPolicy.js';
import { planPod, type PlanOptions } from '../../src/compose/plan.js';
import { containersJoined, type PodPlan, type ServicePlan } from '../../src/compose/podPlan.js';

const options: PlanOptions = { fileName: 'docker-compose.yml', sandbox: '/sandbox' };
const plan = (yaml: string, extra: Partial<PlanOptions> = {}): E.Either<ComposeError[], PodPlan> => {
  const model = loadCompose([{ name: 'docker-compose.yml', text: yaml }], {});
  if (E.isLeft(model)) return model;
  return planPod(model.right, { taskId: 'shop-1', executorId: 'e', labels: {}, ports: [] }, { ...options, ...extra });
};
const planned = (yaml: string, extra: Partial<PlanOptions> = {}): Record<string, ServicePlan> => {
  const result = plan(yaml, extra);
  return E.isRight(result) ? Object.fromEntries(result.right.services.map((s) => [s.name, s])) : expect.fail(result.left.map(formatComposeError).join('\n'));
};
const errorLines = (yaml: string, extra: Partial<PlanOptions> = {}): string[] => {
  const result = plan(yaml, extra);
  return E.isLeft(result) ? result.left.map(formatComposeError) : expect.fail('expected errors, got a plan');
};

const pod = 'services:\n  db:\n    image: db\n  app:\n    image: app\n    pid: service:db\n    ipc: service:db\n    volumes_from: [db, "service:db:ro", "container:backup:rw"]\n';

describe("sharing another container's namespaces and volumes", () => {
  it('plans pid, ipc and volumes_from of a service after that service, which is made shareable for IPC', () => {
    const services = planned(pod, { policy: { ...DEFAULT_POLICY, bindMountsOutsideSandbox: true } });
    expect(services.app).to.deep.include({
      dependsOn: ['db'],
      sharedPid: { service: 'db', containerName: 'shop-1_db' },
      sharedIpc: { service: 'db', containerName: 'shop-1_db' },
      volumesFrom: [
        { service: 'db', containerName: 'shop-1_db', readOnly: false },
        { service: 'db', containerName: 'shop-1_db', readOnly: true },
        { containerName: 'backup', readOnly: false },
      ],
    });
    expect(services.db?.ipc).to.equal('shareable');
    expect(containersJoined(services.app as ServicePlan)).to.deep.equal(['db']);
  });

  it('joins them by the ids the pod gives at create, by container name otherwise', () => {
    const app = planned(pod, { policy: { ...DEFAULT_POLICY, bindMountsOutsideSandbox: true } }).app as ServicePlan;
    const byId = containerSpec({ type: 'container.create', taskId: 'shop-1', service: app, network: 'shop-1_default', containerIds: { db: 'c0ffee' } });
    expect(byId.HostConfig).to.deep.include({ PidMode: 'container:c0ffee', IpcMode: 'container:c0ffee', VolumesFrom: ['c0ffee:rw', 'c0ffee:ro', 'backup:rw'] });
    const byName = containerSpec({ type: 'container.create', taskId: 'shop-1', service: app, network: 'shop-1_default' });
    expect(byName.HostConfig).to.deep.include({ PidMode: 'container:shop-1_db', IpcMode: 'container:shop-1_db', VolumesFrom: ['shop-1_db:rw', 'shop-1_db:ro', 'backup:rw'] });
  });

  const bad: Array<[string, string, string[]]> = [
    ['a pid of a service the pod lacks', 'services:\n  app:\n    image: a\n    pid: service:db\n', ['docker-compose.yml: services.app.pid: app shares the processes of "db", which is not a service of this pod']],
    ['volumes_from a service the pod lacks', 'services:\n  app:\n    image: a\n    volumes_from: [db]\n', ['docker-compose.yml: services.app.volumes_from[0]: app mounts the volumes of "db", which is not a service of this pod']],
    ['a cycle through volumes_from', 'services:\n  a:\n    image: a\n    volumes_from: [b]\n  b:\n    image: b\n    ipc: service:a\n', ['docker-compose.yml: services.a.volumes_from[0]: dependency cycle a -> b -> a']],
    ['an ipc that cannot be shared', 'services:\n  db:\n    image: db\n    ipc: private\n  app:\n    image: a\n    ipc: service:db\n', ['docker-compose.yml: services.db.ipc: private cannot be joined by another service: make it shareable or leave it out']],
    ['volumes of a container outside the pod by default', 'services:\n  app:\n    image: a\n    volumes_from: ["container:backup"]\n', ["docker-compose.yml: services.app.volumes_from[0]: mounting the volumes of container backup, outside the pod, is denied by the executor's policy (policy.bind_mounts_outside_sandbox)"]],
  ];
  for (const [what, yaml, expected] of bad) {
    it(`refuses ${what}`, () => {
      expect(errorLines(yaml)).to.deep.equal(expected);
    });
  }
});
