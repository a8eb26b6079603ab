import { expect } from 'chai';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { configFrom, readExecutorConfig } from '../../src/config/executorConfig.js';
import { SUITE_TIMEOUT_MS, nestedJson, runs, withinBudget } from './fuzzRuns.js';
import { jsonInputs } from './jsonMutations.js';

const validConfigs = [
  {},
  {
    kill_grace_period: '3secs',
    acknowledgement_wait: '10secs',
    event_log: 'events.jsonl',
    executor_log: 'executor.log',
    container_log_max_bytes: 1048576,
    container_log_files: 3,
    encoding: 'protobuf',
    max_record_bytes: 4096,
    launch_timeout: '5mins',
    unhealthy: 'report',
    unhealthy_grace: '30secs',
    reconcile_interval: '10secs',
    policy: { privileged: 'deny', host_network: 'allow', cap_add: ['NET_ADMIN'], devices: 'deny', registries: ['registry.local:5000'] },
    infra_container: { image: 'registry.local:5000/pause:3.9', command: ['/pause'] },
  },
];

describe('the executor config, fuzzed', function () {
  this.timeout(SUITE_TIMEOUT_MS);
  it('reads any document, and every near-valid config, into a config or errors naming the file and key', () => {
    fc.assert(
      fc.property(jsonInputs(validConfigs), (document) => {
        const result = withinBudget('an executor config', () => configFrom('executor.yml', document));
        if (!result.ok) {
          expect(result.errors).to.not.be.empty;
          for (const error of result.errors) expect(error).to.match(/^executor\.yml: /);
        }
      }),
      runs(400),
    );
  });

  it('reads any YAML file the operator may write into a config or errors naming the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'executor-config-'));
    const file = path.join(dir, 'executor.yml');
    const near = fc.tuple(fc.constantFrom(stringify(validConfigs[1]), 'a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c, *c, *c]\n', '%TAG ! tag:x,2024:\n--- !foo\npolicy: !!binary x\n'), fc.nat(), fc.string({ maxLength: 8 })).map(([text, at, extra]) => text.slice(0, at % (text.length + 1)) + extra + text.slice(at % (text.length + 1)));
    try {
      fc.assert(
        fc.property(fc.oneof(fc.string({ maxLength: 300 }), near), (text) => {
          writeFileSync(file, text);
          const result = withinBudget('an executor config file', () => readExecutorConfig(file));
          if (!result.ok) for (const error of result.errors) expect(error.startsWith(`${file}: `), error).to.equal(true);
        }),
        runs(300),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a YAML warning instead of printing it and going on', () => {
    // Found by fuzzing: yaml's parse() printed "Unresolved tag" to stderr and the config was taken without the value.
    const dir = mkdtempSync(path.join(tmpdir(), 'executor-config-'));
    const file = path.join(dir, 'executor.yml');
    writeFileSync(file, 'kill_grace_period: !secs 3\n');
    try {
      expect(readExecutorConfig(file)).to.deep.equal({ ok: false, errors: [`${file}: Unresolved tag: !secs`] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a key that only an object prototype knows', () => {
    // Found by fuzzing: `key in props` let constructor, toString and __proto__ pass as known keys and be dropped silently.
    const result = configFrom('executor.yml', JSON.parse('{"constructor": 1, "toString": "x", "__proto__": {"policy": 1}}'));
    expect(result.ok).to.equal(false);
    expect(!result.ok && result.errors.map((error) => error.split(' (known')[0])).to.deep.equal(['executor.yml: constructor: unknown key', 'executor.yml: toString: unknown key', 'executor.yml: __proto__: unknown key']);
  });

  it('answers a deeply nested policy with an error, not a stack overflow', () => {
    const result = configFrom('executor.yml', JSON.parse(`{"policy": {"registries": ${nestedJson(50_000, '"docker.io"')}}}`));
    expect(result.ok).to.equal(false);
  });
});
