import { expect } from 'chai';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { formatComposeError, type ComposeError } from '../../src/compose/composeError.js';
import { applyEnvFiles } from '../../src/compose/envFiles.js';
import { loadCompose } from '../../src/compose/load.js';
import type { ComposeModel } from '../../src/compose/model.js';
import { activeProfiles } from '../../src/compose/profiles.js';
import { DEFAULT_POLICY } from '../../src/compose/operatorPolicy.js';
import { planPod, type PlanOptions, type TaskFacts } from '../../src/compose/plan.js';
import type { PodPlan, ServicePlan } from '../../src/compose/podPlan.js';

const model = (yaml: string): ComposeModel => {
  const result = loadCompose([{ name: 'docker-compose.yml', text: yaml }], {});
  return E.isRight(result) ? result.right : expect.fail(result.left.map(formatComposeError).join('\n'));
};

const task = (overrides: Partial<TaskFacts> = {}): TaskFacts => ({ taskId: 'shop-1', executorId: 'shop-1-executor', labels: {}, ports: [[31000, 31009]], ...overrides });
// The fixtures join external networks and volumes and fix subnets, which the operator must allow.
const options: PlanOptions = { fileName: 'docker-compose.yml', sandbox: '/sandbox', policy: { ...DEFAULT_POLICY, externalNetworks: true, externalVolumes: true, fixedSubnets: true } };

const planned = (result: E.Either<ComposeError[], PodPlan>): PodPlan => (E.isRight(result) ? result.right : expect.fail(result.left.map(formatComposeError).join('\n')));
const errorLines = (result: E.Either<ComposeError[], PodPlan>): string[] => (E.isLeft(result) ? result.left.map(formatComposeError) : expect.fail('expected errors, got a plan'));
const byName = (plan: PodPlan): Record<string, ServicePlan> => Object.fromEntries(plan.services.map((s) => [s.name, s]));

const podLabels = { taskId: 'shop-1', executorId: 'shop-1-executor', 'com.docker.compose.project': 'shop-1' };

const storefront = `
services:
  web:
    image: shop/web
    volumes: ["uploads:/srv/uploads", "./static:/srv/static:ro", "shared:/shared"]
    networks:
      front: {aliases: [www]}
      back:
  db:
    image: postgres
    volumes: ["pgdata:/var/lib/postgresql/data"]
    networks: [back]
  debug:
    image: busybox
    profiles: [debug]
volumes:
  uploads:
  pgdata: {labels: {backup: daily}}
  shared: {external: true, name: team-shared}
networks:
  front:
  back: {internal: true}
  unused:
`;

describe('planning volumes, networks and profiles', () => {
  it('names pod volumes and networks after the task, labels them like the pod, and leaves external ones as they are', () => {
    const plan = planned(planPod(model(storefront), task(), options));
    expect(plan.volumes).to.deep.equal([
      { name: 'shop-1_pgdata', labels: { backup: 'daily', ...podLabels, 'com.docker.compose.volume': 'pgdata' } },
      { name: 'shop-1_uploads', labels: { ...podLabels, 'com.docker.compose.volume': 'uploads' } },
    ]);
    expect(plan.networks).to.deep.equal([
      { name: 'shop-1_back', labels: { ...podLabels, 'com.docker.compose.network': 'back' }, internal: true },
      { name: 'shop-1_front', labels: { ...podLabels, 'com.docker.compose.network': 'front' } },
    ]);
    const { web, db } = byName(plan);
    expect(web?.mounts).to.deep.equal([
      { type: 'volume', source: 'shop-1_uploads', target: '/srv/uploads', readOnly: false, labels: { ...podLabels, 'com.docker.compose.volume': 'uploads' } },
      { type: 'bind', source: '/sandbox/static', target: '/srv/static', readOnly: true, createHostPath: true },
      { type: 'volume', source: 'team-shared', target: '/shared', readOnly: false },
    ]);
    expect(web?.networks).to.deep.equal([{ name: 'shop-1_back', aliases: ['web'] }, { name: 'shop-1_front', aliases: ['web', 'www'] }]);
    expect(db?.networks).to.deep.equal([{ name: 'shop-1_back', aliases: ['db'] }]);
    expect(Object.keys(byName(plan))).to.deep.equal(['db', 'web']);
  });

  it('runs the services of the profiles the task activates, by COMPOSE_PROFILES or its profiles label', () => {
    expect(activeProfiles({ COMPOSE_PROFILES: 'debug, ops' }, { profiles: 'ops,metrics' })).to.deep.equal(['debug', 'ops', 'metrics']);
    expect(planned(planPod(model(storefront), task(), { ...options, profiles: ['debug'] })).services.map((s) => s.name)).to.deep.equal(['db', 'debug', 'web']);
    expect(planned(planPod(model(storefront), task(), { ...options, profiles: ['*'] })).services).to.have.length(3);
  });

  it('folds env files into the environment, the service environment winning', () => {
    const loaded = model('services:\n  web:\n    image: x\n    env_file: [base.env, {path: local.env, required: false}, prod.env]\n    environment: {MODE: service}\n');
    const applied = applyEnvFiles(loaded, { 'base.env': { text: 'A=1\nMODE=base\n' }, 'local.env': { missing: 'file not found' }, 'prod.env': { text: 'A=2\n' } }, 'docker-compose.yml');
    expect(E.isRight(applied) && applied.right.services.web?.environment).to.deep.equal({ A: '2', MODE: 'service' });
    const missing = applyEnvFiles(loaded, { 'local.env': { missing: 'file not found' }, 'prod.env': { text: 'not a pair' } }, 'docker-compose.yml');
    expect(E.isLeft(missing) && missing.left.map(formatComposeError)).to.deep.equal([
      'docker-compose.yml: services.web.env_file[0]: base.env: not read',
      'prod.env: line 1: expected KEY=VALUE, got "not a pair"',
    ]);
  });

  const bad: Array<[string, string, string[], Partial<PlanOptions>?]> = [
    ['an undeclared named volume', 'services:\n  web:\n    image: x\n    volumes: ["data:/data"]\n', ['docker-compose.yml: services.web.volumes[0]: volume "data" is not declared under the top-level volumes']],
    ['two volumes at one path', 'services:\n  web:\n    image: x\n    volumes: ["/data", "./d:/data"]\n', ['docker-compose.yml: services.web.volumes[1]: /data is mounted twice']],
    ['an undeclared network', 'services:\n  web:\n    image: x\n    networks: [front]\n', ['docker-compose.yml: services.web.networks.front: network "front" is not declared under the top-level networks']],
    ['networks with network_mode', 'services:\n  web:\n    image: x\n    network_mode: none\n    networks: [default]\n', ['docker-compose.yml: services.web.networks: cannot be combined with network_mode']],
    ['a fixed address without a subnet', 'services:\n  web:\n    image: x\n    networks: {front: {ipv4_address: 10.0.0.5}}\nnetworks:\n  front:\n', ['docker-compose.yml: services.web.networks.front.ipv4_address: needs a subnet: set networks.front.ipam.config']],
    ['an external default network', 'services:\n  web:\n    image: x\nnetworks:\n  default: {external: true}\n', ['docker-compose.yml: networks.default.external: not supported yet: the pod creates its own default network']],
    ['dns on a shared namespace', 'services:\n  vpn:\n    image: x\n  web:\n    image: x\n    network_mode: service:vpn\n    dns: [1.1.1.1]\n    extra_hosts: ["a:1.2.3.4"]\n', ['docker-compose.yml: services.web.dns: cannot be set with network_mode service:vpn: set it on vpn', 'docker-compose.yml: services.web.extra_hosts: cannot be set with network_mode service:vpn: set it on vpn']],
    ['cpus twice, differently', 'services:\n  web:\n    image: x\n    cpus: 1\n    deploy: {resources: {limits: {cpus: 2}}}\n', ['docker-compose.yml: services.web.deploy.resources.limits.cpus: 2 conflicts with cpus: 1']],
    ['mem_limit twice, differently', 'services:\n  web:\n    image: x\n    mem_limit: 1g\n    deploy: {resources: {limits: {memory: 2g}}}\n', ['docker-compose.yml: services.web.deploy.resources.limits.memory: 2147483648 conflicts with mem_limit: 1073741824']],
    ['a dependency on a service of an inactive profile', 'services:\n  web:\n    image: x\n    depends_on: [debug]\n  debug:\n    image: x\n    profiles: [debug]\n', ['docker-compose.yml: services.web.depends_on: web depends on "debug", which is only in profile debug, not active']],
    ['a pod whose every service is in an inactive profile', 'services:\n  web:\n    image: x\n    profiles: [a]\n', ['docker-compose.yml: services: every service is in a profile, none of them active (active: none): name profiles in the task\'s COMPOSE_PROFILES or its profiles label']],
    ['an active service of a profile without an image', 'services:\n  web:\n    image: x\n  debug:\n    profiles: [debug]\n', ['docker-compose.yml: services.debug.image: missing: every service needs an image or a build'], { profiles: ['debug'] }],
  ];
  for (const [what, yaml, expected, extra] of bad) {
    it(`refuses ${what}`, () => {
      expect(errorLines(planPod(model(yaml), task(), { ...options, ...extra }))).to.deep.equal(expected);
    });
  }

  it('leaves out a service of an inactive profile before checking it, as Compose does: no image, undeclared volumes and networks', () => {
    const yaml = 'services:\n  web:\n    image: x\n  debug:\n    profiles: [debug]\n    depends_on: [db]\n  tools:\n    profiles: [tools]\n    image: x\n    volumes: ["data:/data"]\n    networks: [back]\n';
    expect(planned(planPod(model(yaml), task(), options)).services.map((s) => s.name)).to.deep.equal(['web']);
  });

  it('drops an optional dependency on a service left out by its profile', () => {
    const yaml = 'services:\n  web:\n    image: x\n    depends_on: {debug: {required: false}}\n  debug:\n    image: x\n    profiles: [debug]\n';
    expect(planned(planPod(model(yaml), task(), options)).services.map((s) => [s.name, s.dependsOn])).to.deep.equal([['web', []]]);
  });

  it('never lets plans of two tasks share a container, port, network or volume', () => {
    const pod = model(storefront.replace('image: shop/web', 'image: shop/web\n    ports: ["80", "443"]'));
    const taskIds = fc.string({ minLength: 1, maxLength: 80 });
    fc.assert(
      fc.property(taskIds, taskIds, fc.integer({ min: 1, max: 30_000 }), fc.boolean(), (first, second, base, infra) => {
        fc.pre(first !== second);
        const opts = infra ? { ...options, infra: { image: 'pause' } } : options;
        const one = planned(planPod(pod, task({ taskId: first, ports: [[base, base + 9]] }), opts));
        const two = planned(planPod(pod, task({ taskId: second, ports: [[base + 10, base + 19]] }), opts));
        const owned = (plan: PodPlan) => [
          ...plan.services.map((s) => `container ${s.containerName}`),
          ...plan.services.flatMap((s) => s.ports.map((p) => `port ${p.hostPort}`)),
          ...[plan.network, ...(plan.networks ?? [])].map((n) => `network ${n.name}`),
          ...(plan.volumes ?? []).map((v) => `volume ${v.name}`),
          ...plan.services.flatMap((s) => (s.mounts ?? []).flatMap((m) => (m.type === 'volume' && m.labels !== undefined ? [`volume ${m.source}`] : []))),
        ];
        const mine = new Set(owned(one));
        expect(owned(two).filter((name) => mine.has(name))).to.deep.equal([]);
      }),
      { numRuns: 200 },
    );
  });
});
