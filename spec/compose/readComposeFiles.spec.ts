import { expect } from 'chai';
import { mkdtemp, rm, writeFile, copyFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { formatComposeError } from '../../src/compose/composeError.js';
import { planPod } from '../../src/compose/plan.js';
import { composeFileNames, readComposeFiles } from '../../src/compose/readComposeFiles.js';
import { fixturesDir } from './fixture.js';

describe('reading compose files from the sandbox', () => {
  let sandbox: string;
  beforeEach(async () => {
    sandbox = await mkdtemp(path.join(tmpdir(), 'sandbox-'));
  });
  afterEach(async () => {
    await rm(sandbox, { recursive: true, force: true });
  });

  const lines = (result: E.Either<Parameters<typeof formatComposeError>[0][], unknown>): string[] =>
    E.isLeft(result) ? result.left.map(formatComposeError) : expect.fail('expected errors');

  const cases: Array<[string | undefined, string[]]> = [
    [undefined, ['docker-compose.yml']],
    ['', ['docker-compose.yml']],
    ['web.yml', ['web.yml']],
    [' base.yml , deploy/override.yml ,', ['base.yml', 'deploy/override.yml']],
  ];
  for (const [label, names] of cases) {
    it(`reads the label fileName ${JSON.stringify(label)} as ${names.join(', ')}`, () => {
      expect(composeFileNames(label)).to.deep.equal(names);
    });
  }

  it('reads docker-compose.yml when the task names no file, with .env feeding interpolation and the task env winning', async () => {
    await copyFile(path.join(fixturesDir, 'docker-compose.yml'), path.join(sandbox, 'docker-compose.yml'));
    await writeFile(path.join(sandbox, '.env'), '# shop settings\nDB_PASSWORD="from dotenv"\nexport WEB_TAG=2.0 # pinned\n');
    const result = await readComposeFiles(sandbox, undefined, { WEB_TAG: '3.1' });
    if (E.isLeft(result)) return expect.fail(result.left.map(formatComposeError).join('\n'));
    expect(result.right.services.web?.image).to.equal('registry.local:5000/shop/web:3.1');
    expect(result.right.services.web?.environment.DATABASE_URL).to.equal('postgres://shop:from dotenv@db:5432/shop');
  });

  it('names every missing file with the sandbox it looked in', async () => {
    await writeFile(path.join(sandbox, 'base.yml'), 'services:\n  web:\n    image: x\n');
    expect(lines(await readComposeFiles(sandbox, 'base.yml, web.yml,db.yml', {}))).to.deep.equal([
      `web.yml: file not found in the sandbox ${sandbox}`,
      `db.yml: file not found in the sandbox ${sandbox}`,
    ]);
  });

  it('refuses a file outside the sandbox', async () => {
    expect(lines(await readComposeFiles(sandbox, '../../etc/passwd', {}))).to.deep.equal([`../../etc/passwd: outside the sandbox ${sandbox}`]);
  });

  it('reads .env beside the first file and reports its bad lines', async () => {
    await mkdir(path.join(sandbox, 'deploy'));
    await writeFile(path.join(sandbox, 'deploy', 'pod.yml'), 'services:\n  web:\n    image: x\n');
    await writeFile(path.join(sandbox, 'deploy', '.env'), 'GOOD=1\nnot a pair\n');
    expect(lines(await readComposeFiles(sandbox, 'deploy/pod.yml', {}))).to.deep.equal(['deploy/.env: line 2: expected KEY=VALUE, got "not a pair"']);
  });

  it('reads the files services extend from, relative to the file naming them, with their env files beside them', async () => {
    await mkdir(path.join(sandbox, 'common'));
    await writeFile(path.join(sandbox, 'docker-compose.yml'), 'services:\n  web:\n    extends: {service: app, file: common/app.yml}\n');
    await writeFile(path.join(sandbox, 'common', 'app.yml'), 'services:\n  app:\n    extends: {service: base, file: base.yml}\n    env_file: app.env\n');
    await writeFile(path.join(sandbox, 'common', 'base.yml'), 'services:\n  base:\n    image: shop/app:${TAG}\n');
    await writeFile(path.join(sandbox, 'common', 'app.env'), 'MODE=prod\n');
    const result = await readComposeFiles(sandbox, undefined, { TAG: '3' });
    if (E.isLeft(result)) return expect.fail(result.left.map(formatComposeError).join('\n'));
    expect(result.right.services.web).to.deep.include({ image: 'shop/app:3', environment: { MODE: 'prod' } });
  });

  it('names the file a service extends from when the sandbox lacks it or it lies outside', async () => {
    await writeFile(path.join(sandbox, 'docker-compose.yml'), 'services:\n  web:\n    extends: {service: app, file: common.yml}\n  db:\n    extends: {service: db, file: ../../etc/compose.yml}\n');
    expect(lines(await readComposeFiles(sandbox, undefined, {}))).to.deep.equal([
      `docker-compose.yml: services.web.extends.file: common.yml: file not found in the sandbox ${sandbox}`,
      `docker-compose.yml: services.db.extends.file: ../../etc/compose.yml: outside the sandbox ${sandbox}`,
    ]);
  });
  it('reads a file in a subdirectory of the sandbox as on a laptop: its relative paths lead from its own directory', async () => {
    // The task fetched deploy/ into its sandbox and names fileName: deploy/docker-compose.yml.
    await mkdir(path.join(sandbox, 'deploy', 'conf'), { recursive: true });
    await writeFile(path.join(sandbox, 'deploy', 'docker-compose.yml'), 'services:\n  web:\n    image: x\n    env_file: ./app.env\n    volumes: ["./conf:/etc/app:ro"]\n    secrets: [token]\nsecrets:\n  token: {file: ./token}\n');
    await writeFile(path.join(sandbox, 'deploy', 'app.env'), 'WHERE=deploy\n');
    await writeFile(path.join(sandbox, 'deploy', 'token'), 't\n');
    const model = await readComposeFiles(sandbox, 'deploy/docker-compose.yml', {});
    if (E.isLeft(model)) return expect.fail(model.left.map(formatComposeError).join('\n'));
    expect(model.right.services.web?.environment).to.deep.equal({ WHERE: 'deploy' });
    const plan = planPod(model.right, { taskId: 't1', executorId: 'e1', labels: {}, ports: [] }, { fileName: 'deploy/docker-compose.yml', sandbox });
    if (E.isLeft(plan)) return expect.fail(plan.left.map(formatComposeError).join('\n'));
    expect(plan.right.services[0]?.mounts).to.deep.equal([
      { type: 'bind', source: path.join(sandbox, 'deploy', 'conf'), target: '/etc/app', readOnly: true, createHostPath: true },
      { type: 'bind', source: path.join(sandbox, 'deploy', 'token'), target: '/run/secrets/token', readOnly: true },
    ]);
  });

  it('reads env and label files outside the sandbox only where the operator allows binds outside it, naming the key', async () => {
    // compose-go's include/project-directory.yaml: the included file's paths lead from a project_directory outside.
    const inside = path.join(sandbox, 'include');
    await mkdir(path.join(inside, 'dir'), { recursive: true });
    await mkdir(path.join(sandbox, 'subdir'));
    await writeFile(path.join(inside, 'project-directory.yaml'), 'include:\n  - project_directory: ../subdir\n    path: ./dir/compose.yaml\n');
    await writeFile(path.join(inside, 'dir', 'compose.yaml'), 'services:\n  service:\n    image: x\n    env_file: [extra.env]\n    label_file: extra.labels\n');
    await writeFile(path.join(sandbox, 'subdir', 'extra.env'), 'SOURCE=extends\n');
    await writeFile(path.join(sandbox, 'subdir', 'extra.labels'), 'team=shop\n');
    const denied = "outside the sandbox, is denied by the executor's policy (policy.bind_mounts_outside_sandbox)";
    expect(lines(await readComposeFiles(inside, 'project-directory.yaml', {}))).to.deep.equal([
      `project-directory.yaml: services.service.env_file[0]: ../subdir/extra.env: ${path.join(sandbox, 'subdir', 'extra.env')}, ${denied}`,
    ]);
    const model = await readComposeFiles(inside, 'project-directory.yaml', {}, undefined, { bindMountsOutsideSandbox: true });
    if (E.isLeft(model)) return expect.fail(model.left.map(formatComposeError).join('\n'));
    expect(model.right.services.service?.environment).to.deep.equal({ SOURCE: 'extends' });
    expect(model.right.services.service?.labels).to.deep.equal({ team: 'shop' });
    // A compose file is the task's own: never read from outside, whatever the policy.
    await writeFile(path.join(inside, 'out.yaml'), 'include: [../subdir/x.yaml]\n');
    await writeFile(path.join(sandbox, 'subdir', 'x.yaml'), 'services:\n  x:\n    image: x\n');
    expect(lines(await readComposeFiles(inside, 'out.yaml', {}, undefined, { bindMountsOutsideSandbox: true })).join('\n')).to.include('outside the sandbox');
  });

  it("expands a leading ~ in host paths to the executor's HOME, as compose-go does, and puts the result to the sandbox rule", async () => {
    const home = path.join(sandbox, 'home');
    const inside = path.join(sandbox, 'task');
    await mkdir(home);
    await mkdir(inside);
    await writeFile(path.join(home, 'app.env'), 'FROM=home\n');
    await writeFile(path.join(inside, 'docker-compose.yml'), 'services:\n  web:\n    image: x\n    env_file: ~/app.env\n    volumes: ["~/data:/data"]\n    environment: {KEPT: ~/as-written}\n');
    expect(lines(await readComposeFiles(inside, undefined, { HOME: home }))).to.deep.equal([
      `docker-compose.yml: services.web.env_file[0]: ${home}/app.env: outside the sandbox, is denied by the executor's policy (policy.bind_mounts_outside_sandbox)`,
    ]);
    const model = await readComposeFiles(inside, undefined, { HOME: home }, undefined, { bindMountsOutsideSandbox: true });
    if (E.isLeft(model)) return expect.fail(model.left.map(formatComposeError).join('\n'));
    expect(model.right.services.web?.environment).to.deep.equal({ FROM: 'home', KEPT: '~/as-written' });
    expect(model.right.services.web?.volumes?.[0]).to.deep.include({ type: 'bind', source: `${home}/data` });
    // Without a HOME, compose-go leaves ~ as written: a relative path.
    await writeFile(path.join(inside, 'docker-compose.yml'), 'services:\n  web:\n    image: x\n    volumes: ["~/data:/data"]\n');
    const homeless = await readComposeFiles(inside, undefined, {});
    expect(E.isRight(homeless) && homeless.right.services.web?.volumes?.[0]).to.deep.include({ source: '~/data' });
  });

  it("interpolates an included file with the .env of its project directory, read under the same rule, the including file's variables winning", async () => {
    const inside = path.join(sandbox, 'include');
    await mkdir(path.join(inside, 'dir'), { recursive: true });
    await mkdir(path.join(sandbox, 'subdir'));
    await writeFile(path.join(inside, 'compose.yaml'), 'include:\n  - project_directory: ../subdir\n    path: ./dir/compose.yaml\n');
    await writeFile(path.join(inside, 'dir', 'compose.yaml'), 'services:\n  service:\n    image: ${IMAGE}\n    environment:\n      WHO: ${WHO}\n');
    await writeFile(path.join(sandbox, 'subdir', '.env'), 'IMAGE=busybox\nWHO=included\n');
    expect(lines(await readComposeFiles(inside, 'compose.yaml', {}))).to.deep.equal([
      `compose.yaml: include: dir/compose.yaml: env_file ../subdir/.env: ${path.join(sandbox, 'subdir', '.env')}, outside the sandbox, is denied by the executor's policy (policy.bind_mounts_outside_sandbox)`,
    ]);
    const model = await readComposeFiles(inside, 'compose.yaml', { WHO: 'task' }, undefined, { bindMountsOutsideSandbox: true });
    if (E.isLeft(model)) return expect.fail(model.left.map(formatComposeError).join('\n'));
    expect(model.right.services.service).to.deep.include({ image: 'busybox', environment: { WHO: 'task' } });
  });
});
