import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { formatComposeError } from '../../src/compose/composeError.js';
import { DEFAULT_INFRA_COMMAND } from '../../src/compose/infraContainer.js';
import { loadCompose } from '../../src/compose/load.js';
import { DEFAULT_POLICY } from '../../src/compose/operatorPolicy.js';
import { planPod, type PlanOptions } from '../../src/compose/plan.js';
import type { PodPlan, ServicePlan } from '../../src/compose/podPlan.js';

const options: PlanOptions = { fileName: 'docker-compose.yml', sandbox: '/sandbox', infra: { image: 'registry.local/pause:3' }, policy: { ...DEFAULT_POLICY, hostNetwork: true, fixedSubnets: true } };

const plan = (yaml: string, extra: Partial<PlanOptions> = {}) => {
  const model = loadCompose([{ name: 'docker-compose.yml', text: yaml }], {});
  if (E.isLeft(model)) return expect.fail(model.left.map(formatComposeError).join('\n'));
  return planPod(model.right, { taskId: 'shop-1', executorId: 'e', labels: { team: 'shop' }, ports: [[31000, 31009]] }, { ...options, ...extra });
};
const planned = (yaml: string, extra: Partial<PlanOptions> = {}): PodPlan => {
  const result = plan(yaml, extra);
  return E.isRight(result) ? result.right : expect.fail(result.left.map(formatComposeError).join('\n'));
};
const pick = (service: ServicePlan | undefined, keys: Array<keyof ServicePlan>) => Object.fromEntries(keys.map((key) => [key, service?.[key]]));

const shop = 'services:\n  web:\n    image: web\n    ports: ["80"]\n    dns: [1.1.1.1]\n    depends_on: [db]\n  db:\n    image: db\n    ports: ["5432"]\n  metrics:\n    image: m\n    network_mode: host\n  sidecar:\n    image: s\n    network_mode: service:web\n';

describe('the infra container', () => {
  const cases: Array<[string, string, Partial<PlanOptions>, Record<string, Record<string, unknown>>]> = [
    [
      'holds the namespace, the ports, the DNS settings and every name of the services that join it',
      shop,
      {},
      {
        infra: { name: 'infra', image: 'registry.local/pause:3', command: DEFAULT_INFRA_COMMAND, network: { kind: 'pod' }, aliases: ['infra', 'db', 'web'], dependsOn: [], dns: ['1.1.1.1'], ports: [{ containerPort: 5432, protocol: 'tcp', hostPort: 31000 }, { containerPort: 80, protocol: 'tcp', hostPort: 31001 }] },
        db: { network: { kind: 'service', service: 'infra' }, aliases: [], dependsOn: ['infra'], ports: [], dns: undefined },
        web: { network: { kind: 'service', service: 'infra' }, aliases: [], dependsOn: ['db', 'infra'], ports: [], dns: undefined },
        metrics: { network: { kind: 'host' }, aliases: [], dependsOn: [], ports: [], dns: undefined },
        sidecar: { network: { kind: 'service', service: 'infra' }, aliases: [], dependsOn: ['infra', 'web'], ports: [], dns: undefined },
      },
    ],
    [
      'takes another name when a service is called infra, and the configured command',
      'services:\n  infra:\n    image: x\n',
      { infra: { image: 'pause', command: ['/pause'] } },
      { 'infra-2': { name: 'infra-2', image: 'pause', command: ['/pause'], aliases: ['infra-2', 'infra'], dependsOn: [], network: { kind: 'pod' }, ports: [], dns: undefined }, infra: { name: 'infra', image: 'x', command: undefined, aliases: [], dependsOn: ['infra-2'], network: { kind: 'service', service: 'infra-2' }, ports: [], dns: undefined } },
    ],
  ];
  for (const [what, yaml, extra, expected] of cases) {
    it(what, () => {
      const pod = planned(yaml, extra);
      const actual = Object.fromEntries(pod.services.map((s) => [s.name, pick(s, Object.keys(expected[s.name] ?? {}) as Array<keyof ServicePlan>)]));
      expect(actual).to.deep.equal(expected);
      expect(pod.services[0]?.name).to.equal(pod.infra);
    });
  }

  it('is labelled like every container of the task and starts first', () => {
    const pod = planned(shop);
    expect(pod.services.map((s) => s.name)).to.deep.equal(['infra', 'db', 'metrics', 'web', 'sidecar']);
    expect(pod.services[0]?.labels).to.deep.include({ team: 'shop', taskId: 'shop-1', 'com.docker.compose.service': 'infra' });
    expect(pod.services[0]?.containerName).to.equal('shop-1_infra');
  });

  it('joins every network of the services, answering to their names and aliases on each', () => {
    const pod = planned('services:\n  web:\n    image: w\n    networks:\n      front: {aliases: [www]}\n      back:\n  db:\n    image: d\n    networks: [back]\nnetworks:\n  front:\n  back:\n');
    expect(pod.services[0]?.networks).to.deep.equal([{ name: 'shop-1_back', aliases: ['infra', 'db', 'web'] }, { name: 'shop-1_front', aliases: ['infra', 'web', 'www'] }]);
  });

  it('is left out when no service joins it, and off when the executor names no image', () => {
    expect(planned('services:\n  m:\n    image: m\n    network_mode: host\n').services.map((s) => s.name)).to.deep.equal(['m']);
    expect(planned(shop, { infra: undefined }).infra).to.equal(undefined);
  });

  it('refuses a fixed address, which only one namespace could hold', () => {
    const result = plan('services:\n  web:\n    image: w\n    networks: {front: {ipv4_address: 10.1.0.5}}\nnetworks:\n  front: {ipam: {config: [{subnet: 10.1.0.0/16}]}}\n');
    expect(E.isLeft(result) && result.left.map(formatComposeError)).to.deep.equal([
      'docker-compose.yml: services.web.networks.front.ipv4_address: cannot be kept: with the infra container every service shares its network namespace and address',
    ]);
  });

  it('takes the hostname and domain name of the services that join it, which Docker gives every container in its namespace', () => {
    const pod = planned('services:\n  web:\n    image: w\n    hostname: shop\n    domainname: shop.local\n  db:\n    image: d\n    hostname: shop\n');
    expect(pod.services.map((s) => pick(s, ['name', 'hostname', 'domainname']))).to.deep.equal([
      { name: 'infra', hostname: 'shop', domainname: 'shop.local' },
      { name: 'db', hostname: undefined, domainname: undefined },
      { name: 'web', hostname: undefined, domainname: undefined },
    ]);
  });

  const names: Array<[string, string, string[]]> = [
    [
      'two hostnames among the services that share its namespace',
      'services:\n  web:\n    image: w\n    hostname: www\n  db:\n    image: d\n    hostname: database\n    domainname: a.local\n  cache:\n    image: c\n    domainname: b.local\n',
      [
        'docker-compose.yml: services.web.hostname: "www" conflicts with "database" of db: with the infra container every service shares one hostname',
        'docker-compose.yml: services.db.domainname: "a.local" conflicts with "b.local" of cache: with the infra container every service shares one domainname',
      ],
    ],
    [
      'a hostname on a service that joins another service\'s namespace',
      'services:\n  web:\n    image: w\n  sidecar:\n    image: s\n    network_mode: service:web\n    hostname: side\n',
      ['docker-compose.yml: services.sidecar.hostname: cannot be set with network_mode service:web: set it on web'],
    ],
  ];
  for (const [what, yaml, expected] of names) {
    it(`refuses ${what}`, () => {
      const result = plan(yaml);
      expect(E.isLeft(result) && result.left.map(formatComposeError)).to.deep.equal(expected);
    });
  }
});
