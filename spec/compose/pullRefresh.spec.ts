import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { formatComposeError } from '../../src/compose/composeError.js';
import { containerOptions } from '../../src/compose/containerOptions.js';
import { loadCompose } from '../../src/compose/load.js';

/** What a service's container is planned to pull by, from one or more files. */
const pulling = (...texts: string[]) => {
  const model = loadCompose(texts.map((text, i) => ({ name: i === 0 ? 'docker-compose.yml' : `override-${i}.yml`, text })), {});
  if (E.isLeft(model)) return expect.fail(model.left.map(formatComposeError).join('\n'));
  const options = containerOptions('web', model.right.services.web!, 'docker-compose.yml');
  if (E.isLeft(options)) return expect.fail(options.left.map(formatComposeError).join('\n'));
  return { policy: options.right.pullPolicy, refreshAfterMs: options.right.pullRefreshAfterMs };
};
const web = (...lines: string[]) => ['services:', '  web:', '    image: x', ...lines.map((line) => `    ${line}`)].join('\n');

describe('pull_policy refresh and pull_refresh_after', () => {
  it('refreshes after pull_refresh_after, as compose-spec says', () => {
    expect(pulling(web('pull_policy: refresh', 'pull_refresh_after: 12h'))).to.deep.equal({ policy: 'always', refreshAfterMs: 12 * 3_600_000 });
  });

  it('reads refresh alone as missing, as compose-go does', () => {
    expect(pulling(web('pull_policy: refresh'))).to.deep.equal({ policy: 'missing', refreshAfterMs: undefined });
  });

  it('joins the two keys when an override file gives one of them', () => {
    expect(pulling(web('pull_policy: refresh'), ['services:', '  web:', '    pull_refresh_after: 90m'].join('\n'))).to.deep.equal({ policy: 'always', refreshAfterMs: 90 * 60_000 });
  });

  it('leaves pull_refresh_after unused beside any other policy', () => {
    expect(pulling(web('pull_policy: never', 'pull_refresh_after: 1h'))).to.deep.equal({ policy: 'never', refreshAfterMs: undefined });
  });

  it('refuses a pull_refresh_after that is no duration, naming it', () => {
    const model = loadCompose([{ name: 'docker-compose.yml', text: web('pull_policy: refresh', 'pull_refresh_after: soon') }], {});
    expect(E.isLeft(model) && model.left.map(formatComposeError)).to.deep.equal(['docker-compose.yml: services.web.pull_refresh_after: expected a duration like 10s or 1m30s, got "soon"']);
  });
});
