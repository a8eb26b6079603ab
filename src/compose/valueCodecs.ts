import * as t from 'io-ts';
import { describeValue } from './composeError.js';
import { parseDuration } from './goDuration.js';
import { setOwn } from './ownRecord.js';

/**
 * The building blocks of the compose codecs. Each failure carries its whole
 * message ("expected X, got Y"), so the report never falls back to io-ts's.
 */

export const expected = (what: string, u: unknown, c: t.Context): t.Validation<never> =>
  t.failure(u, c, `expected ${what}, got ${describeValue(u)}`);

/** A decoder that never encodes back: compose files are only read. */
export const decoder = <A>(name: string, validate: (u: unknown, c: t.Context) => t.Validation<A>): t.Type<A, A, unknown> =>
  new t.Type<A, A, unknown>(name, (u): u is A => validate(u, [])._tag === 'Right', validate, t.identity);

export const isMapping = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

export const text = decoder<string>('a string', (u, c) => (typeof u === 'string' ? t.success(u) : expected('a string', u, c)));

export const flag = decoder<boolean>('true or false', (u, c) =>
  typeof u === 'boolean' ? t.success(u) : expected('true or false', u, c),
);

export const count = decoder<number>('a whole number', (u, c) =>
  typeof u === 'number' && Number.isInteger(u) && u >= 0 ? t.success(u) : expected('a whole number', u, c),
);

/** Milliseconds. */
export const duration = decoder<number>('a duration', (u, c) => {
  const ms = typeof u === 'string' ? parseDuration(u) : undefined;
  return ms === undefined ? expected('a duration like 10s or 1m30s', u, c) : t.success(ms);
});

/** One of a few words, e.g. a depends_on condition. */
export const oneOf = <W extends string>(words: readonly W[]): t.Type<W, W, unknown> => {
  const what = words.length === 1 ? String(words[0]) : `${words.slice(0, -1).join(', ')} or ${String(words[words.length - 1])}`;
  return decoder<W>(what, (u, c) => (words.includes(u as W) ? t.success(u as W) : expected(what, u, c)));
};

/** A list whose items are decoded one by one, every bad item reported. */
export const list = <A>(item: t.Type<A, A, unknown>, what = `a list`): t.Type<A[], A[], unknown> =>
  decoder<A[]>(what, (u, c) => {
    if (!Array.isArray(u)) return expected(what, u, c);
    const items: A[] = [];
    const errors: t.Errors = [];
    u.forEach((value, i) => {
      const result = item.validate(value, [...c, { key: String(i), type: item, actual: value }]);
      if (result._tag === 'Left') errors.push(...result.left);
      else items.push(result.right);
    });
    return errors.length > 0 ? t.failures(errors) : t.success(items);
  });

/** A mapping from user-chosen names (services, labels) to decoded values. */
export const namedMapping = <A>(
  value: t.Type<A, A, unknown>,
  what: string,
  checkName: (name: string) => string | undefined = () => undefined,
): t.Type<Record<string, A>, Record<string, A>, unknown> =>
  decoder<Record<string, A>>(what, (u, c) => {
    if (!isMapping(u)) return expected(what, u, c);
    const decoded: Record<string, A> = {};
    const errors: t.Errors = [];
    for (const [name, v] of Object.entries(u)) {
      const at: t.Context = [...c, { key: name, type: value, actual: v }];
      const badName = checkName(name);
      if (badName !== undefined) {
        errors.push({ value: name, context: at, message: badName });
        continue;
      }
      const result = value.validate(v, at);
      if (result._tag === 'Left') errors.push(...result.left);
      else setOwn(decoded, name, result.right);
    }
    return errors.length > 0 ? t.failures(errors) : t.success(decoded);
  });

const byteUnits: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** A size in bytes as Compose writes it: `67108864`, `64m`, `1.5g`, `512kb`. */
export const byteSize = decoder<number>('a size', (u, c) => {
  if (typeof u === 'number' && Number.isInteger(u) && u >= 0) return t.success(u);
  const match = typeof u === 'string' ? /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(u) : null;
  const unit = byteUnits[match?.[2]?.toLowerCase() ?? 'none'];
  return match === null || unit === undefined ? expected('a size like 64m, 1g or a number of bytes', u, c) : t.success(Math.round(Number(match[1]) * unit));
});

/** Keys like `dns` take one string or a list of them. */
export const oneOrMore = (what: string): t.Type<string[], string[], unknown> =>
  decoder<string[]>(what, (u, c) => (typeof u === 'string' ? t.success([u]) : Array.isArray(u) ? list(text).validate(u, c) : expected(`${what} or a list of them`, u, c)));

export const nonEmptyText = (what: string): t.Type<string, string, unknown> =>
  decoder<string>(what, (u, c) => (typeof u === 'string' && u.trim() !== '' ? t.success(u) : expected(what, u, c)));
