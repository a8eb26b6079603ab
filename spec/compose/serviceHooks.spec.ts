import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { formatComposeError } from '../../src/compose/composeError.js';
import { loadCompose } from '../../src/compose/load.js';
import { planPod } from '../../src/compose/plan.js';

const load = (...texts: string[]) => loadCompose(texts.map((text, i) => ({ name: i === 0 ? 'docker-compose.yml' : `override-${i}.yml`, text })), {});
const web = (...lines: string[]): string => ['services:', '  web:', '    image: x', ...lines.map((line) => `    ${line}`)].join('\n');

const planned = (...texts: string[]) => {
  const model = load(...texts);
  if (E.isLeft(model)) return expect.fail(model.left.map(formatComposeError).join('\n'));
  const plan = planPod(model.right, { taskId: 't', executorId: 'e', labels: {}, ports: [] }, { fileName: 'docker-compose.yml', sandbox: '/sandbox' });
  return E.isLeft(plan) ? expect.fail(plan.left.map(formatComposeError).join('\n')) : plan.right.services[0]!;
};

describe('post_start and pre_stop in the compose file', () => {
  it('plans each hook as Compose reads it: a string command split like a shell, a bare environment key left bare', () => {
    const service = planned(web('post_start:', '  - command: echo "hello world"', '    user: 1000', '    working_dir: /tmp', '    environment: [FOO, BAR=2]', 'pre_stop:', '  - command: [sh, -c, "exit 0"]'));
    expect(service.postStart).to.deep.equal([{ command: ['echo', 'hello world'], user: '1000', workingDir: '/tmp', environment: { FOO: null, BAR: '2' } }]);
    expect(service.preStop).to.deep.equal([{ command: ['sh', '-c', 'exit 0'] }]);
  });

  it('appends the hooks of a later file to the earlier ones, as compose-go merges them', () => {
    const service = planned(web('post_start: [{command: one}]'), 'services:\n  web:\n    post_start: [{command: two}]\n');
    expect(service.postStart?.map((hook) => hook.command)).to.deep.equal([['one'], ['two']]);
  });

  it('plans nothing for a service without hooks, so older plans stay as they were', () => {
    expect(planned(web('post_start: []'))).not.to.have.any.keys('postStart', 'preStop');
  });

  it('refuses a hook without a command and a key a hook does not have, naming each', () => {
    const result = load(web('post_start: [{user: root}]', 'pre_stop: [{command: x, image: busybox}]'));
    expect(E.isLeft(result) && result.left.map(formatComposeError)).to.deep.equal([
      'docker-compose.yml: services.web.post_start[0].command: missing: a hook needs a command',
      'docker-compose.yml: services.web.pre_stop[0].image: unknown key',
    ]);
  });
});
