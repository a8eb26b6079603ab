import fc from 'fast-check';

/**
 * Near-valid inputs: a valid JSON document with one place changed, removed,
 * retyped, nested deeply or blown up, the way a buggy or hostile peer sends it.
 */

type Json = unknown;
type Path = Array<string | number>;

/** Every place in a document, the root included. */
export function placesOf(value: Json, at: Path = []): Path[] {
  if (Array.isArray(value)) return [at, ...value.flatMap((item, i) => placesOf(item, [...at, i]))];
  if (value !== null && typeof value === 'object') return [at, ...Object.entries(value).flatMap(([key, item]) => placesOf(item, [...at, key]))];
  return [at];
}

function replaced(value: Json, path: Path, change: (old: Json) => Json | undefined): Json {
  if (path.length === 0) return change(value);
  const [key, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    const next = replaced(copy[key as number], rest, change);
    if (next === undefined && rest.length === 0) copy.splice(key as number, 1);
    else copy[key as number] = next;
    return copy;
  }
  const copy = { ...(value as Record<string, Json>) };
  const next = replaced(copy[key as string], rest, change);
  if (next === undefined && rest.length === 0) delete copy[key as string];
  else copy[key as string] = next;
  return copy;
}

/** What a mutation puts in place of the old value; `undefined` removes the key. */
const changes: fc.Arbitrary<(old: Json) => Json | undefined> = fc.oneof(
  fc.constant(() => undefined),
  fc.constant(() => null),
  fc.jsonValue({ maxDepth: 3 }).map((json) => () => json),
  fc.constantFrom<Json>(0, -1, 1.5, 1e308, '', 'x', true, [], {}, ['a'], { value: 1 }).map((json) => () => json),
  fc.integer({ min: 100, max: 400 }).map((depth) => () => deeplyNested(depth)),
  fc.constant(() => 'x'.repeat(200_000)),
  fc.constant((old: Json) => (typeof old === 'string' ? Number(old) || 7 : typeof old === 'number' ? String(old) : Array.isArray(old) ? Object.fromEntries(old.entries()) : old !== null && typeof old === 'object' ? Object.values(old) : [old])),
  fc.constant((old: Json) => (old !== null && typeof old === 'object' && !Array.isArray(old) ? { ...old, __proto__x: 1, constructor: 'x', unexpected_key: { a: [1] } } : old)),
);

export function deeplyNested(depth: number): Json {
  let value: Json = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

/** A valid document with one to three places changed. */
export function mutationsOf(valid: Json): fc.Arbitrary<Json> {
  return fc.array(fc.tuple(fc.nat(), changes), { minLength: 1, maxLength: 3 }).map((steps) =>
    steps.reduce((document, [pick, change]) => {
      const places = placesOf(document);
      return replaced(document, places[pick % places.length] ?? [], change);
    }, valid),
  );
}

/** Arbitrary JSON values, and near-valid ones from each of `valid`. */
export function jsonInputs(valid: readonly Json[]): fc.Arbitrary<Json> {
  return fc.oneof({ weight: 1, arbitrary: fc.jsonValue({ maxDepth: 6 }) }, { weight: 4, arbitrary: fc.constantFrom(...valid).chain(mutationsOf) });
}
