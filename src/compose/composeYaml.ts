import * as E from 'fp-ts/lib/Either.js';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, Scalar, visit, YAMLMap, YAMLSeq, type Node, type ScalarTag, type Tags, type YAMLError } from 'yaml';
import { composeError, type ComposeError } from './composeError.js';
import { isMapping } from './valueCodecs.js';

/** Enough for real anchors, far too few for a "billion laughs" document. */
const maxAliasCount = 100;

/** The service key under which a document tells the merge which keys `!reset` or `!override` replace whole. */
export const MERGE_RESET_KEY = 'x-compose-executor-reset';

const resetMark = '\u0000reset';
const overrideMark = '\u0000override';

const syntaxError = (file: string, lines: LineCounter, error: YAMLError): ComposeError => {
  const { line, col } = lines.linePos(error.pos[0]);
  return composeError(file, '', `YAML syntax error at line ${line}, column ${col}: ${error.message}`);
};

/** compose-spec's merge tags, on scalars, mappings and lists alike. */
const mergeTags = ['!reset', '!override'].flatMap((tag) => [
  { tag, collection: 'map' as const, nodeClass: YAMLMap },
  { tag, collection: 'seq' as const, nodeClass: YAMLSeq },
  { tag, resolve: (value: string) => value },
]);

/**
 * Numbers as Compose (go-yaml v3) reads them: the yaml-1.1 schema's integers
 * (`0755` octal, `0x10`, `0b1`, `1_000`) and floats, with 1.2's `0o17` too;
 * but booleans only `true`/`false` (`yes` stays a string) and no sexagesimal
 * numbers or timestamps (`80:80` and `2024-01-01` stay strings).
 */
const composeTags = (tags: Tags): Tags => [
  ...tags
    .filter((tag) => typeof tag === 'string' || (tag.tag !== 'tag:yaml.org,2002:bool' && tag.tag !== 'tag:yaml.org,2002:timestamp' && tag.format !== 'TIME'))
    // The schema's float takes a lone `.` (a bind source) for NaN; a float needs a digit.
    .map((tag) => (typeof tag !== 'string' && !('collection' in tag && tag.collection !== undefined) && tag.tag === 'tag:yaml.org,2002:float' && tag.test?.test('.') === true ? { ...(tag as ScalarTag), test: /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)$/ } : tag)),
  'bool',
  'intOct',
  ...mergeTags,
];

/**
 * Applies `!reset` (the key is gone) and `!override` (the value replaces
 * the earlier one whole) within a document; a service records the keys so
 * the merge with earlier files and `extends` bases does not bring them back.
 */
const withMergeControl = (value: unknown, path: readonly string[] = []): unknown => {
  if (Array.isArray(value)) return value.filter((item) => item !== resetMark).map((item) => withMergeControl(item, path));
  if (!isMapping(value)) return value;
  if (Object.keys(value).length === 1 && Object.hasOwn(value, overrideMark)) return withMergeControl(value[overrideMark], path);
  const out: Record<string, unknown> = {};
  const replaced: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === resetMark) replaced.push(key);
    else {
      if (isMapping(item) && Object.keys(item).length === 1 && Object.hasOwn(item, overrideMark)) replaced.push(key);
      out[key] = withMergeControl(item, [...path, key]);
    }
  }
  if (path.length === 2 && path[0] === 'services' && replaced.length > 0) out[MERGE_RESET_KEY] = replaced;
  return out;
};

/**
 * Keys that YAML reads as numbers, booleans or null (`123:`, `1: FOO`),
 * refused as Compose refuses them, wherever they are; quoted they are names.
 */
const nonStringKeys = (file: string, node: unknown, path = ''): ComposeError[] => {
  if (isSeq(node)) return node.items.flatMap((item, i) => nonStringKeys(file, item, `${path}[${i}]`));
  if (!isMap(node)) return [];
  return node.items.flatMap((pair) => {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    const here = path === '' ? String(key) : `${path}.${String(key)}`;
    // The `<<` merge key reads as a symbol; it stays.
    return isScalar(pair.key) && (key === null || ['number', 'bigint', 'boolean'].includes(typeof key))
      ? [composeError(file, path, `non-string key ${String(key)}: Compose refuses a key YAML reads as ${key === null ? 'null' : `a ${typeof key}`}; quote it ("${String(key)}") to make it a name`)]
      : nonStringKeys(file, pair.value as Node | null, here);
  });
};

/**
 * A compose file as Compose reads it (see composeTags), each YAML document
 * of it in order, with `<<` merge keys, `!reset`/`!override`, duplicate
 * and non-string keys refused and aliases bounded.
 */
export const parseComposeYaml = (file: string, text: string): E.Either<ComposeError[], unknown[]> => {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { schema: 'yaml-1.1', customTags: composeTags, merge: true, uniqueKeys: true, prettyErrors: false, lineCounter: lines });
  const all = Array.from(documents);
  const problems = all.flatMap((document) => [...document.errors, ...document.warnings]);
  if (problems.length > 0) return E.left(problems.map((error) => syntaxError(file, lines, error)));
  const keyErrors = all.flatMap((document) => nonStringKeys(file, document.contents));
  if (keyErrors.length > 0) return E.left(keyErrors);
  try {
    const values = all.map((document) => {
      visit(document, {
        Node(_key, node) {
          if (node.tag === '!reset') return new Scalar(resetMark);
          if (node.tag !== '!override') return undefined;
          node.tag = undefined;
          const wrapper = new YAMLMap();
          wrapper.set(overrideMark, node);
          return wrapper;
        },
      });
      return withMergeControl(document.toJS({ maxAliasCount }));
    });
    const present = values.filter((value) => value !== null && value !== undefined);
    return present.length === 0 ? E.left([composeError(file, '', 'the file is empty: expected a mapping with services')]) : E.right(present);
  } catch (error) {
    // yaml throws here for unresolved aliases and alias bombs, which are the user's mistakes.
    return E.left([composeError(file, '', `YAML error: ${error instanceof Error ? error.message : String(error)}`)]);
  }
};
