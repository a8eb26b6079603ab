import * as t from 'io-ts';
import { decoder, expected, isMapping } from './valueCodecs.js';

type Fields = Record<string, t.Type<any, any, unknown>>;
export type Decoded<F extends Fields> = { [K in keyof F]?: t.TypeOf<F[K]> };

export interface KeyRules {
  /** Keys Compose knows that we do not run yet; each maps to its message. */
  readonly unsupported?: Readonly<Record<string, string>>;
  /** Keys Compose knows that mean nothing on Mesos: dropped here, reported as warnings by `ignoredKeyWarnings`. */
  readonly ignored?: Readonly<Record<string, string>>;
  /** Keys that must be present, each with the message when missing. */
  readonly required?: Readonly<Record<string, string>>;
}

/**
 * A compose mapping with fixed keys. Every key is accounted for: decoded,
 * reported unsupported, or reported unknown. `x-` keys are Compose's
 * extension fields, there to hold YAML anchors, so they are skipped.
 */
export const keyedMapping = <F extends Fields>(what: string, fields: F, rules: KeyRules = {}): t.Type<Decoded<F>, Decoded<F>, unknown> =>
  decoder<Decoded<F>>(what, (u, c) => {
    if (!isMapping(u)) return expected(what, u, c);
    const decoded: Record<string, unknown> = {};
    const errors: t.Errors = [];
    const failAt = (key: string, value: unknown, message: string): void => {
      errors.push({ value, context: [...c, { key, type: t.unknown, actual: value }], message });
    };
    for (const [key, value] of Object.entries(u)) {
      const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
      if (field !== undefined) {
        const result = field.validate(value, [...c, { key, type: field, actual: value }]);
        if (result._tag === 'Left') errors.push(...result.left);
        else decoded[key] = result.right;
      } else if (rules.ignored !== undefined && Object.hasOwn(rules.ignored, key)) {
        continue;
      } else if (rules.unsupported !== undefined && Object.hasOwn(rules.unsupported, key)) {
        failAt(key, value, rules.unsupported[key] ?? 'not supported yet');
      } else if (!key.startsWith('x-')) {
        failAt(key, value, 'unknown key');
      }
    }
    for (const [key, message] of Object.entries(rules.required ?? {})) {
      if (!Object.hasOwn(u, key)) failAt(key, undefined, message);
    }
    return errors.length > 0 ? t.failures(errors) : t.success(decoded as Decoded<F>);
  });
