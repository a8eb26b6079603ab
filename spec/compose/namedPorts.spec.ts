import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { formatComposeError } from '../../src/compose/composeError.js';
import { loadCompose } from '../../src/compose/load.js';
import type { ComposeModel } from '../../src/compose/model.js';
import { planPod, type TaskFacts } from '../../src/compose/plan.js';
import { portLabels, portsDocument } from '../../src/compose/portReport.js';

const model = (yaml: string): ComposeModel => {
  const result = loadCompose([{ name: 'docker-compose.yml', text: yaml }], {});
  return E.isRight(result) ? result.right : expect.fail(result.left.map(formatComposeError).join('\n'));
};

const pod = `
services:
  web:
    image: web
    ports:
      - "9000"
      - { target: 8080, name: http }
  dns:
    image: dns
    ports:
      - { target: 53, protocol: udp }
      - { target: 9090, name: admin }
`;

const task = (overrides: Partial<TaskFacts> = {}): TaskFacts => ({
  taskId: 'shop-1',
  executorId: 'shop-1-executor',
  labels: {},
  ports: [[31000, 31009]],
  discoveryPorts: [
    { name: 'admin', number: 31005, protocol: 'tcp' },
    { name: 'http', number: 31000, protocol: 'tcp' },
  ],
  ...overrides,
});

const options = { fileName: 'docker-compose.yml', sandbox: '/sandbox' };

const plan = (yaml: string, facts: TaskFacts = task()) => planPod(model(yaml), facts, options);
const errors = (yaml: string, facts: TaskFacts) => {
  const result = plan(yaml, facts);
  return E.isLeft(result) ? result.left.map(formatComposeError) : expect.fail('expected errors, got a plan');
};

describe('named and reported ports', () => {
  it('gives a named port the Mesos port of that name, and the rest the other offered ports in order', () => {
    const result = plan(pod);
    const planned = E.isRight(result) ? result.right : expect.fail(result.left.map(formatComposeError).join('\n'));
    expect(planned.publishedPorts).to.deep.equal([
      { service: 'dns', containerPort: 53, protocol: 'udp', hostPort: 31001 },
      { service: 'dns', containerPort: 9090, protocol: 'tcp', hostPort: 31005, name: 'admin' },
      { service: 'web', containerPort: 9000, protocol: 'tcp', hostPort: 31002 },
      { service: 'web', containerPort: 8080, protocol: 'tcp', hostPort: 31000, name: 'http' },
    ]);
  });

  it('tells every container every port: by name and by service and container port', () => {
    const result = plan(pod);
    const planned = E.isRight(result) ? result.right : expect.fail('no plan');
    const expected = { PORT_DNS_53_UDP: '31001', PORT_DNS_9090: '31005', PORT_ADMIN: '31005', PORT_WEB_9000: '31002', PORT_WEB_8080: '31000', PORT_HTTP: '31000' };
    for (const service of planned.services) expect(service.environment).to.deep.equal(expected);
  });

  it('reports the mapping as status labels and as ports.json', () => {
    const result = plan(pod);
    const ports = E.isRight(result) ? (result.right.publishedPorts ?? []) : expect.fail('no plan');
    expect(portLabels(ports)).to.deep.equal({
      'compose-executor.port.dns.53/udp': '31001',
      'compose-executor.port.dns.9090': '31005',
      'compose-executor.port.name.admin': '31005',
      'compose-executor.port.web.9000': '31002',
      'compose-executor.port.web.8080': '31000',
      'compose-executor.port.name.http': '31000',
    });
    const document = JSON.parse(portsDocument('shop-1', ports));
    expect(document.taskId).to.equal('shop-1');
    expect(document.ports).to.have.length(4);
    expect(document.environment.PORT_HTTP).to.equal('31000');
  });

  it('fails a port whose name the task does not list, saying which names it does', () => {
    expect(errors(pod, task({ discoveryPorts: [{ name: 'http', number: 31000 }] }))).to.deep.equal([
      "docker-compose.yml: services.dns.ports[1]: names port admin, which the task's discovery.ports do not list (they list: http)",
    ]);
  });

  it('places a named port like an unnamed one, with a warning, in a plan made with no Mesos task, as Compose reads the name as a label', () => {
    const yaml = 'services:\n  web:\n    image: web\n    ports:\n      - { target: 80, published: 8080, name: http }\n      - { target: 81, published: 31003, name: admin }\n      - "9000"\n';
    const { discoveryPorts: _none, ...noTask } = task({});
    const result = plan(yaml, noTask);
    const planned = E.isRight(result) ? result.right : expect.fail(result.left.map(formatComposeError).join('\n'));
    expect(planned.publishedPorts).to.deep.equal([
      { service: 'web', containerPort: 80, protocol: 'tcp', hostPort: 31000, name: 'http' },
      { service: 'web', containerPort: 81, protocol: 'tcp', hostPort: 31003, name: 'admin' },
      { service: 'web', containerPort: 9000, protocol: 'tcp', hostPort: 31001 },
    ]);
    expect(planned.services[0]?.environment).to.include({ PORT_HTTP: '31000', PORT_ADMIN: '31003' });
    expect(planned.warnings).to.deep.equal([
      'docker-compose.yml: services.web.ports[0]: host port 8080 is not offered to the task: published on 31000 instead',
      'docker-compose.yml: services.web.ports[0]: names port http, and no Mesos task gives it a number here: published on 31000 like an unnamed port',
      'docker-compose.yml: services.web.ports[1]: names port admin, and no Mesos task gives it a number here: published on 31003 like an unnamed port',
    ]);
  });

  it('fails a named port in a Mesos task without discovery.ports, saying which framework setting gives them', () => {
    const yaml = 'services:\n  web:\n    image: web\n    ports:\n      - { target: 80, name: http }\n';
    expect(errors(yaml, task({ discoveryPorts: [] }))).to.deep.equal([
      "docker-compose.yml: services.web.ports[0]: names port http, which the task's discovery.ports do not have: the task has no discovery.ports (Marathon fills them from portDefinitions, Aurora only when its scheduler runs with -populate_discovery_info)",
    ]);
  });

  it('fails a named port whose number is not among the task port resources', () => {
    expect(errors(pod, task({ ports: [[31000, 31003]] }))).to.deep.equal([
      "docker-compose.yml: services.dns.ports[1]: names port admin, whose number 31005 is not among the task's port resources",
    ]);
  });

  it('fails two compose ports that take the same named port', () => {
    const yaml = 'services:\n  a:\n    image: a\n    ports: [{ target: 80, name: http }]\n  b:\n    image: b\n    ports: [{ target: 81, name: http }]\n';
    expect(errors(yaml, task())).to.deep.equal(['docker-compose.yml: services.b.ports[0]: names port http, which services.a.ports[0] already takes']);
  });

  it('keeps positional assignment as before when no port is named', () => {
    const result = plan('services:\n  web:\n    image: web\n    ports: ["80", "443"]\n', task({ discoveryPorts: [] }));
    const planned = E.isRight(result) ? result.right : expect.fail('no plan');
    expect(planned.services[0]?.ports.map((port) => port.hostPort)).to.deep.equal([31000, 31001]);
  });
});
