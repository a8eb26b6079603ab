import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The TypeScript files under `src/`, by path relative to the repository, with what each imports. */
export const SRC = path.resolve(new URL('../../src', import.meta.url).pathname);

export interface SourceFile {
  /** `src/machines/pod.ts`. */
  file: string;
  text: string;
  /** Every module specifier it imports or re-exports, dynamic imports included, as written. */
  specifiers: string[];
  /** The `src/` files it loads when it runs, resolved: type-only imports are erased, so they load nothing. */
  imports: string[];
}

let read: SourceFile[] | undefined;

/** Read once a run: the specs only look. */
export function sourceFiles(): SourceFile[] {
  read ??= readSources();
  return read;
}

function readSources(): SourceFile[] {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join('src', name))
    .sort();
  const known = new Set(files);
  return files.map((file) => {
    const text = readFileSync(path.resolve(SRC, '..', file), 'utf8');
    const { specifiers, loaded } = importsOf(file, text);
    const imports = loaded
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => path.join(path.dirname(file), specifier).replace(/\.js$/, '.ts'))
      .filter((resolved) => known.has(resolved));
    return { file, text, specifiers, imports: [...new Set(imports)] };
  });
}

/** The import cycles among `files`: each strongly connected set of two or more files, or a file that imports itself. */
export function importCycles(files: readonly SourceFile[]): string[][] {
  const edges = new Map(files.map((source) => [source.file, source.imports]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next);
    next++;
    stack.push(file);
    onStack.add(file);
    for (const target of edges.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const members: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      members.push(member);
    } while (member !== file);
    if (members.length > 1 || (edges.get(file) ?? []).includes(file)) cycles.push(members.sort());
  };
  for (const source of files) if (!index.has(source.file)) visit(source.file);
  return cycles;
}

function importsOf(file: string, text: string): { specifiers: string[]; loaded: string[] } {
  const specifiers: string[] = [];
  const loaded: string[] = [];
  const add = (node: ts.Expression | undefined, typeOnly: boolean) => {
    if (!node || !ts.isStringLiteral(node)) return;
    specifiers.push(node.text);
    if (!typeOnly) loaded.push(node.text);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const allTypes = clause !== undefined && (clause.isTypeOnly || (!clause.name && bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((element) => element.isTypeOnly)));
      add(node.moduleSpecifier, allTypes);
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal as ts.Expression, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true));
  return { specifiers, loaded };
}
