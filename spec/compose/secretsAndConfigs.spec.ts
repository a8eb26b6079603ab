import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { formatComposeError } from '../../src/compose/composeError.js';
import { loadCompose } from '../../src/compose/load.js';
import { DEFAULT_POLICY, type OperatorPolicy } from '../../src/compose/operatorPolicy.js';
import { planPod } from '../../src/compose/plan.js';
import type { ServicePlan } from '../../src/compose/podPlan.js';
import { withFileObjectSources } from '../../src/compose/fileObjectSources.js';
import { maskSecrets, MASKED } from '../../src/events/secretValues.js';

const f = 'docker-compose.yml';

async function plan(text: string, env: Record<string, string> = {}, policy: OperatorPolicy = DEFAULT_POLICY): Promise<E.Either<string[], ServicePlan>> {
  const model = loadCompose([{ name: f, text }], env);
  if (E.isLeft(model)) return E.left(model.left.map(formatComposeError));
  const resolved = await withFileObjectSources(model.right, '/sandbox', env);
  const pod = planPod(resolved, { taskId: 't', executorId: 'e', labels: {}, ports: [] }, { fileName: f, sandbox: '/sandbox', policy });
  return E.isLeft(pod) ? E.left(pod.left.map(formatComposeError)) : E.right(pod.right.services[0] as ServicePlan);
}

const web = (...lines: string[]) => ['services:', '  web:', '    image: x', ...lines.map((line) => `    ${line}`)].join('\n');

describe('secrets and configs', () => {
  it('binds a file secret read-only at /run/secrets/<name>, and a file config at /<name>', async () => {
    const service = await plan(`${web('secrets: [db]', 'configs: [nginx, {source: app, target: etc/app.conf}]')}\nsecrets:\n  db: {file: ./db.txt}\nconfigs:\n  nginx: {file: conf/nginx.conf}\n  app: {file: app.conf}\n`);
    expect(E.isRight(service) && service.right.mounts).to.deep.equal([
      { type: 'bind', source: '/sandbox/db.txt', target: '/run/secrets/db', readOnly: true },
      { type: 'bind', source: '/sandbox/conf/nginx.conf', target: '/nginx', readOnly: true },
      { type: 'bind', source: '/sandbox/app.conf', target: '/etc/app.conf', readOnly: true },
    ]);
  });

  it('warns, as Compose warns, that uid, gid and mode do not apply to a file bound as it is, and warns of nothing on a copied one', async () => {
    const text = `${web('secrets: [{source: db, uid: "1000", mode: 0400}, {source: token, mode: 0400}]', 'configs: [{source: nginx, gid: "5"}]')}\nsecrets:\n  db: {file: ./db.txt}\n  token: {environment: TOKEN}\nconfigs:\n  nginx: {file: nginx.conf}\n`;
    const model = loadCompose([{ name: f, text }], { TOKEN: 't' });
    if (E.isLeft(model)) return expect.fail(model.left.map(formatComposeError).join('\n'));
    const pod = planPod(await withFileObjectSources(model.right, '/sandbox', { TOKEN: 't' }), { taskId: 't', executorId: 'e', labels: {}, ports: [] }, { fileName: f, sandbox: '/sandbox' });
    expect(E.isRight(pod) && pod.right.warnings).to.deep.equal([
      `${f}: services.web.secrets[0]: uid, mode ignored: secret db is bound from its file as it is, as Compose binds it ("secrets \`uid\`, \`gid\` and \`mode\` are not supported")`,
      `${f}: services.web.configs[0]: gid ignored: config nginx is bound from its file as it is, as Compose binds it ("config \`uid\`, \`gid\` and \`mode\` are not supported")`,
    ]);
  });

  it('copies an environment secret with its uid, gid and mode, and a config by content with mode 0444', async () => {
    const text = `${web('secrets: [{source: token, target: api, uid: "1000", gid: "1001", mode: 0o400}]', 'configs: [motd]')}\nsecrets:\n  token: {environment: API_TOKEN}\nconfigs:\n  motd: {content: "hello $${'{'}WHO}"}\n`;
    const service = await plan(text, { API_TOKEN: 'tok-123', WHO: 'pod' });
    expect(E.isRight(service) && service.right.files).to.deep.equal([
      { target: '/run/secrets/api', content: 'tok-123', mode: 0o400, uid: 1000, gid: 1001, secret: true },
      { target: '/motd', content: 'hello pod', mode: 0o444 },
    ]);
  });

  it('plans a secret whose variable is unset, to fail when the container is created, as Compose fails at up', async () => {
    const service = await plan(`${web('secrets: [s]')}\nsecrets:\n  s: {environment: NOT_SET}\n`);
    expect(E.isRight(service) && service.right.files).to.deep.equal([{ target: '/run/secrets/s', content: '', unset: 'environment variable "NOT_SET" required by secret s is not set', mode: 0o444, secret: true }]);
  });

  it('reads a mode given as an octal string', async () => {
    const service = await plan(`${web('configs: [{source: c, mode: "0640"}]')}\nconfigs:\n  c: {content: x}\n`);
    expect(E.isRight(service) && service.right.files?.[0]?.mode).to.equal(0o640);
  });

  it('lets a volume at the same target win, as Compose does', async () => {
    const service = await plan(`${web('volumes: ["./mine:/run/secrets/db"]', 'secrets: [db]')}\nsecrets:\n  db: {file: ./db.txt}\n`);
    expect(E.isRight(service) && service.right.mounts?.map((mount) => mount.target)).to.deep.equal(['/run/secrets/db']);
    expect(E.isRight(service) && service.right.mounts?.[0]).to.include({ source: '/sandbox/mine' });
  });

  const refusals: Array<[string, string, string[]]> = [
    ['an undefined secret', `${web('secrets: [nope]')}\n`, [`${f}: services.web.secrets[0]: refers to undefined secret nope`]],
    ['an external secret, as Compose does', `${web('secrets: [s]')}\nsecrets:\n  s: {external: true}\n`, [`${f}: secrets.s.external: unsupported external secret s: Docker Compose runs only secrets with file or environment`]],
    ['a secret driver, as Compose does', `${web('secrets: [s]')}\nsecrets:\n  s: {file: a, driver: vault}\n`, [`${f}: secrets.s.driver: Docker Compose does not support secrets.*.driver (a swarm feature)`]],
    ['a config template_driver, as Compose does', `${web('configs: [c]')}\nconfigs:\n  c: {file: a, template_driver: golang}\n`, [`${f}: configs.c.template_driver: Docker Compose does not support configs.*.template_driver (a swarm feature)`]],
    ['a secret with neither file nor environment', `${web()}\nsecrets:\n  s: {name: x}\n`, [`${f}: secrets.s: must declare either file or environment`]],
    ['a copied secret in a read-only service', `${web('read_only: true', 'secrets: [s]')}\nsecrets:\n  s: {environment: HOME}\n`, [`${f}: services.web.secrets[0]: cannot create secret s in a read_only service: \`file\` is the sole supported option`]],
    ['a secret file outside the sandbox', `${web('secrets: [s]')}\nsecrets:\n  s: {file: /etc/shadow}\n`, [`${f}: secrets.s.file: /etc/shadow, outside the sandbox, is denied by the executor's policy (policy.bind_mounts_outside_sandbox)`]],
    ['a mode that is no file mode', `${web('secrets: [{source: s, mode: "rw"}]')}\nsecrets:\n  s: {file: a}\n`, [`${f}: services.web.secrets[0].mode: expected a file mode like 0440, got "rw"`]],
  ];
  for (const [what, text, expected] of refusals) {
    it(`refuses ${what}`, async () => {
      const service = await plan(text, { HOME: '/root' });
      expect(E.isLeft(service) ? service.left : []).to.deep.equal(expected);
    });
  }

  it('masks a secret copied by value wherever the plan is logged, and leaves configs alone', async () => {
    const service = await plan(`${web('secrets: [s]', 'configs: [c]')}\nsecrets:\n  s: {environment: PLAIN}\nconfigs:\n  c: {content: visible}\n`, { PLAIN: 'hunter2' });
    const logged = JSON.stringify(maskSecrets({ type: 'pod.planned', plan: { services: [E.isRight(service) ? service.right : null] } }));
    expect(logged).not.to.contain('hunter2');
    expect(logged).to.contain(MASKED).and.to.contain('visible');
  });
});

describe('secrets, configs and build across several files', () => {
  it('merges top-level objects by key, service references by source, and build args and labels by key', () => {
    const base = { name: 'a.yml', text: 'services:\n  web:\n    build: {context: app, args: {A: "1", B: "1"}, labels: {x: "1"}}\n    secrets: [s, {source: t, mode: 0o400}]\nsecrets:\n  s: {file: s.txt}\n  t: {file: t.txt}\n' };
    const over = { name: 'b.yml', text: 'services:\n  web:\n    build: {args: {B: "2"}, target: prod}\n    secrets: [{source: t, target: token}]\nsecrets:\n  t: {environment: T}\n' };
    const model = loadCompose([base, over], {});
    if (E.isLeft(model)) return expect.fail(model.left.map(formatComposeError).join('\n'));
    const web = model.right.services.web!;
    expect(web.build).to.deep.equal({ context: 'app', args: { A: '1', B: '2' }, labels: { x: '1' }, target: 'prod' });
    expect(web.secrets).to.deep.equal([{ source: 's' }, { source: 't', target: 'token' }]);
    expect(model.right.secrets).to.deep.equal({ s: { file: 's.txt' }, t: { file: 't.txt', environment: 'T' } });
  });
});
