import { expect } from 'chai';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const run = (...args: string[]): SpawnSyncReturns<string> =>
  spawnSync('node', [path.join(root, 'bin/compose-executor.js'), ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, COMPOSE_EXECUTOR_CONFIG: '' } });

let work = '';

describe('compose-executor validate and plan, as a person types them', function () {
  this.timeout(120_000);

  before(function () {
    // tsc emits even when another part of the tree does not type-check; the built commands are what is tested.
    spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
    if (!existsSync(path.join(root, 'dist/cli/validate.js'))) throw new Error('the build made no dist/cli/validate.js');
    const probe = spawnSync('node', [path.join(root, 'bin/compose-executor.js'), 'validate', '--help'], { encoding: 'utf8' });
    if (/unknown command "validate"/.test(probe.stderr)) this.skip();
  });

  beforeEach(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'validate-'));
  });
  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const shop = 'services:\n  web:\n    image: shop/web\n    ports: ["80"]\n    env_file: web.env\n    volumes: ["uploads:/srv/uploads", "./static:/srv/static:ro"]\n    depends_on: [db]\n  db:\n    image: postgres\nvolumes:\n  uploads:\n';

  it('says ok for a good pod', async () => {
    await writeFile(path.join(work, 'docker-compose.yml'), shop);
    await writeFile(path.join(work, 'web.env'), 'MODE=prod\n');
    const result = run('validate', '-f', 'docker-compose.yml');
    expect([result.status, result.stdout, result.stderr]).to.deep.equal([0, 'ok\n', '']);
  });

  it('prints every error of every file, each with file, service and key, and exits 1', async () => {
    await writeFile(path.join(work, 'base.yml'), 'services:\n  web:\n    image: 5\n    privileged: true\n');
    await writeFile(path.join(work, 'override.yml'), 'services:\n  web:\n    ports: [http]\n    volumes: ["data:/data"]\n');
    const result = run('validate', '-f', 'base.yml', '-f', 'override.yml');
    expect(result.status).to.equal(1);
    expect(result.stdout).to.equal('');
    expect(result.stderr.split('\n')).to.deep.equal([
      'base.yml: services.web.image: expected a string, got 5',
      'override.yml: services.web.ports[0]: expected a port like "80", "8080:80" or "127.0.0.1:8080:80/udp", got "http"',
      '',
    ]);
  });

  it("refuses what the operator's policy denies, and allows it under a config that allows it", async () => {
    await writeFile(path.join(work, 'docker-compose.yml'), 'services:\n  web:\n    image: x\n    privileged: true\n');
    expect(run('validate', '-f', 'docker-compose.yml').stderr).to.equal(
      "docker-compose.yml: services.web.privileged: a privileged container is denied by the executor's policy (policy.privileged)\n",
    );
    await writeFile(path.join(work, 'executor.yml'), 'policy:\n  privileged: allow\n');
    expect(run('validate', '-f', 'docker-compose.yml', '--config', 'executor.yml').stdout).to.equal('ok\n');
  });

  it('prints the pod one task would run, as YAML', async () => {
    await writeFile(path.join(work, 'docker-compose.yml'), shop);
    await writeFile(path.join(work, 'web.env'), 'MODE=prod\n');
    const result = run('plan', '-f', 'docker-compose.yml', '--task-id', 'shop.1', '--ports', '31000-31010');
    expect(result.stderr).to.equal('');
    expect(result.status).to.equal(0);
    const pod = parse(result.stdout);
    expect(pod.project).to.match(/^shop-1-[0-9a-f]{8}$/);
    expect(pod.services.map((s: { name: string }) => s.name)).to.deep.equal(['db', 'web']);
    const web = pod.services[1];
    // Every container is told the pod's host ports.
    expect(web.environment).to.deep.equal({ MODE: 'prod', PORT_WEB_80: '31000' });
    expect(web.ports).to.deep.equal([{ containerPort: 80, protocol: 'tcp', hostPort: 31000 }]);
    expect(web.mounts[1]).to.deep.equal({ type: 'bind', source: path.join(work, 'static'), target: '/srv/static', readOnly: true, createHostPath: true });
    expect(pod.volumes.map((v: { name: string }) => v.name)).to.deep.equal([`${pod.project}_uploads`]);
  });

  it('adds the infra container the config names', async () => {
    await writeFile(path.join(work, 'docker-compose.yml'), shop);
    await writeFile(path.join(work, 'web.env'), '');
    await writeFile(path.join(work, 'executor.yml'), 'infra_container:\n  image: compose-executor/busybox:test\n');
    const pod = parse(run('plan', '-f', 'docker-compose.yml', '--config', 'executor.yml').stdout);
    expect(pod.infra).to.equal('infra');
    expect(pod.services[0]).to.deep.include({ name: 'infra', aliases: ['infra', 'db', 'web'] });
  });

  it('keeps a fixed host port the task is offered, moves one it is not with a warning, and refuses it under exact_host_ports', async () => {
    await writeFile(path.join(work, 'docker-compose.yml'), 'services:\n  web:\n    image: x\n    ports: ["8080:80"]\n');
    expect(parse(run('plan', '-f', 'docker-compose.yml', '--ports', '8080-8080').stdout).services[0].ports).to.deep.equal([{ containerPort: 80, protocol: 'tcp', hostPort: 8080 }]);
    const moved = run('plan', '-f', 'docker-compose.yml');
    expect(parse(moved.stdout).services[0].ports).to.deep.equal([{ containerPort: 80, protocol: 'tcp', hostPort: 31000 }]);
    expect(moved.stderr).to.equal('warning: docker-compose.yml: services.web.ports[0]: host port 8080 is not offered to the task: published on 31000 instead\n');
    await writeFile(path.join(work, 'exact.yml'), 'exact_host_ports: true\n');
    const refused = run('plan', '-f', 'docker-compose.yml', '--config', 'exact.yml');
    expect([refused.status, refused.stderr]).to.deep.equal([1, 'docker-compose.yml: services.web.ports[0]: host port 8080 is not offered to the task (offered: 31000-31099); the task demands exact host ports (exact_host_ports)\n']);
  });

  it('plans gpus within the GPUs --gpus gives the task, none by default, and validates them whatever the task holds', async () => {
    await writeFile(path.join(work, 'docker-compose.yml'), 'services:\n  train:\n    image: x\n    gpus: all\n');
    expect(parse(run('plan', '-f', 'docker-compose.yml', '--gpus', '2').stdout).services[0].deviceRequests).to.deep.equal([{ driver: '', count: 2, capabilities: [['gpu']] }]);
    const refused = run('plan', '-f', 'docker-compose.yml');
    expect([refused.status, refused.stderr]).to.deep.equal([1, 'docker-compose.yml: services.train.gpus: asks for all GPUs, but the task holds 0 (its Mesos gpus resource)\n']);
    expect(run('validate', '-f', 'docker-compose.yml').stdout).to.equal('ok\n');
  });

  it('validates a list of GPU requests without judging them against a task, and plans it within --gpus', async () => {
    // compose-go's testdata: a request without count (all) and one naming a device, in one service.
    await writeFile(path.join(work, 'docker-compose.yml'), 'services:\n  test:\n    image: x\n    gpus:\n      - driver: nvidia\n      - driver: 3dfx\n        device_ids: ["voodoo2"]\n        capabilities: ["directX"]\n');
    const validated = run('validate', '-f', 'docker-compose.yml');
    expect([validated.status, validated.stderr, validated.stdout]).to.deep.equal([0, '', 'ok\n']);
    const planned = run('plan', '-f', 'docker-compose.yml', '--gpus', '1');
    expect([planned.status, planned.stderr]).to.deep.equal([0, '']);
    expect(parse(planned.stdout).services[0].deviceRequests.map((r: { count: number }) => r.count)).to.deep.equal([1, 0]);
    const refused = run('plan', '-f', 'docker-compose.yml');
    expect([refused.status, refused.stderr]).to.deep.equal([1, 'docker-compose.yml: services.test.gpus: asks for all GPUs, but the task holds 0 (its Mesos gpus resource)\n']);
  });

  it('tells a person who gives too few ports how many the pod needs', async () => {
    await writeFile(path.join(work, 'docker-compose.yml'), 'services:\n  web:\n    image: x\n    ports: ["80", "443"]\n');
    const result = run('plan', '-f', 'docker-compose.yml', '--ports', '31000-31000');
    expect([result.status, result.stderr]).to.deep.equal([1, 'docker-compose.yml: services.web.ports[1]: needs 2 host ports in all, the task offers 1\n']);
  });

  const examples = readdirSync(path.join(root, 'examples'), { recursive: true, encoding: 'utf8' })
    .filter((file) => /(^|\/)(docker-)?compose[^/]*\.ya?ml$/.test(file))
    .sort();
  it('finds the pods under examples/', () => {
    expect(examples).to.include('web-and-cache/docker-compose.yml');
  });
  for (const example of examples) {
    it(`validates and plans examples/${example} as they stand`, () => {
      const file = path.join(root, 'examples', example);
      const validated = run('validate', '-f', file);
      expect([validated.status, validated.stderr, validated.stdout]).to.deep.equal([0, '', 'ok\n']);
      const planned = run('plan', '-f', file, '--task-id', 'example.1');
      expect([planned.status, planned.stderr]).to.deep.equal([0, '']);
      expect(parse(planned.stdout).services.length).to.be.above(0);
    });
  }
});
