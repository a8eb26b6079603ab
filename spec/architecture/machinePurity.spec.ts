import { builtinModules } from 'node:module';
import { expect } from 'chai';
import ts from 'typescript';
import { sourceFiles, type SourceFile } from './sourceImports.js';

/**
 * `src/machines/` is the pure core: a recorded log replays to the same
 * commands only while it does no I/O and reads no clock, randomness or
 * environment. This holds it to that.
 */

const builtins = new Set(builtinModules);
const isNodeModule = (specifier: string) => specifier.startsWith('node:') || builtins.has(specifier.split('/')[0]!);
/** Folders of `src/` that do I/O: the machines never reach them, even through another file. */
const EFFECT_FOLDERS = ['src/adapters/', 'src/agent/', 'src/cli/', 'src/streams/', 'src/runtime/'];
/** What a pure fold must never name: the clock, timers, randomness, the process's environment. */
const IMPURE_NAMES = ['Date', 'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'performance', 'process', 'crypto', 'fetch', 'require'];

const files = sourceFiles();
const machines = files.filter((source) => source.file.startsWith('src/machines/'));

/** The names a file uses in its code, comments and strings left out. */
function impureUses(source: SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && IMPURE_NAMES.includes(node.text)) {
      const parent = node.parent;
      // `context.process`, `{ process: ... }`: a field of our own data that happens to share a name.
      const ownField = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node) || ts.isPropertySignature(parent);
      if (!ownField) found.push(`${source.file}: ${node.text} (line ${ts.getLineAndCharacterOfPosition(node.getSourceFile(), node.getStart()).line + 1})`);
    }
    if (ts.isPropertyAccessExpression(node) && node.expression.getText() === 'Math' && node.name.text === 'random') found.push(`${source.file}: Math.random`);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(source.file, source.text, ts.ScriptTarget.Latest, true));
  return found;
}

describe('the purity of src/machines', () => {
  it('finds the machines to check', () => {
    expect(machines.map((source) => source.file)).to.include.members(['src/machines/pod.ts', 'src/machines/decider.ts', 'src/machines/executor.ts']);
  });

  it('imports no Node module, no dockerode and no folder that does I/O', () => {
    const wrong = machines.flatMap((source) =>
      source.specifiers
        .filter((specifier) => isNodeModule(specifier) || specifier.startsWith('dockerode') || EFFECT_FOLDERS.some((folder) => specifier.includes(`../${folder.slice(4)}`)))
        .map((specifier) => `${source.file} imports ${specifier}`),
    );
    expect(wrong).to.deep.equal([]);
  });

  it('loads no file that does I/O, not even through another file', () => {
    const byFile = new Map(files.map((source) => [source.file, source]));
    const reached = new Map<string, string>();
    const queue = machines.map((source) => source.file);
    for (const file of queue) {
      for (const target of byFile.get(file)?.imports ?? []) {
        if (reached.has(target)) continue;
        reached.set(target, file);
        queue.push(target);
      }
    }
    const wrong = [...reached].filter(([file]) => EFFECT_FOLDERS.some((folder) => file.startsWith(folder))).map(([file, by]) => `${file}, loaded by ${by}`);
    const dockerode = [...reached.keys()].filter((file) => byFile.get(file)?.specifiers.some((specifier) => specifier.startsWith('dockerode'))).map((file) => `${file} imports dockerode`);
    expect([...wrong, ...dockerode]).to.deep.equal([]);
  });

  it('names no clock, timer, randomness or environment', () => {
    expect(machines.flatMap(impureUses)).to.deep.equal([]);
  });

  it('would see a machine that reads the clock or the environment', () => {
    const text = 'export const now = () => Date.now();\nexport const home = process.env.HOME;\nexport const roll = Math.random();\nsetTimeout(() => {}, 1);\n';
    const uses = impureUses({ file: 'src/machines/impure.ts', text, specifiers: [], imports: [] });
    expect(uses.map((use) => use.replace(/ \(line \d+\)/, ''))).to.deep.equal([
      'src/machines/impure.ts: Date',
      'src/machines/impure.ts: process',
      'src/machines/impure.ts: Math.random',
      'src/machines/impure.ts: setTimeout',
    ]);
  });
});
