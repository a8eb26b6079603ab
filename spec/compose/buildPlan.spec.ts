import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { contextEntries } from '../../src/compose/buildContext.js';
import { SANDBOX_OWN_FILES, sandboxOwnFiles } from '../../src/compose/buildPlan.js';
import { formatComposeError } from '../../src/compose/composeError.js';
import { DEFAULT_POLICY, type OperatorPolicy } from '../../src/compose/operatorPolicy.js';
import { planPod } from '../../src/compose/plan.js';
import type { ServicePlan } from '../../src/compose/podPlan.js';
import { readComposeFiles } from '../../src/compose/readComposeFiles.js';

const f = 'docker-compose.yml';
const allowBuilds: OperatorPolicy = { ...DEFAULT_POLICY, build: true };
const allowRemote: OperatorPolicy = { ...allowBuilds, remoteBuildContexts: true };

describe('builds planned from a context in the sandbox', () => {
  let sandbox: string;
  beforeEach(async () => {
    sandbox = await mkdtemp(path.join(tmpdir(), 'build-plan-'));
    await mkdir(path.join(sandbox, 'app'));
    await writeFile(path.join(sandbox, 'app', 'Dockerfile'), 'FROM busybox\nCOPY . /app\n');
    await writeFile(path.join(sandbox, 'app', 'index.txt'), 'one\n');
  });
  afterEach(() => rm(sandbox, { recursive: true, force: true }));

  async function planned(service: string, policy: OperatorPolicy = allowBuilds, env: Record<string, string> = {}, ownFiles?: readonly string[]): Promise<E.Either<string[], ServicePlan>> {
    await writeFile(path.join(sandbox, f), `services:\n  web:\n${service.split('\n').map((line) => `    ${line}`).join('\n')}\n`);
    const model = await readComposeFiles(sandbox, f, env, undefined, undefined, ownFiles);
    if (E.isLeft(model)) return E.left(model.left.map(formatComposeError));
    const pod = planPod(model.right, { taskId: 't', executorId: 'e', labels: {}, ports: [] }, { fileName: f, sandbox, policy, ...(ownFiles ? { sandboxOwnFiles: ownFiles } : {}) });
    return E.isLeft(pod) ? E.left(pod.left.map(formatComposeError)) : E.right(pod.right.services[0] as ServicePlan);
  }
  const imageOf = async (service: string) => {
    const plan = await planned(service);
    if (E.isLeft(plan)) return expect.fail(plan.left.join('\n'));
    return plan.right.image;
  };

  it('tags the image after its content and its options, and builds it when the tag is missing', async () => {
    const plan = await planned('build:\n  context: app\n  args: {VERSION: "1", FROM_TASK: null}\n  target: prod', allowBuilds, { FROM_TASK: 'env' });
    if (E.isLeft(plan)) return expect.fail(plan.left.join('\n'));
    expect(plan.right.image).to.match(/^compose-executor\/web:[0-9a-f]{16}$/);
    expect(plan.right.build).to.deep.include({ context: path.join(sandbox, 'app'), dockerfile: 'Dockerfile', args: { VERSION: '1', FROM_TASK: 'env' }, target: 'prod', policy: 'missing', tags: [plan.right.image] });
    expect(plan.right.build?.labels).to.deep.equal({ 'compose-executor.built': plan.right.image.split(':')[1], taskId: 't' });
  });

  it('gives the same tag to the same content, and a new one when a file sent changes', async () => {
    const first = await imageOf('build: app');
    await utimes(path.join(sandbox, 'app', 'index.txt'), new Date(0), new Date(0));
    expect(await imageOf('build: app'), 'times are not content').to.equal(first);
    await writeFile(path.join(sandbox, 'app', '.dockerignore'), 'notes.md\n');
    const ignoring = await imageOf('build: app');
    await writeFile(path.join(sandbox, 'app', 'notes.md'), 'never sent\n');
    expect(await imageOf('build: app'), 'an ignored file is not sent').to.equal(ignoring);
    await writeFile(path.join(sandbox, 'app', 'index.txt'), 'two\n');
    expect(await imageOf('build: app')).not.to.equal(ignoring);
    expect(await imageOf('build: {context: app, args: [X=1]}'), 'options count too').not.to.equal(await imageOf('build: {context: app, args: [X=2]}'));
  });

  it('pulls the named image first when image: is given too, and always builds under pull_policy build', async () => {
    const named = await planned('image: registry.local/shop/web:1\nbuild: app');
    expect(E.isRight(named) && named.right.image).to.equal('registry.local/shop/web:1');
    expect(E.isRight(named) && named.right.build).to.deep.include({ pullFirst: 'missing', policy: 'missing' });
    expect(E.isRight(named) && named.right.build?.tags[1]).to.equal('registry.local/shop/web:1');
    const always = await planned('image: shop/web\npull_policy: build\nbuild: app');
    expect(E.isRight(always) && always.right.build).to.deep.include({ policy: 'always' });
    expect(E.isRight(always) && always.right.build).not.to.have.property('pullFirst');
    expect(E.isRight(always) && always.right).not.to.have.property('pullPolicy');
  });

  it('reads daily, weekly and every_<duration> as Compose does: pull when the host\'s image is older than that, then build if no pull finds it', async () => {
    for (const [policy, ms] of [['daily', 86_400_000], ['weekly', 604_800_000], ['every_12h', 43_200_000], ['every_2d', 172_800_000], ['every_1w1d30m', 693_000_000]] as const) {
      const built = await planned(`image: shop/web\npull_policy: ${policy}\nbuild: app`);
      expect(E.isRight(built) && built.right.build, policy).to.deep.include({ pullFirst: 'refresh', refreshAfterMs: ms, policy: 'missing' });
      const pulled = await planned(`image: shop/web\npull_policy: ${policy}`);
      expect(E.isRight(pulled) && pulled.right, policy).to.deep.include({ pullPolicy: 'always', pullRefreshAfterMs: ms });
    }
  });

  it('builds for the service\'s platform when the build names none, as Compose does', async () => {
    const plan = await planned('platform: linux/amd64\nbuild: app');
    if (E.isLeft(plan)) return expect.fail(plan.left.join('\n'));
    expect(plan.right.build?.platform).to.equal('linux/amd64');
    const own = await planned('platform: linux/amd64\nbuild: {context: app, platforms: [linux/amd64]}');
    expect(E.isRight(own) ? own.right.build?.platform : own.left).to.equal('linux/amd64');
  });

  it('leaves a missing context for the build to fail on, as Compose does', async () => {
    const plan = await planned('build: missing');
    expect(E.isRight(plan) && plan.right.build?.context).to.equal(path.join(sandbox, 'missing'));
  });

  it("builds from the sandbox without a context, leaving out the executor's own files, whose changes do not change the tag", async () => {
    const plan = await planned('build: {dockerfile_inline: "FROM busybox"}');
    if (E.isLeft(plan)) return expect.fail(plan.left.join('\n'));
    expect(plan.right.build).to.deep.include({ context: sandbox, leaveOut: ['stdout', 'stderr', 'events.jsonl', 'executor.log', 'logs', 'ports.json'] });
    await writeFile(path.join(sandbox, 'events.jsonl'), '{"another":"task"}\n');
    await writeFile(path.join(sandbox, 'stderr'), 'noise\n');
    expect(await imageOf('build: {dockerfile_inline: "FROM busybox"}')).to.equal(plan.right.image);
    await writeFile(path.join(sandbox, 'index.txt'), 'a file of the user\n');
    expect(await imageOf('build: {dockerfile_inline: "FROM busybox"}')).not.to.equal(plan.right.image);
    const app = await planned('build: app');
    expect(E.isRight(app) && app.right.build).not.to.have.property('leaveOut');
  });

  it("leaves out an event log the executor config puts elsewhere at the sandbox's root, so its growth does not change the tag", async () => {
    expect(sandboxOwnFiles('events.jsonl')).to.deep.equal(SANDBOX_OWN_FILES);
    expect(sandboxOwnFiles('logs/pod.jsonl')).to.deep.equal(SANDBOX_OWN_FILES);
    expect(sandboxOwnFiles('/var/log/pod.jsonl')).to.deep.equal(SANDBOX_OWN_FILES);
    expect(sandboxOwnFiles('./audit/pod.jsonl')).to.deep.equal([...SANDBOX_OWN_FILES, 'audit']);
    const own = sandboxOwnFiles('pod-events.log');
    const inline = 'build: {dockerfile_inline: "FROM busybox"}';
    await writeFile(path.join(sandbox, 'pod-events.log'), '{"seq":1}\n');
    const plan = await planned(inline, allowBuilds, {}, own);
    if (E.isLeft(plan)) return expect.fail(plan.left.join('\n'));
    expect(plan.right.build?.leaveOut).to.include('pod-events.log');
    await writeFile(path.join(sandbox, 'pod-events.log'), '{"seq":1}\n{"seq":2}\n');
    const grown = await planned(inline, allowBuilds, {}, own);
    expect(E.isRight(grown) && grown.right.image).to.equal(plan.right.image);
    // Without the config's name, the same growth is the user's file and changes the tag.
    const before = await planned(inline);
    await writeFile(path.join(sandbox, 'pod-events.log'), '{"seq":1}\n{"seq":2}\n{"seq":3}\n');
    const after = await planned(inline);
    expect(E.isRight(after) && after.right.image).not.to.equal(E.isRight(before) && before.right.image);
  });

  it('sends an inline Dockerfile, and a Dockerfile outside the context as one', async () => {
    await writeFile(path.join(sandbox, 'build.Dockerfile'), 'FROM busybox\n');
    const outside = await planned('build: {context: app, dockerfile: ../build.Dockerfile}');
    expect(E.isRight(outside) && outside.right.build).to.deep.include({ dockerfile: '.compose-executor.Dockerfile', dockerfileInline: 'FROM busybox\n' });
  });

  it('hands a git context to the builder as written, tagged after the URL with its ref and the options', async () => {
    const url = 'https://git.example.com/shop/web.git#v1.2:docker';
    const plan = await planned(`build: {context: "${url}", dockerfile: Dockerfile.prod, target: prod}`, allowRemote);
    if (E.isLeft(plan)) return expect.fail(plan.left.join('\n'));
    expect(plan.right.image).to.match(/^compose-executor\/web:[0-9a-f]{16}$/);
    expect(plan.right.build).to.deep.include({ context: url, remote: true, dockerfile: 'Dockerfile.prod', target: 'prod', policy: 'missing' });
    expect(plan.right.build).not.to.have.property('leaveOut');
    const tag = async (context: string) => {
      const other = await planned(`build: {context: "${context}", dockerfile: Dockerfile.prod, target: prod}`, allowRemote);
      return E.isRight(other) ? other.right.image : expect.fail(other.left.join('\n'));
    };
    expect(await tag(url), 'the same URL and options: the same image').to.equal(plan.right.image);
    expect(await tag('https://git.example.com/shop/web.git#v1.3:docker'), 'another ref').not.to.equal(plan.right.image);
    for (const context of ['git://127.0.0.1:9418/repo.git', 'git@github.com:o/r.git', 'github.com/o/r', 'http://git.local/r.git#main']) expect(E.isRight(await planned(`build: "${context}"`, allowRemote)), context).to.equal(true);
  });

  it('keeps a git context as written in a file extended from another directory, as compose-go does', async () => {
    await mkdir(path.join(sandbox, 'base'));
    await writeFile(path.join(sandbox, 'base', 'common.yml'), 'services:\n  app:\n    build:\n      context: https://github.com/docker/compose.git\n');
    const plan = await planned('extends: {file: base/common.yml, service: app}', allowRemote);
    expect(E.isRight(plan) && plan.right.build).to.deep.include({ context: 'https://github.com/docker/compose.git', remote: true });
  });

  const refusals: Array<[string, string, OperatorPolicy, string]> = [
    ['a build when the operator denies builds, as by default', 'build: app', DEFAULT_POLICY, `${f}: services.web.build: building an image on the agent is denied by the executor's policy (policy.build)`],
    ['a build on the host network unless host_network is allowed', 'build: {context: app, network: host}', allowBuilds, `${f}: services.web.build.network: a build on the host's network is denied by the executor's policy (policy.host_network)`],
    ['a context outside the sandbox', 'build: /etc', allowBuilds, `${f}: services.web.build.context: /etc, outside the sandbox, is denied by the executor's policy (policy.bind_mounts_outside_sandbox)`],
    ['a git context unless the operator allows remote_build_contexts', 'build: https://github.com/o/r.git', allowBuilds, `${f}: services.web.build.context: https://github.com/o/r.git: a git context is cloned by the Docker daemon on the agent, with its network and credentials, and is denied by the executor's policy (policy.remote_build_contexts)`],
    ['dockerfile_inline with a git context', 'build: {context: "git@example.com:o/r.git", dockerfile_inline: "FROM busybox"}', allowRemote, `${f}: services.web.build.dockerfile_inline: cannot go with a git context: the Engine's classic builder reads the Dockerfile from the repository it clones; commit the Dockerfile and name it with \`dockerfile\``],
    ['a remote context that is no git repository', 'build: docker-image://alpine', allowRemote, `${f}: services.web.build: docker-image://alpine: a remote context the executor builds from is a git repository (https://….git#ref:dir, git://, git@host:repo); the Engine's classic builder takes no other scheme`],
    ['an http context that is no git repository', 'build: {context: "https://example.com/context.tar.gz"}', allowRemote, `${f}: services.web.build.context: https://example.com/context.tar.gz: a remote context the executor builds from is a git repository (https://….git#ref:dir, git://, git@host:repo); the Engine's classic builder takes no other scheme`],
    ['ssh', 'build: {context: app, ssh: [default]}', allowBuilds, `${f}: services.web.build.ssh: needs BuildKit (SSH agent forwarding); the executor builds with Docker's classic builder, which cannot`],
    ['build secrets', 'build: {context: app, secrets: [npmrc]}', allowBuilds, `${f}: services.web.build.secrets: needs BuildKit (build secrets); the executor builds with Docker's classic builder, which cannot`],
    ['cache_to', 'build: {context: app, cache_to: ["type=local,dest=x"]}', allowBuilds, `${f}: services.web.build.cache_to: needs BuildKit (cache export); the executor builds with Docker's classic builder, which cannot`],
    ['additional_contexts', 'build: {context: app, additional_contexts: {base: ../b}}', allowBuilds, `${f}: services.web.build.additional_contexts: needs BuildKit (additional contexts); the executor builds with Docker's classic builder, which cannot`],
    ['several platforms', 'build: {context: app, platforms: [linux/amd64, linux/arm64]}', allowBuilds, `${f}: services.web.build.platforms: needs BuildKit (one image for several platforms); the executor builds with Docker's classic builder, which cannot`],
    ['build platforms without the service\'s platform', 'platform: linux/amd64\nbuild: {context: app, platforms: [linux/arm64]}', allowBuilds, `${f}: services.web.build.platforms: linux/arm64 does not include the service's platform linux/amd64, which Compose requires: the container could not run what the build makes`],
    ['a privileged build', 'build: {context: app, privileged: true}', allowBuilds, `${f}: services.web.build.privileged: needs BuildKit (a privileged build); the executor builds with Docker's classic builder, which cannot`],
  ];
  for (const [what, service, policy, expected] of refusals) {
    it(`refuses ${what}`, async () => {
      const plan = await planned(service, policy);
      expect(E.isLeft(plan) ? plan.left : []).to.deep.equal([expected]);
    });
  }

  it('sends what .dockerignore leaves, with its exceptions, and always the Dockerfile and .dockerignore', async () => {
    const app = path.join(sandbox, 'app');
    await writeFile(path.join(app, '.dockerignore'), '# comment\nDockerfile\n*.log\n!keep.log\nbuild/\n!build/dist\n.dockerignore\n');
    await mkdir(path.join(app, 'build', 'dist'), { recursive: true });
    await writeFile(path.join(app, 'build', 'tmp.o'), '');
    await writeFile(path.join(app, 'build', 'dist', 'app.js'), '');
    for (const name of ['a.log', 'keep.log']) await writeFile(path.join(app, name), '');
    expect((await contextEntries(app, 'Dockerfile')).map((entry) => entry.path)).to.deep.equal(['.dockerignore', 'Dockerfile', 'build/dist', 'build/dist/app.js', 'index.txt', 'keep.log']);
  });
});
