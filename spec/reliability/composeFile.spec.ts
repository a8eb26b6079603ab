import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import type { ComposeError } from '../../src/compose/composeError.js';
import { loadCompose } from '../../src/compose/load.js';
import { planPod } from '../../src/compose/plan.js';
import { SUITE_TIMEOUT_MS, runs, withinBudget } from './fuzzRuns.js';
import { mutationsOf } from './jsonMutations.js';

const fixture = (name: string) => readFileSync(new URL(`../compose/fixtures/${name}`, import.meta.url), 'utf8');
const env = { DB_PASSWORD: 'pw', WEB_TAG: '1.2' };
const validFiles = [
  fixture('docker-compose.yml'),
  [
    'services:',
    '  web:',
    '    image: registry.local:5000/web:1',
    '    ports: ["8080:80", {target: 443, published: "8443", protocol: tcp}]',
    '    volumes: ["data:/data", "./conf:/etc/app:ro", {type: tmpfs, target: /tmp}]',
    '    environment: {A: "1", B: null}',
    '    healthcheck: {test: [CMD, "true"], interval: 2s}',
    '    deploy: {resources: {limits: {cpus: "0.5", memory: 64m}}}',
    '    networks: [front]',
    '    ulimits: {nofile: {soft: 1024, hard: 2048}}',
    '    profiles: [web]',
    '  worker:',
    '    image: busybox',
    '    command: ["sh", "-c", "sleep 1"]',
    '    depends_on: {web: {condition: service_healthy}}',
    '    network_mode: "service:web"',
    'volumes:',
    '  data: {labels: {tier: db}}',
    'networks:',
    '  front: {}',
    '',
  ].join('\n'),
];
const file = 'docker-compose.yml';
const task = { taskId: 'shop-1', executorId: 'shop-1-executor', labels: {}, ports: [[31000, 31009]] as Array<[number, number]> };

/** Loads and plans one text; throws only if a boundary let an exception escape. */
function loadAndPlan(text: string): ComposeError[] {
  const model = loadCompose([{ name: file, text }], env);
  if (E.isLeft(model)) return model.left;
  const plan = planPod(model.right, task, { fileName: file, sandbox: '/sandbox', profiles: ['web'] });
  return E.isLeft(plan) ? plan.left : [];
}

function expectClearErrors(errors: ComposeError[]): void {
  for (const error of errors) {
    expect(error.file).to.equal(file);
    expect(error.message).to.be.a('string').and.not.equal('');
    expect(error.message).to.not.match(/undefined|\[object Object\]/);
    // The message becomes a status update's: a huge value in the file must not make a huge message.
    expect(error.message.length).to.be.below(1000);
  }
}

const aliasBomb = (levels: number, width: number) =>
  ['services:', '  web:', '    image: x', `    labels: {a0: &a0 "lol"}`, 'x-bomb:', ...Array.from({ length: levels }, (_, i) => `  l${i + 1}: &a${i + 1} [${Array.from({ length: width }, () => `*a${i}`).join(', ')}]`), `  top: *a${levels}`, ''].join('\n');

/** A 2 MB value, escaped dollar first, under a key that is interpolated, split as words, or read as a mapping. */
const hugeValues = ['labels', 'command', 'hostname', 'environment'].map((key) => `services:\n  web:\n    image: x\n    ${key}: "${'$'.repeat(2) + 'x'.repeat(2_000_000)}"\n`);

/** Compose texts as a careless or hostile author writes them. */
const nearValidTexts: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...validFiles).chain((text) => mutationsOf(parse(text, { merge: true })).map((document) => stringify(document) ?? '')),
  fc.tuple(fc.constantFrom(...validFiles), fc.nat(), fc.string({ maxLength: 12 })).map(([text, at, extra]) => text.slice(0, at % text.length) + extra + text.slice(at % text.length)),
  fc.tuple(fc.constantFrom(...validFiles), fc.nat()).map(([text, at]) => text.slice(0, at % text.length)),
  fc.tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 10 })).map(([levels, width]) => aliasBomb(levels, width)),
  fc.integer({ min: 10, max: 3000 }).map((depth) => `services:\n  web:\n    image: x\n    labels: ${'['.repeat(depth)}${']'.repeat(depth)}\n`),
  fc.integer({ min: 10, max: 3000 }).map((depth) => `services:\n  web:\n    image: x\n    environment: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`),
  fc.string({ maxLength: 12 }).map((name) => `services:\n  ${JSON.stringify(name)}:\n    image: ${JSON.stringify(name)}\n    ports: [${JSON.stringify(name)}]\n    volumes: [${JSON.stringify(name)}]\n`),
);

describe('compose files, fuzzed', function () {
  this.timeout(SUITE_TIMEOUT_MS);
  it('loads and plans any text into a pod or errors naming the file, never throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        expectClearErrors(withinBudget('a compose text', () => loadAndPlan(text)));
      }),
      runs(300),
    );
  });

  it('loads and plans every near-valid file, alias bomb and deep nesting within the budget', () => {
    fc.assert(
      fc.property(nearValidTexts, (text) => {
        expectClearErrors(withinBudget('a near-valid compose file', () => loadAndPlan(text)));
      }),
      runs(200),
    );
  });

  it('loads and plans a 2 MB value under any key within the budget', () => {
    // Constants, so once each rather than drawn again and again by the property above.
    const outcomes = hugeValues.map((text) => withinBudget('a 2 MB value', () => loadAndPlan(text)));
    outcomes.forEach(expectClearErrors);
    // The command and hostname take any string; labels and environment want a list or a mapping.
    expect(outcomes.map((errors) => errors.length)).to.deep.equal([1, 0, 0, 1]);
  });

  it('quotes only the start of a huge value in an error', () => {
    // Found by fuzzing: a 2 MB label value came back whole in the error, and so in the TASK_FAILED message.
    const errors = loadAndPlan(`services:\n  web:\n    image: x\n    labels: "${'x'.repeat(2_000_000)}"\n`);
    expect(errors.map((error) => error.message)).to.deep.equal([`expected a list of KEY=VALUE or a mapping, got "${'x'.repeat(60)}"... (2000000 characters)`]);
  });

  it('refuses a billion-laughs document before expanding it', () => {
    const errors = withinBudget('an alias bomb', () => loadAndPlan(aliasBomb(9, 10)));
    expect(errors.map((error) => error.message)).to.deep.equal(['YAML error: Excessive alias count indicates a resource exhaustion attack']);
  });
});
