import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { containerSpec } from '../../src/adapters/containerSpec.js';
import { planLocalPod } from '../../src/cli/localPlan.js';
import type { ComposeModel } from '../../src/compose/model.js';
import type { PodPlan, ServicePlan } from '../../src/compose/podPlan.js';
import { differentialCases, type DifferentialCase } from './differentialCases.js';
import { pathCases } from './differentialPathCases.js';

/**
 * Docker Compose v2 is the oracle: each fixture goes through
 * `docker compose config --format json` and through our plan, and what
 * reaches Docker must agree (host ports aside: ours come from the offer).
 * scripts/compose-v2.sh installs the oracle; without it these specs fail.
 */

/** What reaches Docker of one service, in one shape for both tools. */
interface Seen {
  image?: string;
  command?: string[] | null;
  entrypoint?: string[] | null;
  environment?: Record<string, string | null>;
  ports?: string[];
  mounts?: string[];
  limits?: Record<string, number>;
  networks?: Record<string, string[]>;
  dependsOn?: string[];
  containerName?: string;
  replicas?: number;
  labels?: Record<string, string>;
  /** The build's context, Dockerfile and inline Dockerfile. */
  build?: Json;
  /** Each `file:` secret and config, `target=host path`. */
  fileSources?: string[];
  /** The `device` of each named volume the service mounts. */
  volumeDevices?: string[];
  /** The create body's DeviceRequests; Compose's `count: -1` (all) is the task's GPUs on Mesos. */
  deviceRequests?: unknown[];
  hooks?: Record<string, Json[]>;
}

type Json = Record<string, any>;

/** Compose's config output writes every literal `$` as `$$`. */
const unescape = (value: unknown): unknown => (typeof value === 'string' ? value.replace(/\$\$/g, '$') : Array.isArray(value) ? value.map(unescape) : value);

const size = (value: unknown): number | undefined => (value === undefined || value === null ? undefined : Number(value));

const fileTarget = (kind: 'secrets' | 'configs', ref: Json): string => {
  const target = (ref.target as string | undefined) ?? (ref.source as string);
  return target.startsWith('/') ? target : `${kind === 'secrets' ? '/run/secrets/' : '/'}${target}`;
};

const composeSees = (service: Json, key: keyof Seen, project: Json, gpus: number): unknown => {
  switch (key) {
    case 'deviceRequests': {
      // pkg/compose/create.go: the reservations' devices, then `gpus` with the gpu capability appended.
      const reserved = (service.deploy?.resources?.reservations?.devices ?? []).map((d: Json) => [d, d.capabilities ?? []]);
      const asked = (service.gpus ?? []).map((d: Json) => [d, [...(d.capabilities ?? []), 'gpu']]);
      return [...reserved, ...asked].map(([d, caps]: [Json, string[]]) => ({
        Driver: d.driver ?? '',
        Count: d.count === -1 ? gpus : (d.count ?? 0),
        DeviceIDs: d.device_ids ?? null,
        Capabilities: [caps],
        Options: d.options ?? null,
      }));
    }
    case 'fileSources':
      return (['secrets', 'configs'] as const).flatMap((kind) => (service[kind] ?? []).map((ref: Json) => `${fileTarget(kind, ref)}=${project[kind][ref.source].file}`)).sort();
    case 'volumeDevices':
      return (service.volumes ?? []).filter((v: Json) => v.type === 'volume').map((v: Json) => `${v.target}=${project.volumes[v.source].driver_opts?.device}`).sort();
    case 'image':
      return service.image;
    case 'command':
    case 'entrypoint':
      return (unescape(service[key]) as string[] | null | undefined) ?? null;
    case 'environment':
      return Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, unescape(v)]));
    case 'ports':
      return (service.ports ?? []).map((p: Json) => `${p.target}/${p.protocol ?? 'tcp'}`).sort();
    case 'mounts':
      return (service.volumes ?? []).map((v: Json) => `${v.type}:${v.type === 'bind' ? `${v.source}:` : ''}${v.target}${v.read_only ? ':ro' : ''}${v.tmpfs?.mode !== undefined ? `:mode=${v.tmpfs.mode.toString(8)}` : ''}`).sort();
    case 'limits': {
      const limits = service.deploy?.resources?.limits ?? {};
      const cpus = service.cpus ?? limits.cpus;
      const all = { memory: size(service.mem_limit ?? limits.memory), nanoCpus: cpus === undefined ? undefined : Math.round(Number(cpus) * 1e9), pids: size(service.pids_limit ?? limits.pids) };
      return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
    }
    case 'networks':
      return Object.fromEntries(Object.entries(service.networks ?? {}).map(([name, attachment]) => [name, [...((attachment as Json | null)?.aliases ?? [])].sort()]));
    case 'dependsOn':
      return Object.keys(service.depends_on ?? {}).sort();
    case 'containerName':
      return service.container_name;
    case 'replicas':
      return service.scale ?? service.deploy?.replicas ?? 1;
    case 'labels':
      return Object.fromEntries(Object.entries(service.labels ?? {}).map(([k, v]) => [k, unescape(v)]));
    case 'hooks': {
      const hooks = (list: Json[] | undefined) =>
        (list ?? []).map((h) => ({ command: unescape(h.command), user: h.user, privileged: h.privileged, working_dir: h.working_dir, environment: h.environment }));
      return { post_start: hooks(service.post_start), pre_stop: hooks(service.pre_stop) };
    }
    case 'build':
      return service.build === undefined ? undefined : { context: service.build.context, dockerfile: service.build.dockerfile ?? 'Dockerfile', inline: service.build.dockerfile_inline };
  }
};

const oursSees = (plan: PodPlan, model: ComposeModel, services: readonly ServicePlan[], key: keyof Seen): unknown => {
  const [service] = services;
  if (service === undefined) return undefined;
  // Back from the Docker name to the key of the file: external ones keep their name, the pod's are within the project.
  const keyOf = new Map(Object.entries(model.networks).map(([k, d]) => [d.external ? (d.name ?? k) : `${plan.project}_${d.name ?? k}`, k]));
  const network = (name: string) => (name === plan.network.name ? 'default' : (keyOf.get(name) ?? name));
  // Secrets and configs bound from their files: Compose lists them apart from the service's volumes.
  const fileTargets = (['secrets', 'configs'] as const).flatMap((kind) => (model.services[service.replicaOf ?? service.name]?.[kind] ?? []).map((ref) => fileTarget(kind, ref)));
  switch (key) {
    case 'deviceRequests':
      return containerSpec({ type: 'container.create', taskId: plan.taskId, service }).HostConfig?.DeviceRequests ?? [];
    case 'fileSources':
      return (service.mounts ?? []).flatMap((m) => (m.type === 'bind' && fileTargets.includes(m.target) ? [`${m.target}=${m.source}`] : [])).sort();
    case 'volumeDevices':
      return (service.mounts ?? []).flatMap((m) => (m.type === 'volume' ? [`${m.target}=${m.driverOptions?.device}`] : [])).sort();
    case 'image':
      return service.image;
    case 'command':
    case 'entrypoint':
      return service[key] ?? null;
    case 'environment':
      // The executor adds the pod's host ports; Compose has no such variables.
      return Object.fromEntries(Object.entries(service.environment).filter(([k]) => !k.startsWith('PORT_')));
    case 'ports':
      return service.ports.map((p) => `${p.containerPort}/${p.protocol}`).sort();
    case 'mounts':
      return [
        ...(service.mounts ?? []).filter((m) => m.type !== 'bind' || !fileTargets.includes(m.target)).map((m) => `${m.type}:${m.type === 'bind' ? `${m.source}:` : ''}${m.target}${'readOnly' in m && m.readOnly ? ':ro' : ''}${m.type === 'tmpfs' && m.mode !== undefined ? `:mode=${m.mode.toString(8)}` : ''}`),
      ].sort();
    case 'limits': {
      const all = { memory: service.memoryBytes, nanoCpus: service.nanoCpus, pids: service.pidsLimit };
      return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
    }
    case 'networks': {
      const attached = service.networks ?? [{ name: plan.network.name, aliases: service.aliases }];
      // Compose lists only the aliases the file gave; the service's own name is implied.
      return Object.fromEntries(attached.map((n) => [network(n.name), n.aliases.filter((alias) => alias !== service.name && alias !== service.containerAlias).sort()]));
    }
    case 'dependsOn':
      return [...service.dependsOn].sort();
    case 'containerName':
      return service.containerAlias;
    case 'replicas':
      return services.length;
    case 'labels':
      // The executor's own labels, which say whose container it is; Compose adds its own at create.
      return Object.fromEntries(Object.entries(service.labels).filter(([k]) => !k.startsWith('com.docker.compose.') && !['fileName', 'taskId', 'executorId'].includes(k)));
    case 'hooks': {
      const hooks = (list: ServicePlan['postStart']) =>
        (list ?? []).map((h) => ({ command: h.command, user: h.user, privileged: h.privileged, working_dir: h.workingDir, environment: h.environment }));
      return { post_start: hooks(service.postStart), pre_stop: hooks(service.preStop) };
    }
    case 'build': {
      const build = service.build;
      // An inline Dockerfile is written into the context sent under a name of ours; Compose names none.
      return build === undefined ? undefined : { context: build.context, dockerfile: build.dockerfileInline === undefined ? build.dockerfile : 'Dockerfile', inline: build.dockerfileInline };
    }
  }
};

const composeConfig = (dir: string, testCase: DifferentialCase): Json => {
  const files = testCase.use ?? ['compose.yaml'];
  const result = spawnSync('docker', ['compose', '-p', 't', ...files.flatMap((file) => ['-f', file]), 'config', '--format', 'json'], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...testCase.env },
  });
  if (result.error !== undefined || /is not a docker command|unknown command/.test(result.stderr)) {
    throw new Error(`Docker Compose v2 is missing (run scripts/compose-v2.sh): ${result.error?.message ?? result.stderr}`);
  }
  if (result.status !== 0) throw new Error(`docker compose config refused ${testCase.name}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Json;
};

describe('our plan against Docker Compose v2 (docker compose config)', function () {
  this.timeout(60_000);
  let work = '';
  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'differential-'));
    // Compose joins external networks and volumes, fixes subnets, builds, runs privileged hooks and binds any host path; the operator allows them here.
    await writeFile(path.join(work, 'executor.yml'), 'policy:\n  external_networks: allow\n  external_volumes: allow\n  fixed_subnets: allow\n  build: allow\n  remote_build_contexts: allow\n  privileged: allow\n  bind_mounts_outside_sandbox: allow\n');
  });
  after(async () => {
    await rm(work, { recursive: true, force: true });
  });

  for (const testCase of [...differentialCases, ...pathCases]) {
    it(`agrees on ${testCase.name}`, async () => {
      const dir = path.join(work, testCase.name.replace(/[^a-z0-9]+/gi, '-'));
      for (const [name, text] of Object.entries(testCase.files)) {
        await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
        await writeFile(path.join(dir, name), text);
      }
      const compose = composeConfig(dir, testCase);
      const files = (testCase.use ?? ['compose.yaml']).map((file) => path.join(dir, file));
      // The case's directory stands for the sandbox, so `-f deploy/compose.yaml` is planned as Mesos plans it.
      const ours = await planLocalPod({ files, sandbox: dir, taskId: 't', ports: [[31000, 31099]], environment: testCase.env ?? {}, ...(testCase.gpus === undefined ? {} : { gpus: testCase.gpus }), config: path.join(work, 'executor.yml') });
      if (ours._tag === 'Left') expect.fail(`we refused ${testCase.name}: ${ours.left.join('\n')}`);
      const plan = ours.right.plan;
      for (const name of Object.keys(compose.services).sort()) {
        const services = plan.services.filter((service) => service.name === name || service.replicaOf === name);
        for (const key of testCase.compare) {
          expect(oursSees(plan, ours.right.model, services, key), `services.${name} ${key}`).to.deep.equal(composeSees(compose.services[name] as Json, key, compose, testCase.gpus ?? 0));
        }
      }
      expect(plan.services.map((service) => service.replicaOf ?? service.name).filter((name, i, all) => all.indexOf(name) === i).sort(), 'the services').to.deep.equal(Object.keys(compose.services).sort());
    });
  }
});
