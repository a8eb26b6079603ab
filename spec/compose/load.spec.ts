import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { formatComposeError } from '../../src/compose/composeError.js';
import { interpolateText } from '../../src/compose/interpolate.js';
import { loadCompose } from '../../src/compose/load.js';
import type { ComposeModel } from '../../src/compose/model.js';
import { fixture } from './fixture.js';

const loaded = (result: E.Either<unknown, ComposeModel>): ComposeModel => {
  if (E.isLeft(result)) expect.fail(`expected the files to load, got ${JSON.stringify(result.left)}`);
  return result.right;
};

const errorLines = (result: E.Either<Parameters<typeof formatComposeError>[0][], unknown>): string[] => {
  if (E.isRight(result)) return expect.fail('expected errors, the files loaded');
  return result.left.map(formatComposeError);
};

const one = (yaml: string, env: Record<string, string> = {}) => loadCompose([{ name: 'docker-compose.yml', text: yaml }], env);

describe('loading compose files', () => {
  describe('variable interpolation', () => {
    const env = { TAG: '1.2', EMPTY: '', NAME: 'shop' };
    const cases: Array<[string, string]> = [
      ['plain text', 'plain text'],
      ['nginx:$TAG', 'nginx:1.2'],
      ['nginx:${TAG}', 'nginx:1.2'],
      ['${NAME}_$TAG', 'shop_1.2'],
      ['$TAG.0', '1.2.0'],
      ['${UNSET}', ''],
      ['$UNSET', ''],
      ['${UNSET:-fallback}', 'fallback'],
      ['${EMPTY:-fallback}', 'fallback'],
      ['${UNSET-fallback}', 'fallback'],
      ['${EMPTY-fallback}', ''],
      ['${TAG:-fallback}', '1.2'],
      ['${UNSET:-${NAME}-x}', 'shop-x'],
      ['${TAG:+set}', 'set'],
      ['${EMPTY:+set}', ''],
      ['${EMPTY+set}', 'set'],
      ['${TAG:?needed}', '1.2'],
      ['${EMPTY?needed}', ''],
      ['cost: $$5', 'cost: $5'],
      ['$${TAG}', '${TAG}'],
      ['${UNSET:-a:b}', 'a:b'],
    ];
    for (const [text, expected] of cases) {
      it(`reads ${JSON.stringify(text)} as ${JSON.stringify(expected)}`, () => {
        expect(interpolateText(text, env)).to.deep.equal(E.right(expected));
      });
    }

    const bad: Array<[string, string]> = [
      ['${UNSET:?set UNSET first}', 'required variable UNSET is missing a value: set UNSET first'],
      ['${EMPTY:?}', 'required variable EMPTY is missing a value'],
      ['${UNSET?no}', 'required variable UNSET is missing a value: no'],
      ['price $5', 'invalid interpolation in "price $5": a lone $; write $$ for a literal dollar'],
      ['${TAG', 'invalid interpolation in "${TAG": ${ is never closed'],
      ['${1X}', 'invalid interpolation in "${1X}": ${1X} does not start with a variable name'],
      ['${TAG#x}', 'invalid interpolation in "${TAG#x}": unexpected "#x" after TAG'],
    ];
    for (const [text, message] of bad) {
      it(`refuses ${JSON.stringify(text)}`, () => {
        expect(interpolateText(text, env)).to.deep.equal(E.left(message));
      });
    }

    it('names the file and key of every value that fails, all at once', () => {
      const yaml = 'services:\n  web:\n    image: shop:${TAG:?set TAG}\n    environment:\n      - PRICE=$5\n';
      expect(errorLines(one(yaml))).to.deep.equal([
        'docker-compose.yml: services.web.image: required variable TAG is missing a value: set TAG',
        'docker-compose.yml: services.web.environment[0]: invalid interpolation in "PRICE=$5": a lone $; write $$ for a literal dollar',
      ]);
    });

    it('leaves keys as written', () => {
      const model = loaded(one('services:\n  web:\n    image: x\n    labels:\n      $KEY: $VALUE\n', { KEY: 'k', VALUE: 'v' }));
      expect(model.services.web?.labels).to.deep.equal({ $KEY: 'v' });
    });
  });

  describe('the sample shop', () => {
    it('loads one file with its anchors, defaults and both depends_on forms', () => {
      const model = loaded(loadCompose([fixture('docker-compose.yml')], { DB_PASSWORD: 's3cret' }));
      expect(Object.keys(model.services)).to.deep.equal(['proxy', 'web', 'db', 'cache']);
      const web = model.services.web;
      expect(web?.image).to.equal('registry.local:5000/shop/web:latest');
      expect(web?.command).to.deep.equal(['gunicorn', '--bind', '0.0.0.0:8000', 'shop.wsgi:application']);
      expect(web?.environment).to.deep.equal({
        TZ: 'UTC',
        LOG_FORMAT: 'json',
        DATABASE_URL: 'postgres://shop:s3cret@db:5432/shop',
        REDIS_URL: 'redis://cache:6379/0',
        SECRET_KEY: null,
      });
      expect(Object.keys(web?.dependsOn ?? {})).to.deep.equal(['db', 'cache']);
      expect(web?.dependsOn.db?.condition).to.equal('service_healthy');
      expect(web?.stopGracePeriodMs).to.equal(30_000);
      expect(web?.restart).to.deep.equal({ policy: 'on-failure', maxRetries: 3 });
      expect(model.services.db?.healthcheck).to.deep.equal({ test: ['CMD', 'pg_isready', '-U', 'shop'], intervalMs: 5000, timeoutMs: 3000, retries: 10, startPeriodMs: 90_000 });
      expect(model.services.cache?.expose).to.deep.equal(['6379']);
    });

    it('fails when a required variable is missing, naming file and key', () => {
      expect(errorLines(loadCompose([fixture('docker-compose.yml')], {}))).to.deep.equal([
        'docker-compose.yml: services.web.environment.DATABASE_URL: required variable DB_PASSWORD is missing a value: set DB_PASSWORD',
      ]);
    });

    it('merges an override file: maps by key, later scalars and commands win, ports appended', () => {
      const model = loaded(loadCompose([fixture('docker-compose.yml'), fixture('docker-compose.override.yml')], { DB_PASSWORD: 'pw' }));
      const web = model.services.web;
      expect(web?.image).to.equal('registry.local:5000/shop/web:latest');
      expect(web?.command).to.deep.equal(['python', '-m', 'debugpy', '--listen', '0.0.0.0:9229', 'manage.py', 'runserver']);
      expect(web?.environment).to.include({ TZ: 'UTC', LOG_FORMAT: 'text', DEBUG: '1', SECRET_KEY: null });
      expect(web?.ports).to.deep.equal([{ target: { from: 9229, to: 9229 }, protocol: 'tcp' }]);
      expect(web?.dependsOn.db?.condition).to.equal('service_healthy');
      expect(model.services.db?.ports).to.deep.equal([{ target: { from: 5432, to: 5432 }, hostIp: '127.0.0.1', protocol: 'tcp' }]);
    });

    it('merges three files in order', () => {
      const files = [fixture('docker-compose.yml'), fixture('docker-compose.override.yml'), fixture('docker-compose.ci.yml')];
      const web = loaded(loadCompose(files, { DB_PASSWORD: 'pw', CI_BUILD: '77' })).services.web;
      expect(web?.image).to.equal('registry.local:5000/shop/web:ci-77');
      expect(web?.environment).to.include({ DEBUG: '0', LOG_FORMAT: 'text', TZ: 'UTC' });
      expect(web?.labels).to.deep.equal({ 'shop.role': 'frontend', 'ci.build': '77' });
      expect(web?.ports.map((p) => p.target.from)).to.deep.equal([9229]);
    });

    it('appends ports and expose across files', () => {
      const base = { name: 'a.yml', text: 'services:\n  web:\n    image: x\n    ports: ["80"]\n    expose: ["3000"]\n' };
      const over = { name: 'b.yml', text: 'services:\n  web:\n    ports: ["443"]\n    expose: ["3001"]\n' };
      const web = loaded(loadCompose([base, over], {})).services.web;
      expect(web?.ports.map((p) => p.target.from)).to.deep.equal([80, 443]);
      expect(web?.expose).to.deep.equal(['3000', '3001']);
    });

    it('keeps one port per binding across files, as compose-spec merges them by host ip, ports and protocol', () => {
      const base = { name: 'a.yml', text: 'services:\n  web:\n    image: x\n    ports: ["31000:80", "9000", "127.0.0.1:9001:9001"]\n' };
      const over = { name: 'b.yml', text: 'services:\n  web:\n    ports: ["31000:80", "9000", "9001:9001", "31001:443"]\n' };
      const web = loaded(loadCompose([base, over], {})).services.web;
      expect(web?.ports.map((p) => `${p.hostIp ?? ''}|${p.published?.from ?? ''}:${p.target.from}`)).to.deep.equal(['127.0.0.1|9001:9001', '|31000:80', '|:9000', '|9001:9001', '|31001:443']);
    });

    it('keeps one port per binding within one file too, as Compose loads it', () => {
      const text = 'services:\n  web:\n    image: x\n    ports: ["9080:80", "9081:81", "9080:80", "5000", "5000", "6060:6060/udp", "9080:6060/udp", {target: 80, host_ip: 127.0.0.2, published: "9080"}]\n';
      const web = loaded(one(text)).services.web;
      expect(web?.ports.map((p) => `${p.hostIp ?? ''}|${p.published?.from ?? ''}:${p.target.from}/${p.protocol}`)).to.deep.equal([
        '|9080:80/tcp',
        '|9081:81/tcp',
        '|:5000/tcp',
        '|6060:6060/udp',
        '|9080:6060/udp',
        '127.0.0.2|9080:80/tcp',
      ]);
    });

    it('reports the errors of every file together, each under its own name', () => {
      const a = { name: 'a.yml', text: 'services:\n  web:\n    image: 5\n' };
      const b = { name: 'b.yml', text: 'services:\n  web:\n    ports: [nope]\n' };
      expect(errorLines(loadCompose([a, b], {}))).to.deep.equal([
        'a.yml: services.web.image: expected a string, got 5',
        'b.yml: services.web.ports[0]: expected a port like "80", "8080:80" or "127.0.0.1:8080:80/udp", got "nope"',
      ]);
    });

    it('blames the file that introduced a service when no file gives it an image', () => {
      const a = { name: 'a.yml', text: 'services:\n  web:\n    image: x\n  worker:\n    command: run\n' };
      const b = { name: 'b.yml', text: 'services:\n  worker:\n    user: "1"\n' };
      expect(errorLines(loadCompose([a, b], {}))).to.deep.equal(['a.yml: services.worker.image: missing: every service needs an image or a build']);
    });
  });

  describe('YAML', () => {
    it('applies anchors and << merge keys, later keys winning', () => {
      const yaml = [
        'x-base: &base',
        '  image: shop:1',
        '  environment: &env',
        '    A: "1"',
        '    B: "2"',
        'services:',
        '  web:',
        '    <<: *base',
        '    environment:',
        '      <<: *env',
        '      B: "3"',
        '  worker:',
        '    <<: *base',
        '    command: [worker]',
      ].join('\n');
      const model = loaded(one(yaml));
      expect(model.services.web).to.deep.include({ image: 'shop:1', environment: { A: '1', B: '3' } });
      expect(model.services.worker).to.deep.include({ image: 'shop:1', environment: { A: '1', B: '2' }, command: ['worker'] });
    });

    it('reports a syntax error with its line and column', () => {
      const yaml = 'services:\n  web:\n    image: [nginx\n  db:\n    image: postgres\n';
      const [line] = errorLines(one(yaml));
      expect(line).to.match(/^docker-compose\.yml: YAML syntax error at line 4, column 3: /);
    });

    it('refuses a duplicate key with its line', () => {
      const [line] = errorLines(one('services:\n  web:\n    image: a\n    image: b\n'));
      expect(line).to.equal('docker-compose.yml: YAML syntax error at line 4, column 5: Map keys must be unique');
    });

    it('refuses an alias bomb instead of expanding it', () => {
      const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) {
        const previous = String.fromCharCode('a'.charCodeAt(0) + i);
        levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
      }
      const lines = errorLines(one(`x-bomb:\n${levels.map((l) => `  ${l}`).join('\n')}\nservices:\n  web:\n    image: x\n`));
      expect(lines).to.deep.equal(['docker-compose.yml: YAML error: Excessive alias count indicates a resource exhaustion attack']);
    });

    it('refuses keys YAML reads as numbers, booleans or null, as Compose does, and takes them quoted', () => {
      const yaml = [
        'services:',
        '  web:',
        '    image: x',
        '    environment: {1: FOO, "2": BAR}',
        '  123: {image: x}',
        'networks:',
        '  default: {ipam: {config: [{123: oh dear}]}}',
        'x-flags: {true: 1, ~: 2}',
      ].join('\n');
      expect(errorLines(one(yaml))).to.deep.equal([
        'docker-compose.yml: services.web.environment: non-string key 1: Compose refuses a key YAML reads as a number; quote it ("1") to make it a name',
        'docker-compose.yml: services: non-string key 123: Compose refuses a key YAML reads as a number; quote it ("123") to make it a name',
        'docker-compose.yml: networks.default.ipam.config[0]: non-string key 123: Compose refuses a key YAML reads as a number; quote it ("123") to make it a name',
        'docker-compose.yml: x-flags: non-string key true: Compose refuses a key YAML reads as a boolean; quote it ("true") to make it a name',
        'docker-compose.yml: x-flags: non-string key null: Compose refuses a key YAML reads as null; quote it ("null") to make it a name',
      ]);
      const quoted = loaded(one('services:\n  "123":\n    image: x\n    environment: {"1": FOO}\n'));
      expect(quoted.services['123']?.environment).to.deep.equal({ 1: 'FOO' });
    });

    it('says an empty file is empty', () => {
      expect(errorLines(one(''))).to.deep.equal(['docker-compose.yml: the file is empty: expected a mapping with services']);
    });

    it('reads unquoted 8080:80 as a port, not a base-60 number', () => {
      const web = loaded(one('services:\n  web:\n    image: x\n    ports:\n      - 8080:80\n')).services.web;
      expect(web?.ports[0]?.published).to.deep.equal({ from: 8080, to: 8080 });
    });
  });
});
