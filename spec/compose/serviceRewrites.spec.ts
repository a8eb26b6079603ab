import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { formatComposeError, type ComposeError } from '../../src/compose/composeError.js';
import { loadCompose } from '../../src/compose/load.js';
import { DEFAULT_POLICY } from '../../src/compose/operatorPolicy.js';
import type { PodPlan } from '../../src/compose/podPlan.js';
import { planPod } from '../../src/compose/plan.js';
import { readComposeFiles } from '../../src/compose/readComposeFiles.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

// The fixtures join external volumes and fix subnets, which the operator must allow.
const options = { fileName: 'compose.yaml', sandbox: '/sandbox', policy: { ...DEFAULT_POLICY, externalNetworks: true, externalVolumes: true, fixedSubnets: true } };
const task = (taskId: string) => ({ taskId, executorId: `${taskId}-executor`, labels: {}, ports: [[31000, 31009]] as Array<readonly [number, number]> });

const plan = (yaml: string, taskId = 'pod-a'): E.Either<string[], PodPlan> => {
  const model = loadCompose([{ name: 'compose.yaml', text: yaml }], {});
  if (E.isLeft(model)) return E.left(model.left.map(formatComposeError));
  return E.mapLeft((errors: ComposeError[]) => errors.map(formatComposeError))(planPod(model.right, task(taskId), options));
};
const planned = (yaml: string, taskId?: string): PodPlan => {
  const result = plan(yaml, taskId);
  return E.isRight(result) ? result.right : expect.fail(result.left.join('\n'));
};

describe('keys rewritten per task', () => {
  it('names a container_name container within the task, keeps the name as an alias, and two tasks never clash', () => {
    const yaml = 'services:\n  web:\n    image: x\n    container_name: my-web\n';
    const [a, b] = [planned(yaml, 'pod-a'), planned(yaml, 'pod-b')];
    expect(a.services[0]).to.deep.include({ containerName: 'pod-a_my-web', containerAlias: 'my-web', aliases: ['web', 'my-web'] });
    expect(b.services[0]?.containerName).to.equal('pod-b_my-web');
  });

  it('refuses container_name on a scaled service, as Compose does', () => {
    expect(plan('services:\n  web:\n    image: x\n    container_name: w\n    scale: 2\n')).to.deep.equal(E.left(['compose.yaml: services.web.container_name: cannot name 2 containers of one service alike: remove container_name or scale']));
  });

  it('turns links into a dependency and an alias of the linked service', () => {
    const pod = planned('services:\n  web:\n    image: x\n    links: ["db:database"]\n  db:\n    image: x\n');
    expect(pod.services.map((s) => s.name)).to.deep.equal(['db', 'web']);
    expect(pod.services[0]?.aliases).to.deep.equal(['db', 'database']);
    expect(pod.services[1]?.dependsOn).to.deep.equal(['db']);
  });

  it('runs scale and deploy.replicas as that many containers, each with offered ports, all answering to the service name', () => {
    const pod = planned('services:\n  web:\n    image: x\n    scale: 3\n    ports: ["80:80"]\n  worker:\n    image: x\n    deploy: {replicas: 0}\n');
    expect(pod.services.map((s) => [s.name, s.replicaOf ?? '', s.ports.map((p) => p.hostPort)])).to.deep.equal([
      ['web', '', [31000]],
      ['web-2', 'web', [31001]],
      ['web-3', 'web', [31002]],
    ]);
    expect(pod.services[2]?.aliases).to.deep.equal(['web-3', 'web']);
    expect(pod.services[2]?.labels['com.docker.compose.container-number']).to.equal('3');
    expect(pod.warnings).to.include.members(['compose.yaml: services.worker.scale: 0: the service is not started']);
  });

  it('maps deploy.restart_policy as Compose does, over restart', () => {
    const pod = planned('services:\n  web:\n    image: x\n    restart: always\n    deploy: {restart_policy: {condition: on-failure, max_attempts: 3}}\n');
    expect(pod.services[0]?.restart).to.deep.equal({ policy: 'on-failure', maxRetries: 3 });
  });

  it('names networks and volumes with a name within the project, rewrites a bridge name, and warns of a fixed subnet', () => {
    const yaml = [
      'services:\n  web:\n    image: x\n    networks: [front]\n    volumes: ["data:/data"]',
      'networks:\n  front:\n    name: shared-front\n    driver_opts: {com.docker.network.bridge.name: br-front}\n    ipam: {config: [{subnet: 172.28.0.0/16}]}',
      'volumes:\n  data: {name: shared-data}\n  old: {external: {name: legacy-volume}}\n',
    ].join('\n');
    const pod = planned(yaml);
    expect(pod.networks?.[0]?.name).to.equal('pod-a_shared-front');
    expect(pod.networks?.[0]?.driverOptions?.['com.docker.network.bridge.name']).to.match(/^br-[0-9a-f]{8}$/);
    expect(pod.volumes?.map((v) => v.name)).to.deep.equal(['pod-a_shared-data']);
    expect(pod.warnings?.length).to.equal(4);
    expect(pod.warnings?.[2]).to.contain('a second pod of this file on the same agent fails ("Pool overlaps")');
  });
});

describe('keys ignored with a warning', () => {
  it('warns that version is obsolete and that the name is not the project on Mesos', () => {
    expect(planned('version: "3.8"\nname: shop\nservices:\n  web:\n    image: x\n').warnings).to.deep.equal([
      'compose.yaml: version: ignored: obsolete, as in Compose v2',
      "compose.yaml: name: shop is not the project on Mesos: the task's is pod-a",
    ]);
  });

  it('accepts swarm and Windows keys, runs the rest, and names each ignored key', () => {
    const pod = planned('services:\n  web:\n    image: x\n    develop: {watch: []}\n    isolation: default\n    ports: [{target: 80, mode: host}]\n    deploy: {labels: {a: b}, placement: {constraints: []}}\nnetworks:\n  default: {attachable: true}\n');
    expect(pod.warnings).to.deep.equal([
      'compose.yaml: services.web.develop: ignored: only `docker compose watch` reads it; there is no source tree to sync on an agent',
      'compose.yaml: services.web.isolation: ignored: Windows containers only',
      'compose.yaml: services.web.deploy.labels: ignored: swarm only: the Mesos framework places and restarts the task',
      'compose.yaml: services.web.deploy.placement: ignored: swarm only: the Mesos framework places and restarts the task',
      'compose.yaml: services.web.ports[0].mode: ignored: swarm only: the Mesos framework places and restarts the task',
      'compose.yaml: networks.default.attachable: ignored: swarm only: the Mesos framework places and restarts the task',
    ]);
  });
});

describe('keys that run as Compose runs them', () => {
  it('carries endpoint options, ipam options and IPv6 to the pod network, and long device syntax to the container', () => {
    const pod = planned('services:\n  web:\n    image: x\n    extra_hosts: {db: [10.0.0.1, 10.0.0.2]}\n    networks:\n      front: {ipv6_address: "fd00::10", link_local_ips: [169.254.1.1], driver_opts: {a: b}}\nnetworks:\n  front:\n    enable_ipv6: true\n    ipam: {driver: default, options: {o: v}, config: [{subnet: 172.30.0.0/16, aux_addresses: {host1: 172.30.0.5}}]}\n');
    expect(pod.services[0]?.networks?.[0]).to.deep.include({ ipv6Address: 'fd00::10', linkLocalIps: ['169.254.1.1'], driverOptions: { a: 'b' } });
    expect(pod.services[0]?.extraHosts).to.deep.equal(['db:10.0.0.1', 'db:10.0.0.2']);
    expect(pod.networks?.[0]).to.deep.include({ ipamDriver: 'default', ipamOptions: { o: 'v' }, enableIpv6: true });
    expect(pod.networks?.[0]?.subnets?.[0]?.auxAddresses).to.deep.equal({ host1: '172.30.0.5' });
  });

  it('takes IPv6 subnets and gateways', () => {
    const pod = planned('services:\n  web:\n    image: x\n    networks: [v6]\nnetworks:\n  v6:\n    enable_ipv6: true\n    ipam: {config: [{subnet: "2001:db8::/64", gateway: "2001:db8::1"}]}\n');
    expect(pod.networks?.[0]?.subnets).to.deep.equal([{ subnet: '2001:db8::/64', gateway: '2001:db8::1' }]);
  });
});

describe('env files and volume options', () => {
  it('reads an env_file of format raw as written, and mounts a volume subpath', async () => {
    const sandbox = await mkdtemp(path.join(tmpdir(), 'raw-env-'));
    await writeFile(path.join(sandbox, 'docker-compose.yml'), 'services:\n  web:\n    image: x\n    env_file: [{path: app.env, format: raw}]\n    volumes: [{type: volume, source: data, target: /data, volume: {subpath: web}}]\nvolumes:\n  data: {}\n');
    await writeFile(path.join(sandbox, 'app.env'), 'QUOTED="kept"\nDOLLAR=${NOT_READ}\n');
    const model = await readComposeFiles(sandbox, undefined, {});
    await rm(sandbox, { recursive: true, force: true });
    const web = E.isRight(model) ? model.right.services.web : expect.fail(JSON.stringify(model.left));
    expect(web?.environment).to.deep.equal({ QUOTED: '"kept"', DOLLAR: '${NOT_READ}' });
    expect(web?.volumes?.[0]).to.deep.include({ subpath: 'web' });
  });
});

describe('keys behind the operator policy', () => {
  const denied: Array<[string, string, string]> = [
    ['oom_kill_disable: true', 'oom_kill_disable', 'host_resources'],
    ['oom_score_adj: -500', 'oom_score_adj', 'host_resources'],
    ['cpuset: "0-1"', 'cpuset', 'host_resources'],
    ['uts: host', 'uts', 'host_namespaces'],
    ['userns_mode: host', 'userns_mode', 'host_namespaces'],
    ['cgroup: host', 'cgroup', 'host_namespaces'],
    ['runtime: nvidia', 'runtime', 'runtimes'],
    ['device_cgroup_rules: ["c 1:3 mr"]', 'device_cgroup_rules', 'devices'],
    ['external_links: [redis]', 'external_links', 'external_containers'],
  ];
  for (const [line, key, setting] of denied) {
    it(`denies ${line} by default, naming policy.${setting}`, () => {
      const result = plan(`services:\n  web:\n    image: x\n    ${line}\n`);
      expect(E.isLeft(result) && result.left).to.have.length(1);
      expect(E.isLeft(result) && result.left[0]).to.match(new RegExp(`^compose.yaml: services\\.web\\.${key}: .* is denied by the executor's policy \\(policy\\.${setting}\\)$`));
    });
  }

  it('denies logging, volume and network drivers outside the allowlists, naming each policy key', () => {
    const result = plan('services:\n  web:\n    image: x\n    logging: {driver: awslogs}\n    networks: [lan]\n    volumes: ["ebs:/data"]\nnetworks:\n  lan: {driver: macvlan}\nvolumes:\n  ebs: {driver: rexray/ebs}\n');
    expect(E.isLeft(result) && result.left).to.deep.equal([
      "compose.yaml: services.web.logging.driver: logging driver awslogs is denied by the executor's policy (policy.logging_drivers)",
      "compose.yaml: networks.lan.driver: network driver macvlan is denied by the executor's policy (policy.network_drivers)",
      "compose.yaml: volumes.ebs.driver: volume driver rexray/ebs is denied by the executor's policy (policy.volume_drivers)",
    ]);
  });

  it('runs a positive oom_score_adj and a private cgroup namespace without asking', () => {
    const pod = planned('services:\n  web:\n    image: x\n    oom_score_adj: 300\n    cgroup: private\n');
    expect(pod.services[0]).to.deep.include({ oomScoreAdj: 300, cgroupnsMode: 'private' });
  });
});
