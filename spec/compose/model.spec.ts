import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { formatComposeError } from '../../src/compose/composeError.js';
import { loadCompose } from '../../src/compose/load.js';
import type { ServiceModel } from '../../src/compose/model.js';

const load = (yaml: string) => loadCompose([{ name: 'docker-compose.yml', text: yaml }], {});

/** A file with one service `web` whose body is the given YAML lines. */
const web = (...lines: string[]): string => ['services:', '  web:', ...lines.map((line) => `    ${line}`)].join('\n');

const errorLines = (yaml: string): string[] => {
  const result = load(yaml);
  if (E.isRight(result)) return expect.fail(`expected errors, the file loaded as ${JSON.stringify(result.right)}`);
  return result.left.map(formatComposeError);
};

const service = (yaml: string): ServiceModel => {
  const result = load(yaml);
  if (E.isLeft(result)) return expect.fail(result.left.map(formatComposeError).join('\n'));
  return result.right.services.web ?? expect.fail('no service web');
};

const f = 'docker-compose.yml: ';

describe('the compose file model', () => {
  describe('reports each mistake with file, key path, what was expected and what was got', () => {
    const cases: Array<[string, string, string[]]> = [
      ['an image that is a number', web('image: 5'), [`${f}services.web.image: expected a string, got 5`]],
      ['a missing image', web('command: run'), [`${f}services.web.image: missing: every service needs an image or a build`]],
      ['a BuildKit-only build key', web('image: x', 'build: {context: ., ssh: [default]}'), [`${f}services.web.build.ssh: needs BuildKit (SSH agent forwarding); the executor builds with Docker's classic builder, which cannot`]],
      ['a provider service, told why', web('provider: {type: awesomecloud}'), [`${f}services.web.provider: refused: a provider service is no container but a plugin program Compose runs on the host to make a resource (a cloud database, a model); a Mesos agent has no such plugin, so make the resource outside the pod and pass its address in environment`]],
      ['a known key not run yet', web('image: x', 'models: [llm]'), [`${f}services.web.models: not supported yet`]],
      ['a secret with an unknown key', 'services:\n  web:\n    image: x\nsecrets:\n  key: {nope: 1}', [`${f}secrets.key.nope: unknown key`]],
      ['a misspelt key', web('image: x', 'enviroment: {A: "1"}'), [`${f}services.web.enviroment: unknown key`]],
      ['an unknown top-level key', 'service:\n  web:\n    image: x\nservices:\n  web:\n    image: x', [`${f}service: unknown key`]],
      ['a secret with an unknown key', 'services:\n  web:\n    image: x\nsecrets:\n  key: {nope: 1}', [`${f}secrets.key.nope: unknown key`]],
      ['services as a list', 'services:\n  - web', [`${f}services: expected a mapping of services, got a list`]],
      ['a service that is a string', 'services:\n  web: nginx', [`${f}services.web: expected a service mapping, got "nginx"`]],
      ['a service name with a space', 'services:\n  my web:\n    image: x', [`${f}services.my web: expected a service name of letters, digits, '.', '_' or '-', got "my web"`]],
      ['a command mapping', web('image: x', 'command: {run: 1}'), [`${f}services.web.command: expected a string or a list of strings, got a mapping`]],
      ['a command list with a number', web('image: x', 'command: [sleep, 10]'), [`${f}services.web.command[1]: expected a string, got 10`]],
      ['an unclosed quote in a command', web('image: x', `command: sh -c 'echo hi`), [`${f}services.web.command: the command "sh -c 'echo hi" has an unclosed single quote`]],
      ['an entrypoint number', web('image: x', 'entrypoint: 7'), [`${f}services.web.entrypoint: expected a string or a list of strings, got 7`]],
      ['an environment string', web('image: x', 'environment: A=1'), [`${f}services.web.environment: expected a list of KEY=VALUE or a mapping, got "A=1"`]],
      ['an environment entry without a key', web('image: x', 'environment: ["=1"]'), [`${f}services.web.environment[0]: expected KEY=VALUE or KEY, got "=1"`]],
      ['an environment value that is a list', web('image: x', 'environment: {A: [1]}'), [`${f}services.web.environment.A: expected a string, number, true/false or nothing, got a list`]],
      ['labels as a number', web('image: x', 'labels: 3'), [`${f}services.web.labels: expected a list of KEY=VALUE or a mapping, got 3`]],
      ['depends_on as a string', web('image: x', 'depends_on: db'), [`${f}services.web.depends_on: expected a list of services or a mapping, got "db"`]],
      ['a dependency listed twice', web('image: x', 'depends_on: [db, db]'), [`${f}services.web.depends_on[1]: "db" is listed twice`]],
      ['an unknown condition', web('image: x', 'depends_on: {db: {condition: service_ready}}'), [`${f}services.web.depends_on.db.condition: expected service_started, service_healthy or service_completed_successfully, got "service_ready"`]],
      ['a required flag as a word', web('image: x', 'depends_on: {db: {required: yes}}'), [`${f}services.web.depends_on.db.required: expected true or false, got "yes"`]],
      ['network_mode container: without a name', web('image: x', 'network_mode: "container:"'), [`${f}services.web.network_mode: expected bridge, host, none, service:NAME or container:NAME, got "container:"`]],
      ['an unknown network_mode', web('image: x', 'network_mode: overlay'), [`${f}services.web.network_mode: expected bridge, host, none, service:NAME or container:NAME, got "overlay"`]],
      ['a port that is not a port', web('image: x', 'ports: ["http"]'), [`${f}services.web.ports[0]: expected a port like "80", "8080:80" or "127.0.0.1:8080:80/udp", got "http"`]],
      ['a port out of range', web('image: x', 'ports: ["70000:80"]'), [`${f}services.web.ports[0]: expected ports between 1 and 65535, got "70000:80"`]],
      ['an unknown protocol', web('image: x', 'ports: ["53/icmp"]'), [`${f}services.web.ports[0]: expected a port like "80", "8080:80" or "127.0.0.1:8080:80/udp", got "53/icmp"`]],
      ['ranges of different lengths', web('image: x', 'ports: ["8000-8001:9000-9002"]'), [`${f}services.web.ports[0]: host ports 8000-8001 and container ports 9000-9002 differ in number`]],
      ['ports as a string', web('image: x', 'ports: "80"'), [`${f}services.web.ports: expected a list of ports, got "80"`]],
      ['a long port without target', web('image: x', 'ports: [{published: 8080}]'), [`${f}services.web.ports[0].target: missing: the container port is required`]],
      ['a long port with a bad protocol', web('image: x', 'ports: [{target: 80, protocol: http}]'), [`${f}services.web.ports[0].protocol: expected tcp, udp or sctp, got "http"`]],
      ['an expose entry that is not a port', web('image: x', 'expose: [web]'), [`${f}services.web.expose[0]: expected a port like "3000" or "8000-8010/udp", got "web"`]],
      ['an unknown restart policy', web('image: x', 'restart: sometimes'), [`${f}services.web.restart: expected no, always, unless-stopped, on-failure or on-failure:N, got "sometimes"`]],
      ['a stop_signal number', web('image: x', 'stop_signal: 15'), [`${f}services.web.stop_signal: expected a string, got 15`]],
      ['a stop_grace_period in plain seconds', web('image: x', 'stop_grace_period: 10'), [`${f}services.web.stop_grace_period: expected a duration like 10s or 1m30s, got 10`]],
      ['a healthcheck interval in words', web('image: x', 'healthcheck: {interval: ten}'), [`${f}services.web.healthcheck.interval: expected a duration like 10s or 1m30s, got "ten"`]],
      ['a healthcheck test without CMD', web('image: x', 'healthcheck: {test: [curl, localhost]}'), [`${f}services.web.healthcheck.test: expected a list starting with CMD, CMD-SHELL or NONE, got a list`]],
      ['negative healthcheck retries', web('image: x', 'healthcheck: {retries: -1}'), [`${f}services.web.healthcheck.retries: expected a whole number, got -1`]],
      ['a working_dir list', web('image: x', 'working_dir: [/srv]'), [`${f}services.web.working_dir: expected a string, got a list`]],
      ['a user mapping', web('image: x', 'user: {name: app}'), [`${f}services.web.user: expected a user name or id, got a mapping`]],
      ['a hostname number', web('image: x', 'hostname: 1'), [`${f}services.web.hostname: expected a string, got 1`]],
      ['a top-level name list', 'name: [shop]\nservices:\n  web:\n    image: x', [`${f}name: expected a string, got a list`]],
      ['no services at all', 'version: "3.8"', [`${f}services: missing: the pod needs at least one service`]],
      [
        'several mistakes at once',
        'services:\n  web:\n    image: 5\n    build: {ssh: [default]}\n    ports: ["x"]\n  db:\n    imagee: postgres\n',
        [
          `${f}services.web.image: expected a string, got 5`,
          `${f}services.web.build.ssh: needs BuildKit (SSH agent forwarding); the executor builds with Docker's classic builder, which cannot`,
          `${f}services.web.ports[0]: expected a port like "80", "8080:80" or "127.0.0.1:8080:80/udp", got "x"`,
          `${f}services.db.imagee: unknown key`,
        ],
      ],
    ];
    for (const [what, yaml, expected] of cases) {
      it(`reports ${what}`, () => {
        expect(errorLines(yaml)).to.deep.equal(expected);
      });
    }
  });

  describe('reads what Compose reads', () => {
    it('splits a command string as a shell would, quotes and escapes included', () => {
      expect(service(web('image: x', `command: sh -c "echo \\"hi there\\"" 'a b' c\\ d`)).command).to.deep.equal(['sh', '-c', 'echo "hi there"', 'a b', 'c d']);
    });

    it('reads environment lists and maps, a bare key as unset', () => {
      expect(service(web('image: x', 'environment: [A=1, B, C=x=y, D=]')).environment).to.deep.equal({ A: '1', B: null, C: 'x=y', D: '' });
      expect(service(web('image: x', 'environment: {A: 1, B: true, C: ~, D: ""}')).environment).to.deep.equal({ A: '1', B: 'true', C: null, D: '' });
    });

    it('reads label lists and maps', () => {
      expect(service(web('image: x', 'labels: [a=1, b]')).labels).to.deep.equal({ a: '1', b: '' });
      expect(service(web('image: x', 'labels: {a: 1}')).labels).to.deep.equal({ a: '1' });
    });

    it('reads the long depends_on form with defaults', () => {
      expect(service(web('image: x', 'depends_on:', '  db: {condition: service_completed_successfully, restart: true}', '  cache:')).dependsOn).to.deep.equal({
        db: { condition: 'service_completed_successfully', required: true, restart: true },
        cache: { condition: 'service_started', required: true, restart: false },
      });
    });

    it('reads every port syntax', () => {
      const ports = service(web('image: x', 'ports:', '  - "80"', '  - 3000', '  - "127.0.0.1:8080:80/udp"', '  - "9000-9001:9000-9001"', '  - "[::1]::53/udp"', '  - {target: 443, published: "8443", host_ip: 0.0.0.0}')).ports;
      expect(ports).to.deep.equal([
        { target: { from: 80, to: 80 }, protocol: 'tcp' },
        { target: { from: 3000, to: 3000 }, protocol: 'tcp' },
        { target: { from: 80, to: 80 }, published: { from: 8080, to: 8080 }, hostIp: '127.0.0.1', protocol: 'udp' },
        { target: { from: 9000, to: 9001 }, published: { from: 9000, to: 9001 }, protocol: 'tcp' },
        { target: { from: 53, to: 53 }, hostIp: '::1', protocol: 'udp' },
        { target: { from: 443, to: 443 }, published: { from: 8443, to: 8443 }, hostIp: '0.0.0.0', protocol: 'tcp' },
      ]);
    });

    it('reads durations as Compose does', () => {
      const cases: Array<[string, number]> = [['10s', 10_000], ['1m30s', 90_000], ['500ms', 500], ['1h', 3_600_000], ['1.5s', 1500], ['"0"', 0]];
      for (const [text, ms] of cases) expect(service(web('image: x', `stop_grace_period: ${text}`)).stopGracePeriodMs, text).to.equal(ms);
    });

    it('reads every network_mode it supports', () => {
      const modes: Array<[string, unknown]> = [['bridge', { kind: 'bridge' }], ['host', { kind: 'host' }], ['none', { kind: 'none' }], ['service:vpn', { kind: 'service', service: 'vpn' }]];
      for (const [mode, expected] of modes) expect(service(web('image: x', `network_mode: "${mode}"`)).networkMode).to.deep.equal(expected);
    });

    it('ignores version and x- extension keys, which exist to be ignored', () => {
      const result = load('version: "3.8"\nx-common: &c {image: x}\nservices:\n  web:\n    <<: *c\n    x-note: hello\n');
      expect(E.isRight(result)).to.equal(true);
    });
  });
});
