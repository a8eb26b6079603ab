import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';

/** A member of a tagged union: `{ type: T, ...fields }`, optional fields allowed. */
export function variant<T extends string, P extends t.Props, O extends t.Props = {}>(
  type: T,
  required: P,
  optional?: O,
) {
  return t.intersection([t.type({ type: t.literal(type), ...required }), t.partial(optional ?? ({} as O))]);
}

/** A readable one-line reason for an io-ts failure: the path that failed, what it expected, what it got. */
export function describeErrors(errors: t.Errors, limit = 5): string {
  const lines = errors.slice(0, limit).map((error) => {
    const path = errorPath(error.context);
    const expected = error.context[error.context.length - 1]?.type.name ?? 'a value';
    return error.message ?? `${path || '(root)'}: expected ${expected}, got ${preview(error.value)}`;
  });
  const more = errors.length > limit ? ` (and ${errors.length - limit} more)` : '';
  return lines.join('; ') + more;
}

/** `a.b[2].c`: the keys of a failed value, leaving out the members of unions and intersections. */
export function errorPath(context: t.Context): string {
  let path = '';
  context.forEach((entry, index) => {
    if (index === 0) return;
    const parent = context[index - 1]!.type as { _tag?: string };
    if (parent._tag === 'UnionType' || parent._tag === 'IntersectionType') return;
    path += /^[0-9]+$/.test(entry.key) && parent._tag === 'ArrayType' ? `[${entry.key}]` : `${path ? '.' : ''}${entry.key}`;
  });
  return path;
}

export function preview(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // A value nested past the stack's depth cannot be shown; it must not crash the report of it.
    return 'a value nested too deeply to show';
  }
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export type Decoded<A> = { ok: true; value: A } | { ok: false; message: string };

export function decodeWith<A, O>(codec: t.Type<A, O, unknown>, value: unknown): Decoded<A> {
  const result = codec.decode(value);
  return isLeft(result) ? { ok: false, message: describeErrors(result.left) } : { ok: true, value: result.right };
}
