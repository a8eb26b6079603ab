import { expect } from 'chai';
import { auroraTaskInfo } from '../../src/agent/auroraLaunch.js';
import { marathonTaskInfo } from '../../src/agent/marathonLaunch.js';

const offer = { agentId: 'agent-S0', hostname: 'agent-1.example.com', hostPorts: [31005, 31006] };

describe("the frameworks' launch shapes", () => {
  describe('Marathon (TaskBuilder.scala)', () => {
    const app = { id: '/shop/web', cmd: 'serve', executor: '/opt/compose-executor.mjs', labels: { fileName: 'pod.yml' }, portDefinitions: [{ port: 0, name: 'http' }, { port: 0 }], taskKillGracePeriodSeconds: 7 };

    it('runs the executor through sh with the cmd appended, id marathon-<taskId>, and no resources of its own', () => {
      const task = marathonTaskInfo(app, offer, 'shop_web.instance-1._app.1') as Record<string, any>;
      expect(task['executor'].executor_id).to.deep.equal({ value: 'marathon-shop_web.instance-1._app.1' });
      expect(task['executor'].command.value).to.equal("chmod ug+rx '/opt/compose-executor.mjs' && exec '/opt/compose-executor.mjs' serve");
      expect(task['executor']).not.to.have.property('resources');
      expect(task['name']).to.equal('web.shop');
      expect(task['labels']).to.deep.equal({ labels: [{ key: 'fileName', value: 'pod.yml' }] });
      expect(task['kill_policy']).to.deep.equal({ grace_period: { nanoseconds: 7e9 } });
      expect(task['discovery'].ports.ports).to.deep.equal([{ number: 31005, protocol: 'tcp', name: 'http' }, { number: 31006, protocol: 'tcp' }]);
      const env = Object.fromEntries(task['executor'].command.environment.variables.map((v: { name: string; value: string }) => [v.name, v.value]));
      expect(env).to.include({ MARATHON_APP_ID: '/shop/web', PORT0: '31005', PORT1: '31006', PORT_HTTP: '31005', PORTS: '31005,31006', PORT: '31005', HOST: 'agent-1.example.com', MARATHON_APP_LABEL_FILENAME: 'pod.yml' });
    });

    it('gives the executor cpus, mem and disk only when the app sets executorResources', () => {
      const task = marathonTaskInfo({ ...app, executorResources: { cpus: 0.2, mem: 64 } }, offer) as Record<string, any>;
      expect(task['executor'].resources.map((r: { name: string; scalar: { value: number } }) => [r.name, r.scalar.value])).to.deep.equal([['cpus', 0.2], ['mem', 64], ['disk', 10]]);
    });
  });

  describe('Aurora (MesosTaskFactory.java)', () => {
    const config = { executor: { name: 'compose-executor', command: { value: './compose-executor.mjs', shell: true, uris: [{ value: 'http://a/compose-executor.mjs', executable: true }] }, resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: 0.25 } }] }, task_prefix: 'compose-' };
    const job = { role: 'www', environment: 'prod', name: 'shop', cpus: 1, ramMb: 128, metadata: { fileName: 'pod.yml' }, assignedPorts: { http: 31005 }, fetcherUris: [{ value: 'http://a/pod.tar.gz' }] };

    it('prefixes metadata labels, names the executor task_prefix+taskId, and keeps the config as given with the job URIs appended', () => {
      const task = auroraTaskInfo(config, job, { populateDiscoveryInfo: false }, 'agent-S0', 't-1') as Record<string, any>;
      expect(task['labels'].labels).to.deep.equal([{ key: 'org.apache.aurora.tier', value: 'preemptible' }, { key: 'org.apache.aurora.metadata.fileName', value: 'pod.yml' }]);
      expect(task['executor'].executor_id).to.deep.equal({ value: 'compose-t-1' });
      expect(task['executor'].resources).to.deep.equal(config.executor.resources);
      expect(task['executor'].command.uris.map((u: { value: string }) => u.value)).to.deep.equal(['http://a/compose-executor.mjs', 'http://a/pod.tar.gz']);
      expect(task).not.to.have.property('discovery');
    });

    it('puts named ports in discovery, protocol TCP, only with -populate_discovery_info', () => {
      const task = auroraTaskInfo(config, job, { populateDiscoveryInfo: true }, 'agent-S0', 't-1') as Record<string, any>;
      expect(task['discovery'].ports.ports).to.deep.equal([{ name: 'http', number: 31005, protocol: 'TCP' }]);
    });
  });
});
