import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { bundle, bundleSnapshot } from '../../scripts/bundle.js';
import { auroraTaskInfo, type AuroraExecutorConfig, type AuroraJob } from '../../src/agent/auroraLaunch.js';
import { startFrameworkPod } from '../../src/agent/frameworkPod.js';
import { marathonTaskInfo, type MarathonApp } from '../../src/agent/marathonLaunch.js';
import { auroraExecutorConfigProblems, marathonAppProblems } from '../support/frameworkRules.js';
import { PodsUnderTest, TEST_IMAGE, containersOf, docker, networksOf, requireDocker } from './support.js';

const run = promisify(execFile);
const example = async (file: string) => JSON.parse(await readFile(new URL(`../../examples/${file}`, import.meta.url), 'utf8'));
const EXAMPLE_POD = new URL('../../examples/web-and-cache/docker-compose.yml', import.meta.url);
const HOST_PORT = 31480;

/** The artifacts an operator serves: the executor (its snapshot's launcher, the snapshot, the bundle), and the archives of compose files. */
interface Artifacts {
  executor: Record<string, string>;
  archive(name: string, files: Record<string, string>): Promise<string>;
}

/** The example's URIs, pointed at the artifacts made here: the embedded fetcher takes local paths. */
function served(uri: string, artifacts: Record<string, string>): string {
  const name = path.basename(new URL(uri).pathname);
  const local = artifacts[name];
  if (local === undefined) throw new Error(`the example fetches ${uri}, which this spec does not serve`);
  return local;
}

async function answer(port: number): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await (await fetch(`http://127.0.0.1:${port}/`)).text();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

describe('the examples, launched as their frameworks launch them', function () {
  this.timeout(120_000);
  const pods = new PodsUnderTest();
  let artifacts: Artifacts;

  before(async () => {
    await requireDocker();
    const directory = await mkdtemp(path.join(tmpdir(), 'compose-executor-artifacts-'));
    const file = path.join(directory, 'compose-executor.mjs');
    await bundle(file);
    await bundleSnapshot(path.join(directory, 'compose-executor'));
    artifacts = {
      executor: Object.fromEntries(['compose-executor.sh', 'compose-executor.blob', 'compose-executor.mjs'].map((name) => [name, path.join(directory, name)])),
      async archive(name, files) {
        const root = await mkdtemp(path.join(tmpdir(), 'compose-executor-archive-'));
        for (const [relative, text] of Object.entries(files)) {
          await mkdir(path.dirname(path.join(root, relative)), { recursive: true });
          await writeFile(path.join(root, relative), text);
        }
        const archive = path.join(directory, name);
        await run('tar', ['-C', root, '-czf', archive, ...Object.keys(files)]);
        return archive;
      },
    };
  });
  afterEach(() => pods.cleanUp());

  describe('Marathon', () => {
    it("accepts examples/marathon/web-and-cache.json under its own AppValidation rules", async () => {
      const app = await example('marathon/web-and-cache.json');
      expect(marathonAppProblems(app)).to.deep.equal([]);
      // The lightest form the README tells operators to deploy: the startup snapshot, through its launcher.
      expect(app.executor).to.equal('./compose-executor.sh');
      expect(app.fetch.some((artifact: { uri: string; executable?: boolean }) => artifact.uri.endsWith('/compose-executor.sh') && artifact.executable === true)).to.equal(true);
      expect(app.fetch.map((artifact: { uri: string }) => path.basename(artifact.uri))).to.include.members(['compose-executor.blob', 'compose-executor.mjs']);
      // What the README showed before: refused since Marathon 1.5, and no executor resources.
      expect(marathonAppProblems({ ...app, cmd: ' ', executorResources: undefined })).to.deep.include.members([
        'cmd: must not be an empty string',
        'executorResources: not set, so the executor has none and a cgroups agent destroys it at its terminal update',
      ]);
    });

    it('runs the example pod from nothing but the fetched bundle and archive, launched as Marathon launches it', async () => {
      const app: MarathonApp = await example('marathon/web-and-cache.json');
      const archive = await artifacts.archive('web-and-cache.tar.gz', { 'web-and-cache/docker-compose.yml': await readFile(EXAMPLE_POD, 'utf8') });
      const local = { ...artifacts.executor, 'web-and-cache.tar.gz': archive };
      const shipped: MarathonApp = { ...app, fetch: app.fetch!.map((artifact) => ({ ...artifact, uri: served(artifact.uri, local) })) };
      const pod = pods.track(
        await startFrameworkPod({
          frameworkId: 'marathon-framework',
          frameworkCapabilities: ['PARTITION_AWARE', 'REGION_AWARE', 'MULTI_ROLE'],
          checkpoint: true,
          isolation: 'cgroups',
          taskInfo: ({ agentId, hostname }) => marathonTaskInfo(shipped, { agentId, hostname, hostPorts: [HOST_PORT] }),
        }),
      );
      const taskInfo = pod.agent.tasks()[0]!.info;
      expect(taskInfo['executor'].executor_id.value).to.equal(`marathon-${pod.taskId}`);
      expect(taskInfo['executor'].command.value).to.equal("chmod ug+rx './compose-executor.sh' && exec './compose-executor.sh' compose-executor");
      await pod.waitForState(['TASK_RUNNING'], 60_000);

      expect(await answer(HOST_PORT)).to.match(/^hello from /);
      const environment = (await readFile(`/proc/${pod.executor.child.pid}/environ`, 'utf8')).split('\0');
      expect(environment).to.include.members(['MARATHON_APP_ID=/web-and-cache', `PORT0=${HOST_PORT}`, `PORTS=${HOST_PORT}`, `PORT_WEB=${HOST_PORT}`, 'HOST=127.0.0.1']);
      // Exec'd by the shell Marathon wrote, with the app's cmd as its argument.
      expect((await readFile(`/proc/${pod.executor.child.pid}/cmdline`, 'utf8')).split('\0')).to.include('compose-executor');

      pod.kill();
      await pod.waitForState(['TASK_KILLED'], 30_000);
      const exit = await pod.finished(20_000);
      expect(exit).to.deep.equal({ code: 0, signal: null });
      expect(await containersOf(pod.taskId)).to.be.empty;
    });
  });

  describe('Aurora', () => {
    const job: AuroraJob = { role: 'www-data', environment: 'prod', name: 'web-and-cache', cpus: 0.5, ramMb: 256, diskMb: 512, metadata: { fileName: 'web-and-cache/docker-compose.yml' } };
    const namedPortPod = JSON.stringify({ services: { web: { image: TEST_IMAGE, command: ['httpd', '-f', '-p', '8080', '-h', '/etc'], ports: [{ target: 8080, name: 'web' }] } } });

    async function launch(config: AuroraExecutorConfig, archive: string, populateDiscoveryInfo: boolean) {
      const local = artifacts.executor;
      const shipped: AuroraExecutorConfig = {
        ...config,
        executor: { ...config.executor, command: { ...config.executor['command'], uris: config.executor['command'].uris.map((uri: { value: string }) => ({ ...uri, value: served(uri.value, local) })) } },
      };
      return pods.track(
        await startFrameworkPod({
          frameworkId: 'aurora-framework',
          frameworkCapabilities: ['PARTITION_AWARE', 'REVOCABLE_RESOURCES', 'GPU_RESOURCES'],
          checkpoint: true,
          isolation: 'cgroups',
          taskInfo: ({ agentId }) =>
            auroraTaskInfo(shipped, { ...job, assignedPorts: { web: HOST_PORT }, fetcherUris: [{ value: archive }] }, { populateDiscoveryInfo }, agentId),
        }),
      );
    }

    it('accepts examples/aurora/compose-executor.json as its ExecutorSettingsLoader reads it', async () => {
      expect(auroraExecutorConfigProblems(await example('aurora/compose-executor.json'))).to.deep.equal([]);
      expect(auroraExecutorConfigProblems([{ executor: {} }])).to.have.length.greaterThan(0);
    });

    it('finds fileName under its metadata prefix and gives the named port the one Aurora put in discovery as upper-case TCP', async () => {
      const [config] = await example('aurora/compose-executor.json');
      const archive = await artifacts.archive('named.tar.gz', { 'web-and-cache/docker-compose.yml': namedPortPod });
      const pod = await launch(config, archive, true);
      const taskInfo = pod.agent.tasks()[0]!.info;
      expect(taskInfo['executor'].executor_id.value).to.equal(`compose-${pod.taskId}`);
      expect(taskInfo['labels'].labels).to.deep.include({ key: 'org.apache.aurora.metadata.fileName', value: 'web-and-cache/docker-compose.yml' });
      expect(taskInfo['discovery'].ports.ports).to.deep.equal([{ name: 'web', number: HOST_PORT, protocol: 'TCP' }]);
      await pod.waitForState(['TASK_RUNNING'], 60_000);

      const [container] = await containersOf(pod.taskId);
      const bindings = (await docker.getContainer(container!.Id).inspect()).HostConfig.PortBindings;
      expect(bindings).to.deep.equal({ '8080/tcp': [{ HostIp: '', HostPort: String(HOST_PORT) }] });
      pod.kill();
      const exit = await pod.finished(30_000);
      expect(exit).to.deep.equal({ code: 0, signal: null });
      expect(await networksOf(pod.taskId)).to.be.empty;
    });

    it('fails a named port clearly when the scheduler runs without -populate_discovery_info', async () => {
      const [config] = await example('aurora/compose-executor.json');
      const archive = await artifacts.archive('named-nodiscovery.tar.gz', { 'web-and-cache/docker-compose.yml': namedPortPod });
      const pod = await launch(config, archive, false);
      const failed = await pod.waitForState(['TASK_FAILED'], 60_000);
      expect(failed.status.message).to.contain('names port web').and.to.contain('-populate_discovery_info');
      await pod.finished(20_000);
    });
  });
});
