import { expect } from 'chai';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { formatComposeError, type ComposeError } from '../../src/compose/composeError.js';
import { loadCompose } from '../../src/compose/load.js';
import type { ComposeModel } from '../../src/compose/model.js';
import { DEFAULT_POLICY } from '../../src/compose/operatorPolicy.js';
import { containerName, projectName } from '../../src/compose/podNames.js';
import { PodPlan } from '../../src/compose/podPlan.js';
import { planPod, type TaskFacts } from '../../src/compose/plan.js';
import { fixture } from './fixture.js';

const model = (yaml: string): ComposeModel => {
  const result = loadCompose([{ name: 'docker-compose.yml', text: yaml }], {});
  return E.isRight(result) ? result.right : expect.fail(result.left.map(formatComposeError).join('\n'));
};

const shop = (): ComposeModel => {
  const result = loadCompose([fixture('docker-compose.yml'), fixture('docker-compose.override.yml')], { DB_PASSWORD: 'pw' });
  return E.isRight(result) ? result.right : expect.fail(result.left.map(formatComposeError).join('\n'));
};

const task = (overrides: Partial<TaskFacts> = {}): TaskFacts => ({
  taskId: 'shop-1',
  executorId: 'shop-1-executor',
  labels: { fileName: 'docker-compose.yml,docker-compose.override.yml' },
  ports: [[31000, 31009]],
  ...overrides,
});

const planned = (result: E.Either<ComposeError[], PodPlan>): PodPlan =>
  E.isRight(result) ? result.right : expect.fail(result.left.map(formatComposeError).join('\n'));

const errorLines = (result: E.Either<ComposeError[], PodPlan>): string[] =>
  E.isLeft(result) ? result.left.map(formatComposeError) : expect.fail('expected errors, got a plan');

const options = { fileName: 'docker-compose.yml', sandbox: '/var/lib/mesos/sandbox', policy: { ...DEFAULT_POLICY, hostNetwork: true } };

describe('planning a pod for a task', () => {
  describe('names', () => {
    const cases: Array<[string, string | RegExp]> = [
      ['shop-1', 'shop-1'],
      ['shop_1', 'shop_1'],
      ['Shop.1', /^shop-1-[0-9a-f]{8}$/],
      ['shop.web.0e7d0c5b-3c4a-11ef-9a3b-0242ac130002', /^shop-web-0e7d0c5b-3c4a-11ef-9a3-[0-9a-f]{8}$/],
      ['_shop', /^shop-[0-9a-f]{8}$/],
      ['...', /^task-[0-9a-f]{8}$/],
    ];
    for (const [taskId, expected] of cases) {
      it(`names the project of task ${JSON.stringify(taskId)} ${String(expected)}`, () => {
        const project = projectName(taskId);
        if (typeof expected === 'string') expect(project).to.equal(expected);
        else expect(project).to.match(expected);
        expect(project.length).to.be.at.most(40);
      });
    }

    it('gives tasks whose ids clean up alike different projects', () => {
      expect(projectName('Shop.1')).to.not.equal(projectName('shop.1'));
      expect(projectName('Shop.1')).to.equal(projectName('Shop.1'));
    });

    it('names containers <project>_<service>, cut to 63 characters with a stable hash', () => {
      expect(containerName('shop-1', 'web')).to.equal('shop-1_web');
      const long = containerName('p'.repeat(40), 'a-service-with-a-rather-long-name');
      expect(long).to.have.length(63);
      expect(long).to.match(/^p{40}_a-service-wit-[0-9a-f]{8}$/);
      expect(containerName('p'.repeat(40), 'a-service-with-a-rather-long-name-too')).to.not.equal(long);
    });

    it('names the pod network <project>_default', () => {
      expect(planned(planPod(shop(), task(), options)).network.name).to.equal('shop-1_default');
    });
  });

  describe('labels', () => {
    it('labels every container with the task, the executor, the task labels, Compose labels and its own', () => {
      const plan = planned(planPod(shop(), task({ labels: { fileName: 'docker-compose.yml', team: 'shop' } }), options));
      expect(plan.labels).to.deep.equal({ taskId: 'shop-1', executorId: 'shop-1-executor', 'com.docker.compose.project': 'shop-1' });
      const web = plan.services.find((s) => s.name === 'web');
      expect(web?.labels).to.deep.equal({
        'shop.role': 'frontend',
        fileName: 'docker-compose.yml',
        team: 'shop',
        taskId: 'shop-1',
        executorId: 'shop-1-executor',
        'com.docker.compose.project': 'shop-1',
        'com.docker.compose.service': 'web',
        'com.docker.compose.oneoff': 'False',
        'com.docker.compose.container-number': '1',
      });
      expect(plan.network.labels).to.deep.equal({ ...plan.labels, 'com.docker.compose.network': 'default' });
    });

    it('refuses a service label that would hide which task a container belongs to', () => {
      const yaml = 'services:\n  web:\n    image: x\n    labels:\n      taskId: other\n      com.docker.compose.project: other\n';
      expect(errorLines(planPod(model(yaml), task(), options))).to.deep.equal([
        'docker-compose.yml: services.web.labels.taskId: clashes with a label the executor sets on every container of the task',
        'docker-compose.yml: services.web.labels.com.docker.compose.project: clashes with a label the executor sets on every container of the task',
      ]);
    });
  });

  describe('networks and start order', () => {
    it('starts services after their dependencies, ties broken by name', () => {
      expect(planned(planPod(shop(), task(), options)).services.map((s) => s.name)).to.deep.equal(['cache', 'db', 'web', 'proxy']);
    });

    it('puts services on the pod network under their own name unless network_mode says otherwise', () => {
      const yaml = 'services:\n  vpn:\n    image: vpn\n  app:\n    image: x\n    network_mode: service:vpn\n  metrics:\n    image: m\n    network_mode: host\n  batch:\n    image: b\n    network_mode: none\n  legacy:\n    image: l\n    network_mode: bridge\n';
      const byName = Object.fromEntries(planned(planPod(model(yaml), task(), options)).services.map((s) => [s.name, s]));
      expect(byName.vpn).to.deep.include({ network: { kind: 'pod' }, aliases: ['vpn'], dependsOn: [] });
      expect(byName.app).to.deep.include({ network: { kind: 'service', service: 'vpn' }, aliases: [], dependsOn: ['vpn'] });
      expect(byName.metrics).to.deep.include({ network: { kind: 'host' }, aliases: [] });
      expect(byName.batch).to.deep.include({ network: { kind: 'none' }, aliases: [] });
      expect(byName.legacy).to.deep.include({ network: { kind: 'pod' }, aliases: ['legacy'] });
    });

    const bad: Array<[string, string, string[]]> = [
      ['a dependency cycle', 'services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [a]\n', ['docker-compose.yml: services.a.depends_on: dependency cycle a -> b -> a']],
      ['a longer cycle', 'services:\n  web:\n    image: x\n    depends_on: [db]\n  db:\n    image: x\n    depends_on: [cache]\n  cache:\n    image: x\n    depends_on: [web]\n  proxy:\n    image: x\n    depends_on: [web]\n', ['docker-compose.yml: services.cache.depends_on: dependency cycle cache -> web -> db -> cache']],
      ['a service depending on itself', 'services:\n  a:\n    image: x\n    depends_on: [a]\n', ['docker-compose.yml: services.a.depends_on: dependency cycle a -> a']],
      ['a cycle through network_mode', 'services:\n  a:\n    image: x\n    network_mode: service:b\n  b:\n    image: x\n    depends_on: [a]\n', ['docker-compose.yml: services.a.network_mode: dependency cycle a -> b -> a']],
      ['an unknown dependency', 'services:\n  web:\n    image: x\n    depends_on: [db]\n', ['docker-compose.yml: services.web.depends_on: web depends on "db", which is not a service of this pod']],
      ['an unknown service:X', 'services:\n  web:\n    image: x\n    network_mode: service:vpn\n', ['docker-compose.yml: services.web.network_mode: web shares the network of "vpn", which is not a service of this pod']],
      ['ports on the host network', 'services:\n  web:\n    image: x\n    network_mode: host\n    ports: ["80"]\n', ['docker-compose.yml: services.web.ports: cannot publish ports with network_mode host']],
    ];
    for (const [what, yaml, expected] of bad) {
      it(`refuses ${what}`, () => {
        expect(errorLines(planPod(model(yaml), task(), options))).to.deep.equal(expected);
      });
    }
  });

  describe('host ports', () => {
    it('takes host ports from the offered ranges in order: services by name, ports in file order', () => {
      const plan = planned(planPod(shop(), task({ ports: [[31000, 31001], [31005, 31010]] }), options));
      const ports = Object.fromEntries(plan.services.map((s) => [s.name, s.ports]));
      expect(ports).to.deep.equal({
        cache: [],
        db: [{ containerPort: 5432, protocol: 'tcp', hostPort: 31000, hostIp: '127.0.0.1' }],
        proxy: [
          { containerPort: 80, protocol: 'tcp', hostPort: 31001 },
          { containerPort: 443, protocol: 'tcp', hostPort: 31005 },
        ],
        web: [{ containerPort: 9229, protocol: 'tcp', hostPort: 31006 }],
      });
    });

    it('gives each port of a range its own host port', () => {
      const yaml = 'services:\n  dns:\n    image: x\n    ports: ["9000-9002/udp"]\n';
      const [dns] = planned(planPod(model(yaml), task({ ports: [[31000, 31000], [32000, 32005]] }), options)).services;
      expect(dns?.ports.map((p) => [p.containerPort, p.hostPort, p.protocol])).to.deep.equal([[9000, 31000, 'udp'], [9001, 32000, 'udp'], [9002, 32001, 'udp']]);
    });

    const fixed: Array<[string, string, Array<readonly [number, number]>, Array<[string, number, number]>]> = [
      ['a fixed host port inside the offer', 'web:\n    image: x\n    ports: ["31005:80", "81"]', [[31000, 31009]], [['web', 80, 31005], ['web', 81, 31000]]],
      ['a fixed host range, port by port', 'dns:\n    image: x\n    ports: ["31003-31004:53-54/udp"]', [[31000, 31009]], [['dns', 53, 31003], ['dns', 54, 31004]]],
      ['the first free port of a host range for one container port', 'a:\n    image: x\n    ports: ["31001:80"]\n  b:\n    image: x\n    ports: ["31000-31002:80"]', [[31000, 31009]], [['a', 80, 31001], ['b', 80, 31000]]],
      ['the same host port for TCP and UDP', 'dns:\n    image: x\n    ports: ["31002:53/tcp", "31002:53/udp", "54"]', [[31000, 31002]], [['dns', 53, 31002], ['dns', 53, 31002], ['dns', 54, 31000]]],
      ['a fixed host port of a second offered range', 'web:\n    image: x\n    ports: ["8080:80", {target: 443, published: 31000}]', [[31000, 31000], [8080, 8080]], [['web', 80, 8080], ['web', 443, 31000]]],
    ];
    for (const [what, services, offer, expected] of fixed) {
      it(`keeps ${what} exactly, and gives ports without one the rest of the offer`, () => {
        const plan = planned(planPod(model(`services:\n  ${services}\n`), task({ ports: offer }), options));
        expect(plan.services.flatMap((s) => s.ports.map((p) => [s.name, p.containerPort, p.hostPort]))).to.deep.equal(expected);
      });
    }

    const notOffered: Array<[string, string, Array<readonly [number, number]>, Array<[string, number, number]>, string[]]> = [
      ['a fixed host port outside the offer', 'web:\n    image: x\n    ports: ["8080:80", "81"]', [[31000, 31099]], [['web', 80, 31000], ['web', 81, 31001]], ['services.web.ports[0]: host port 8080 is not offered to the task: published on 31000 instead']],
      ['fixed host ports partly outside the offer', 'web:\n    image: x\n    ports: ["31008-31011:80-83"]', [[31000, 31009], [31020, 31020]], [['web', 80, 31000], ['web', 81, 31001], ['web', 82, 31002], ['web', 83, 31003]], ['services.web.ports[0]: host ports 31008-31011 are not offered to the task: published on 31000, 31001, 31002, 31003 instead']],
      ['a host range wholly outside the offer', 'web:\n    image: x\n    ports: ["8000-8010:80"]', [[31000, 31009]], [['web', 80, 31000]], ['services.web.ports[0]: host ports 8000-8010 are not offered to the task: published on 31000 instead']],
      ['the same "80:80" in two services', 'a:\n    image: x\n    ports: ["80:80"]\n  b:\n    image: x\n    ports: ["80:80"]', [[31000, 31009]], [['a', 80, 31000], ['b', 80, 31001]], ['services.a.ports[0]: host port 80 is not offered to the task: published on 31000 instead', 'services.b.ports[0]: host port 80 is not offered to the task: published on 31001 instead']],
    ];
    for (const [what, services, offer, expected, warnings] of notOffered) {
      it(`gives ${what} the next offered port and warns, naming both`, () => {
        const plan = planned(planPod(model(`services:\n  ${services}\n`), task({ ports: offer }), options));
        expect(plan.services.flatMap((s) => s.ports.map((p) => [s.name, p.containerPort, p.hostPort]))).to.deep.equal(expected);
        expect(plan.warnings).to.deep.equal(warnings.map((warning) => `docker-compose.yml: ${warning}`));
        expect(plan.publishedPorts?.map((p) => p.hostPort)).to.deep.equal(expected.map(([, , hostPort]) => hostPort));
      });
    }

    it('moves the second of two services publishing one offered host port, and warns', () => {
      const plan = planned(planPod(model('services:\n  api:\n    image: x\n    ports: ["31001:80"]\n  web:\n    image: x\n    ports: ["31001:8080"]\n'), task({ ports: [[31000, 31009]] }), options));
      expect(plan.services.map((s) => [s.name, s.ports[0]?.hostPort])).to.deep.equal([['api', 31001], ['web', 31000]]);
      expect(plan.warnings).to.deep.equal(['docker-compose.yml: services.web.ports[0]: host port 31001 is already published by services.api.ports[0]: published on 31000 instead']);
    });

    it('hands device permissions other than r, w and m to Docker as Compose does, and warns', () => {
      const yaml = 'services:\n  web:\n    image: x\n    devices: ["/dev/null:/dev/a:permissions", {source: /dev/zero, target: /dev/b, permissions: rw}]\n';
      const plan = planned(planPod(model(yaml), task(), { ...options, policy: { ...options.policy, devices: true } }));
      expect(plan.services[0]!.devices).to.deep.equal([
        { host: '/dev/null', container: '/dev/a', permissions: 'permissions' },
        { host: '/dev/zero', container: '/dev/b', permissions: 'rw' },
      ]);
      expect(plan.warnings).to.deep.equal([
        'docker-compose.yml: services.web.devices[0]: permissions "permissions" are not r, w and m: passed to Docker as Compose passes them, which decides what they allow',
      ]);
    });

    it('keeps the PORT_ variables true to a moved port', () => {
      const plan = planned(planPod(model('services:\n  web:\n    image: x\n    ports: ["80:80"]\n'), task({ ports: [[31000, 31000]] }), options));
      expect(plan.services[0]?.environment.PORT_WEB_80).to.equal('31000');
    });

    const refused: Array<[string, string, Array<readonly [number, number]>, string[]]> = [
      ['a fixed host port outside the offer when the task demands exact ports', 'web:\n    image: x\n    ports: ["8080:80"]', [[31000, 31099]], ['docker-compose.yml: services.web.ports[0]: host port 8080 is not offered to the task (offered: 31000-31099); the task demands exact host ports (exact_host_ports)']],
      ['a fixed host port when nothing is offered', 'web:\n    image: x\n    ports: [{target: 80, published: "8080"}]', [], ['docker-compose.yml: services.web.ports[0]: needs 1 host ports in all, the task offers 0']],
      ['two services publishing one host port when the task demands exact ports', 'api:\n    image: x\n    ports: ["31001:80"]\n  web:\n    image: x\n    ports: ["31001:8080"]', [[31000, 31009]], ['docker-compose.yml: services.web.ports[0]: host port 31001 is already published by services.api.ports[0]']],
      ['a host range whose offered ports are taken', 'a:\n    image: x\n    ports: ["31000:80", "31001:81"]\n  b:\n    image: x\n    ports: ["30999-31001:80"]', [[31000, 31009]], ['docker-compose.yml: services.b.ports[0]: host ports 30999-31001 are all taken by other ports of the pod']],
      ['too few ports left besides the fixed ones', 'web:\n    image: x\n    ports: ["31000:80", "81", "82"]', [[31000, 31001]], ['docker-compose.yml: services.web.ports[2]: needs 2 host ports in all, the task offers 1 besides the 1 fixed']],
    ];
    for (const [what, services, offer, expected] of refused) {
      it(`refuses ${what}`, () => {
        const exact = what.includes('exact');
        expect(errorLines(planPod(model(`services:\n  ${services}\n`), task({ ports: offer }), { ...options, exactHostPorts: exact }))).to.deep.equal(expected);
      });
    }

    it('refuses a pod that needs more ports than the task offers, naming the first port left without one', () => {
      expect(errorLines(planPod(shop(), task({ ports: [[31000, 31001]] }), options))).to.deep.equal([
        'docker-compose.yml: services.proxy.ports[1]: needs 4 host ports in all, the task offers 2',
      ]);
      expect(errorLines(planPod(shop(), task({ ports: [] }), options))).to.deep.equal(['docker-compose.yml: services.db.ports[0]: needs 4 host ports in all, the task offers 0']);
    });
  });

  describe('each service', () => {
    it('carries what Compose gives a container', () => {
      const plan = planned(planPod(shop(), task(), { ...options, cgroupParent: '/mesos/abc' }));
      const web = plan.services.find((s) => s.name === 'web');
      expect(web).to.deep.include({
        containerName: 'shop-1_web',
        image: 'registry.local:5000/shop/web:latest',
        workingDir: '/srv/shop',
        user: '1000:1000',
        stopGracePeriodSeconds: 30,
        cgroupParent: '/mesos/abc',
        restart: { policy: 'on-failure', maxRetries: 3 },
        dependsOn: ['cache', 'db'],
      });
      // A bare key no environment set reaches Docker unset, as Compose passes it.
      expect(web?.environment.SECRET_KEY).to.equal(null);
      expect(plan.services.find((s) => s.name === 'db')?.healthcheck).to.deep.equal({ test: ['CMD', 'pg_isready', '-U', 'shop'], intervalMs: 5000, timeoutMs: 3000, retries: 10, startPeriodMs: 90_000 });
      expect(plan.services.find((s) => s.name === 'proxy')?.stopSignal).to.equal('SIGQUIT');
    });

    it('rounds a sub-second grace period up, never cutting it short', () => {
      const [web] = planned(planPod(model('services:\n  web:\n    image: x\n    stop_grace_period: 500ms\n'), task(), options)).services;
      expect(web?.stopGracePeriodSeconds).to.equal(1);
    });

    it('passes its own codec, so it can be logged and replayed', () => {
      expect(PodPlan.is(planned(planPod(shop(), task(), options)))).to.equal(true);
    });
  });

  describe('determinism', () => {
    it('plans the same pod from the same files and task, whatever the order of the services in the file', () => {
      const a = model('services:\n  b:\n    image: x\n    ports: ["80"]\n  a:\n    image: y\n    ports: ["81"]\n  c:\n    image: z\n    depends_on: [a]\n');
      const b = model('services:\n  c:\n    image: z\n    depends_on: [a]\n  a:\n    image: y\n    ports: ["81"]\n  b:\n    image: x\n    ports: ["80"]\n');
      expect(planPod(a, task(), options)).to.deep.equal(planPod(b, task(), options));
      expect(planPod(a, task(), options)).to.deep.equal(planPod(a, task(), options));
    });

    it('never lets two tasks share a project, container, network or host port when their offers are disjoint', () => {
      const pod = shop();
      const taskIds = fc.string({ minLength: 1, maxLength: 80 });
      fc.assert(
        fc.property(taskIds, taskIds, fc.integer({ min: 1, max: 30_000 }), (first, second, base) => {
          fc.pre(first !== second);
          const one = planned(planPod(pod, task({ taskId: first, ports: [[base, base + 9]] }), options));
          const two = planned(planPod(pod, task({ taskId: second, ports: [[base + 10, base + 19]] }), options));
          expect(one.project).to.not.equal(two.project);
          expect(one.network.name).to.not.equal(two.network.name);
          const names = new Set(one.services.map((s) => s.containerName));
          expect(two.services.filter((s) => names.has(s.containerName))).to.deep.equal([]);
          const hostPorts = new Set(one.services.flatMap((s) => s.ports.map((p) => p.hostPort)));
          expect(two.services.flatMap((s) => s.ports.map((p) => p.hostPort)).filter((p) => hostPorts.has(p))).to.deep.equal([]);
        }),
        { numRuns: 300 },
      );
    });

    it('gives every published port of one plan its own offered host port', () => {
      const port = fc.record({
        target: fc.integer({ min: 1, max: 9000 }),
        span: fc.integer({ min: 0, max: 3 }),
        protocol: fc.constantFrom('tcp', 'udp'),
        fixed: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
      });
      const services = fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/), fc.array(port, { maxLength: 4 }), { minKeys: 1, maxKeys: 5 });
      const offer = fc.array(fc.tuple(fc.integer({ min: 31000, max: 31040 }), fc.integer({ min: 0, max: 12 })).map(([from, width]): readonly [number, number] => [from, from + width]), { maxLength: 4 });
      fc.assert(
        fc.property(services, offer, (pod, ranges) => {
          const yaml = `services:\n${Object.entries(pod)
            .map(([name, ports]) => {
              const entries = ports.map((p) => {
                const target = p.span === 0 ? `${p.target}` : `${p.target}-${p.target + p.span}`;
                const host = p.fixed === undefined ? '' : p.span === 0 ? `${31000 + p.fixed}:` : `${31000 + p.fixed}-${31000 + p.fixed + p.span}:`;
                return JSON.stringify(`${host}${target}/${p.protocol}`);
              });
              return `  ${JSON.stringify(name)}:\n    image: x\n    ports: [${entries.join(', ')}]\n`;
            })
            .join('')}`;
          const result = planPod(model(yaml), task({ ports: ranges }), options);
          const wanted = Object.values(pod).flat().reduce((sum, p) => sum + p.span + 1, 0);
          const offered = new Set(ranges.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i)));
          if (E.isLeft(result)) {
            // Only a fixed port or a shortage of ports can refuse the pod.
            expect(Object.values(pod).flat().some((p) => p.fixed !== undefined) || wanted > offered.size, result.left.map(formatComposeError).join('\n')).to.equal(true);
            return;
          }
          const published = result.right.services.flatMap((s) => s.ports);
          expect(published).to.have.length(wanted);
          expect(published.every((p) => offered.has(p.hostPort))).to.equal(true);
          expect(new Set(published.map((p) => `${p.hostPort}/${p.protocol}`)).size).to.equal(published.length);
          const positional = published.filter((p) => !Object.values(pod).flat().some((spec) => spec.fixed !== undefined && p.hostPort >= 31000 + spec.fixed && p.hostPort <= 31000 + spec.fixed + spec.span));
          expect(new Set(positional.map((p) => p.hostPort)).size).to.equal(positional.length);
        }),
        { numRuns: 300 },
      );
    });

    it('keeps task ids that differ only in case or punctuation apart', () => {
      const ids = ['Shop.1', 'shop.1', 'shop-1', 'shop_1', 'SHOP-1', 'shop 1'];
      expect(new Set(ids.map(projectName)).size).to.equal(ids.length);
    });
  });
});
