import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { CONFIG_KEYS, configTable, TABLE_END, TABLE_START, unclassifiedKeys, withConfigTable } from '../../src/config/configTable.js';
import { ConfigFile, configFrom, DEFAULT_CONFIG } from '../../src/config/executorConfig.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('the README configuration table', () => {
  it('is the table generated from the config codec (npx tsx scripts/config-table.ts rewrites it)', () => {
    expect(readme).to.contain(TABLE_START).and.to.contain(TABLE_END);
    expect(withConfigTable(readme), 'README.md is stale: run npx tsx scripts/config-table.ts').to.equal(readme);
  });

  it('documents every key the codec accepts, and no other', () => {
    expect(Object.keys(CONFIG_KEYS).sort()).to.deep.equal(Object.keys(ConfigFile.type.props).sort());
  });

  it('says for every key whether a task label may set it, or why not', () => {
    expect(unclassifiedKeys()).to.be.empty;
  });

  it('shows defaults that the codec reads back as the real defaults', () => {
    const written = ['kill_grace_period', 'launch_timeout', 'unhealthy', 'unhealthy_grace', 'acknowledgement_wait', 'reconcile_interval', 'docker_timeout', 'event_log', 'executor_log', 'encoding'] as const;
    const numbers = ['container_log_max_bytes', 'container_log_files', 'max_record_bytes'] as const;
    const document: Record<string, unknown> = {};
    for (const key of written) document[key] = CONFIG_KEYS[key].default(DEFAULT_CONFIG);
    for (const key of numbers) document[key] = Number(CONFIG_KEYS[key].default(DEFAULT_CONFIG));
    const cleanup = CONFIG_KEYS.cleanup.default(DEFAULT_CONFIG)!;
    document.cleanup = Object.fromEntries(cleanup.split(', ').map((pair) => pair.split(': ')));

    const read = configFrom('README', document);

    expect(read).to.deep.equal({ ok: true, config: DEFAULT_CONFIG });
  });

  it('changes when a default changes', () => {
    expect(configTable({ ...DEFAULT_CONFIG, launchTimeoutMs: 90_000 })).to.contain('| `launch_timeout` | duration | `90secs` |');
  });
});
