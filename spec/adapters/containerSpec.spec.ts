import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import * as E from 'fp-ts/lib/Either.js';
import { formatComposeError } from '../../src/compose/composeError.js';
import { loadCompose } from '../../src/compose/load.js';
import { DEFAULT_POLICY } from '../../src/compose/operatorPolicy.js';
import { planPod, type PlanOptions } from '../../src/compose/plan.js';
import type { PodPlan, ServicePlan } from '../../src/compose/podPlan.js';
import { containerSpec, laterNetworks } from '../../src/adapters/containerSpec.js';

const sandbox = '/var/lib/mesos/slaves/a1/frameworks/f1/executors/e1/runs/r1';

const plan = (yaml: string, options: Partial<PlanOptions> = {}): PodPlan => {
  const model = loadCompose([{ name: 'docker-compose.yml', text: yaml }], {});
  if (E.isLeft(model)) return expect.fail(model.left.map(formatComposeError).join('\n'));
  const planned = planPod(model.right, { taskId: 'shop-1', executorId: 'shop-1-executor', labels: {}, ports: [[31000, 31009]] }, { fileName: 'docker-compose.yml', sandbox, ...options });
  return E.isRight(planned) ? planned.right : expect.fail(planned.left.map(formatComposeError).join('\n'));
};

const service = (pod: PodPlan, name: string): ServicePlan => pod.services.find((s) => s.name === name) ?? expect.fail(`no service ${name}`);

const create = (pod: PodPlan, name: string, extra: { network?: string; joinContainerId?: string } = {}) =>
  containerSpec({ type: 'container.create', taskId: pod.taskId, service: service(pod, name), ...extra });

const web = (...lines: string[]) => ['services:', '  web:', '    image: x', ...lines.map((line) => `    ${line}`)].join('\n');

describe("a service's Docker create body", () => {
  it('carries the keys that shape the container as Compose gives them to Docker', () => {
    const body = create(
      plan(web('expose: ["3000", "9000-9001/udp"]', 'dns_opt: [use-vc]', 'group_add: [mail]', 'mem_reservation: 32m', 'pids_limit: 50', 'cpu_period: 100000', 'cpu_quota: 50000', 'annotations: {a: b}', 'blkio_config: {weight: 300}', 'mac_address: "02:42:ac:11:00:02"', 'environment: [UNSET_HERE]')),
      'web',
    );
    expect(body.ExposedPorts).to.deep.equal({ '3000/tcp': {}, '9000/udp': {}, '9001/udp': {} });
    expect(body.HostConfig).to.deep.include({ DnsOptions: ['use-vc'], GroupAdd: ['mail'], MemoryReservation: 32 * 1024 * 1024, PidsLimit: 50, CpuPeriod: 100000, CpuQuota: 50000, BlkioWeight: 300 });
    expect((body.HostConfig as Record<string, unknown>).Annotations).to.deep.equal({ a: 'b' });
    expect(body.MacAddress).to.equal('02:42:ac:11:00:02');
    // A bare key no environment set reaches Docker unset, with no `=`, as Compose passes it.
    expect(body.Env).to.include('UNSET_HERE');
  });

  it('mounts pod volumes by their task-scoped name with the pod labels, anonymous volumes, host paths from the sandbox and tmpfs', () => {
    const pod = plan(`${web('volumes:', '  - data:/data:ro', '  - /scratch', '  - ./conf:/etc/app', '  - {type: tmpfs, target: /tmp, tmpfs: {size: 1m}}', '  - ./secrets:/run/secrets:ro,Z', '  - {type: bind, source: logs, target: /logs, read_only: true}', 'tmpfs: ["/run:size=64k"]')}\nvolumes:\n  data: {labels: {tier: db}}\n`);
    const body = create(pod, 'web', { network: 'shop-1_default' });
    expect(body.HostConfig?.Mounts).to.deep.equal([
      { Type: 'volume', Target: '/data', ReadOnly: true, Source: 'shop-1_data', VolumeOptions: { Labels: { tier: 'db', taskId: 'shop-1', executorId: 'shop-1-executor', 'com.docker.compose.project': 'shop-1', 'com.docker.compose.volume': 'data' } } },
      { Type: 'volume', Target: '/scratch', ReadOnly: false, Source: '', VolumeOptions: {} },
      { Type: 'tmpfs', Source: '', Target: '/tmp', TmpfsOptions: { SizeBytes: 1024 * 1024 } },
      { Type: 'bind', Source: `${sandbox}/logs`, Target: '/logs', ReadOnly: true },
    ]);
    expect(body.HostConfig?.Binds).to.deep.equal([`${sandbox}/conf:/etc/app:rw`, `${sandbox}/secrets:/run/secrets:ro,Z`]);
    expect(body.HostConfig?.Tmpfs).to.deep.equal({ '/run': 'size=64k' });
  });

  it('sets limits, namespaces, capabilities, logging and the rest as Docker names them', () => {
    const pod = plan(
      web(
        'user: "1000"',
        'hostname: web1',
        'domainname: shop.local',
        'extra_hosts: ["db.local:10.0.0.5"]',
        'dns: [1.1.1.1]',
        'dns_search: [shop.local]',
        'cap_add: [NET_ADMIN]',
        'cap_drop: [ALL]',
        'ipc: shareable',
        'shm_size: 64m',
        'ulimits: {nofile: {soft: 1024, hard: 2048}}',
        'sysctls: {net.core.somaxconn: 1024}',
        'init: true',
        'tty: true',
        'stdin_open: true',
        'read_only: true',
        'security_opt: [no-new-privileges:true]',
        'logging: {driver: json-file, options: {max-size: 1m}}',
        'mem_limit: 256m',
        'memswap_limit: 512m',
        'cpus: 0.5',
        'cpu_shares: 512',
        'deploy: {resources: {limits: {pids: 50}, reservations: {memory: 128m}}}',
        'devices: [/dev/fuse]',
        'healthcheck: {test: [CMD, "true"], interval: 2s, retries: 3}',
      ),
      { policy: { ...DEFAULT_POLICY, capAdd: true, devices: true } },
    );
    const body = create(pod, 'web', { network: 'shop-1_default' });
    expect(body).to.deep.include({ User: '1000', Hostname: 'web1', Domainname: 'shop.local', Tty: true, OpenStdin: true });
    expect(body.Healthcheck).to.deep.equal({ Test: ['CMD', 'true'], Interval: 2e9, Retries: 3 });
    expect(body.HostConfig).to.deep.equal({
      NetworkMode: 'shop-1_default',
      ExtraHosts: ['db.local:10.0.0.5'],
      Dns: ['1.1.1.1'],
      DnsSearch: ['shop.local'],
      CapAdd: ['NET_ADMIN'],
      CapDrop: ['ALL'],
      IpcMode: 'shareable',
      ShmSize: 64 * 1024 ** 2,
      Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 2048 }],
      Sysctls: { 'net.core.somaxconn': '1024' },
      Init: true,
      ReadonlyRootfs: true,
      SecurityOpt: ['no-new-privileges:true'],
      LogConfig: { Type: 'json-file', Config: { 'max-size': '1m' } },
      Memory: 256 * 1024 ** 2,
      MemorySwap: 512 * 1024 ** 2,
      MemoryReservation: 128 * 1024 ** 2,
      NanoCpus: 5e8,
      CpuShares: 512,
      PidsLimit: 50,
      Devices: [{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' }],
    });
  });

  it('joins the first of its networks at create, with aliases and a fixed address, and the others after', () => {
    const yaml = `${web('networks:', '  front: {aliases: [api], ipv4_address: 172.28.0.10}', '  back:')}\nnetworks:\n  front: {ipam: {config: [{subnet: 172.28.0.0/16}]}}\n  back:\n`;
    // A fixed subnet is the operator's to allow.
    const pod = plan(yaml, { policy: { ...DEFAULT_POLICY, fixedSubnets: true } });
    const web1 = service(pod, 'web');
    expect(create(pod, 'web', { network: pod.network.name }).HostConfig?.NetworkMode).to.equal('shop-1_back');
    expect(create(pod, 'web', { network: pod.network.name }).NetworkingConfig).to.deep.equal({ EndpointsConfig: { 'shop-1_back': { Aliases: ['web'] } } });
    expect(laterNetworks(web1)).to.deep.equal([{ network: 'shop-1_front', endpoint: { Aliases: ['web', 'api'], IPAMConfig: { IPv4Address: '172.28.0.10' } } }]);
  });

  it('leaves what belongs to the namespace owner, hostname included, off a container that joins the infra container', () => {
    const pod = plan(web('hostname: web1', 'ports: ["80"]', 'dns: [1.1.1.1]'), { infra: { image: 'compose-executor/busybox:test' } });
    const body = create(pod, 'web', { joinContainerId: 'abc' });
    expect(body.HostConfig).to.deep.equal({ NetworkMode: 'container:abc' });
    expect(body).to.not.have.any.keys('Hostname', 'ExposedPorts', 'NetworkingConfig');
    expect(create(pod, 'infra', { network: pod.network.name }).HostConfig).to.deep.include({ NetworkMode: 'shop-1_default', Dns: ['1.1.1.1'], PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '31000' }] } });
    expect(create(pod, 'infra', { network: pod.network.name }).Hostname).to.equal('web1');
  });

  describe('on the Docker engine', () => {
    const docker = new Dockerode();
    const made: Array<() => Promise<unknown>> = [];
    after(async () => {
      for (const undo of made.reverse()) await undo().catch(() => undefined);
    });

    it('creates a container Docker accepts, with its named volume labelled for cleanup', async () => {
      const taskId = `spec-${process.pid}-${Date.now()}`;
      const taskSandbox = await mkdtemp(path.join(tmpdir(), 'sandbox-'));
      made.push(() => rm(taskSandbox, { recursive: true, force: true }));
      const model = loadCompose([{ name: 'docker-compose.yml', text: `${web('volumes: ["data:/data", "./conf:/etc/app:ro"]', 'ulimits: {nofile: 1024}', 'mem_limit: 64m', 'cap_drop: [NET_RAW]', 'tmpfs: [/run]')}\nvolumes:\n  data:\n`.replace('image: x', 'image: compose-executor/busybox:test') }], {});
      if (E.isLeft(model)) return expect.fail('the file should load');
      const planned = planPod(model.right, { taskId, executorId: 'spec-executor', labels: {}, ports: [] }, { fileName: 'docker-compose.yml', sandbox: taskSandbox, policy: DEFAULT_POLICY });
      if (E.isLeft(planned)) return expect.fail(planned.left.map(formatComposeError).join('\n'));
      const body = containerSpec({ type: 'container.create', taskId, service: service(planned.right, 'web') });
      const container = await docker.createContainer({ ...body, HostConfig: { ...body.HostConfig, NetworkMode: 'none' } });
      made.push(() => docker.getVolume(`${planned.right.project}_data`).remove());
      made.push(() => container.remove({ force: true, v: true }));
      const inspected = await container.inspect();
      expect(inspected.HostConfig.Memory).to.equal(64 * 1024 ** 2);
      expect(inspected.Mounts.find((m) => m.Destination === '/etc/app')).to.deep.include({ Type: 'bind', Source: `${taskSandbox}/conf`, RW: false });
      const volume = await docker.getVolume(`${planned.right.project}_data`).inspect();
      expect(volume.Labels).to.deep.include({ taskId, executorId: 'spec-executor', 'com.docker.compose.volume': 'data' });
    });
  });
});
