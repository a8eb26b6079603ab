import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { formatComposeError, type ComposeError } from '../../src/compose/composeError.js';
import { loadCompose, type ExtendedSource } from '../../src/compose/load.js';
import type { ComposeModel } from '../../src/compose/model.js';

const load = (yaml: string, extended: Record<string, ExtendedSource> = {}, more: Array<[string, string]> = []) =>
  loadCompose([{ name: 'docker-compose.yml', text: yaml }, ...more.map(([name, text]) => ({ name, text }))], { TAG: '7' }, extended);

const loaded = (result: E.Either<ComposeError[], ComposeModel>): ComposeModel => (E.isRight(result) ? result.right : expect.fail(result.left.map(formatComposeError).join('\n')));
const errorLines = (result: E.Either<ComposeError[], ComposeModel>): string[] => (E.isLeft(result) ? result.left.map(formatComposeError) : expect.fail('expected errors, the files loaded'));

const common = ['services:', '  app:', '    image: shop/app:${TAG}', '    environment: {LOG: json, MODE: prod}', '    ports: ["80"]', '    volumes: ["./conf:/etc/app:ro", "/var/log:/logs", "data:/data"]', '    env_file: app.env', '    depends_on: [db]', '    healthcheck: {test: [CMD, "true"], interval: 5s}', '  db:', '    image: postgres', ''].join('\n');

describe('extends', () => {
  it('merges the extending service over its base in the same file, like an override file, depends_on included as Compose keeps it', () => {
    const model = loaded(load('services:\n  base:\n    image: x\n    environment: {A: "1", B: "1"}\n    labels: [tier=web]\n    ports: ["80"]\n    depends_on: [db]\n    command: [serve]\n  web:\n    extends: base\n    environment: {B: "2"}\n    ports: ["443"]\n    command: [serve, --debug]\n  db:\n    image: db\n'));
    expect(model.services.web).to.deep.include({ image: 'x', environment: { A: '1', B: '2' }, labels: { tier: 'web' }, command: ['serve', '--debug'] });
    expect(model.services.web?.dependsOn).to.have.keys('db');
    expect(model.services.web?.ports.map((p) => p.target.from)).to.deep.equal([80, 443]);
    expect(model.services.web).to.not.have.property('extends');
    expect(model.services.base?.dependsOn).to.have.keys('db');
  });

  it('follows a chain of bases, the nearest winning', () => {
    const model = loaded(load('services:\n  a:\n    image: a\n    user: "1"\n    working_dir: /a\n  b:\n    extends: {service: a}\n    user: "2"\n  c:\n    extends: b\n    working_dir: /c\n'));
    expect(model.services.c).to.deep.include({ image: 'a', user: '2', workingDir: '/c' });
  });

  it('extends a service of another file, interpolated alike, with its host paths read relative to that file', () => {
    const model = loaded(load('services:\n  web:\n    extends: {service: app, file: common/base.yml}\n    environment: {MODE: dev}\n', { 'common/base.yml': { text: common } }));
    const web = model.services.web;
    expect(web).to.deep.include({ image: 'shop/app:7', environment: { LOG: 'json', MODE: 'dev' }, envFiles: [{ path: 'common/app.env', required: true }] });
    expect(web?.dependsOn).to.have.keys('db');
    expect(web?.volumes?.map((v) => (v.type === 'bind' ? v.source : v.type))).to.deep.equal(['common/conf', '/var/log', 'volume']);
    expect(web?.healthcheck).to.deep.equal({ test: ['CMD', 'true'], intervalMs: 5000 });
    expect(Object.keys(model.services)).to.deep.equal(['web']);
  });

  it('reads extends.file relative to the file that names it, through a chain of files', () => {
    const extended = {
      'deploy/lib/base.yml': { text: 'services:\n  app:\n    extends: {service: root, file: ../../root.yml}\n    volumes: ["./lib-conf:/lib"]\n' },
      'root.yml': { text: 'services:\n  root:\n    image: r\n    volumes: ["./root-conf:/root"]\n' },
    };
    const model = loaded(loadCompose([{ name: 'deploy/pod.yml', text: 'services:\n  web:\n    extends: {service: app, file: lib/base.yml}\n' }], {}, extended));
    expect(model.services.web?.image).to.equal('r');
    expect(model.services.web?.volumes?.map((v) => (v.type === 'bind' ? v.source : ''))).to.deep.equal(['./root-conf', 'deploy/lib/lib-conf']);
  });

  it('lets an override file extend a service of a file the task names, as that file wrote it', () => {
    const model = loaded(load('services:\n  web:\n    image: w\n    user: "1"\n', {}, [['override.yml', 'services:\n  worker:\n    extends: {service: web, file: docker-compose.yml}\n    command: [work]\n']]));
    expect(model.services.worker).to.deep.include({ image: 'w', user: '1', command: ['work'] });
  });

  const bad: Array<[string, string, Record<string, ExtendedSource>, string[]]> = [
    ['a base missing from the file', 'services:\n  web:\n    extends: base\n', {}, ['docker-compose.yml: services.web.extends.service: "base" is not a service of docker-compose.yml']],
    ['a base missing from the other file', 'services:\n  web:\n    extends: {service: api, file: common.yml}\n', { 'common.yml': { text: 'services:\n  app:\n    image: x\n' } }, ['docker-compose.yml: services.web.extends.service: "api" is not a service of common.yml']],
    ['a file the sandbox lacks', 'services:\n  web:\n    extends: {service: app, file: common.yml}\n', { 'common.yml': { missing: 'file not found in the sandbox /sandbox' } }, ['docker-compose.yml: services.web.extends.file: common.yml: file not found in the sandbox /sandbox']],
    ['a file never read', 'services:\n  web:\n    extends: {service: app, file: ./lib/../common.yml}\n', {}, ['docker-compose.yml: services.web.extends.file: common.yml: file not found']],
    ['a mistake in the other file, named there', 'services:\n  web:\n    extends: {service: app, file: common.yml}\n', { 'common.yml': { text: 'services:\n  app:\n    image: x\n    ports: [http]\n' } }, ['common.yml: services.app.ports[0]: expected a port like "80", "8080:80" or "127.0.0.1:8080:80/udp", got "http"']],
    ['a cycle', 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n  c:\n    extends: a\n', {}, ['docker-compose.yml: services.a.extends: extends cycle a -> b -> a']],
    ['a service extending itself', 'services:\n  a:\n    image: x\n    extends: a\n', {}, ['docker-compose.yml: services.a.extends: extends cycle a -> a']],
    ['a cycle across files', 'services:\n  web:\n    extends: {service: app, file: common.yml}\n', { 'common.yml': { text: 'services:\n  app:\n    extends: {service: web, file: docker-compose.yml}\n' } }, ['docker-compose.yml: services.web.extends: extends cycle web -> app (common.yml) -> web']],
    ['a base bound to another service\'s network', 'services:\n  vpn:\n    image: v\n  client:\n    image: c\n    network_mode: service:vpn\n  web:\n    extends: client\n', {}, ['docker-compose.yml: services.web.extends: client cannot be extended: its network_mode ties it to another service; set network_mode on web']],
    ['an extends without a service', 'services:\n  web:\n    image: x\n    extends: {file: common.yml}\n', {}, ['docker-compose.yml: services.web.extends.service: missing: the service to extend is required']],
    ['an extends of the wrong shape', 'services:\n  web:\n    image: x\n    extends: [base]\n', {}, ['docker-compose.yml: services.web.extends: expected an extends mapping, got a list']],
    ['an unknown key under extends', 'services:\n  web:\n    image: x\n    extends: {service: a, files: b.yml}\n  a:\n    image: y\n', {}, ['docker-compose.yml: services.web.extends.files: unknown key']],
    ['a service left without an image by its base', 'services:\n  base:\n    user: "1"\n  web:\n    extends: base\n', {}, ['docker-compose.yml: services.base.image: missing: every service needs an image or a build', 'docker-compose.yml: services.web.image: missing: every service needs an image or a build']],
  ];
  for (const [what, yaml, extended, expected] of bad) {
    it(`refuses ${what}`, () => {
      expect(errorLines(load(yaml, extended))).to.deep.equal(expected);
    });
  }
});
