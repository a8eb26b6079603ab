import * as E from 'fp-ts/lib/Either.js';
import { composeError, type ComposeError, describeValue } from './composeError.js';
import { interpolateText } from './interpolate.js';
import { setOwn } from './ownRecord.js';

const line = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/;

const unquote = (raw: string): string | undefined => {
  if (raw.startsWith("'")) return raw.length > 1 && raw.endsWith("'") ? raw.slice(1, -1) : undefined;
  if (raw.startsWith('"')) {
    if (raw.length < 2 || !raw.endsWith('"')) return undefined;
    return raw.slice(1, -1).replace(/\\([nrt"\\])/g, (_, ch: string) => ({ n: '\n', r: '\r', t: '\t' })[ch] ?? ch);
  }
  // An unquoted value ends where a comment starts.
  return raw.replace(/\s+#.*$/, '');
};

/**
 * A Compose `.env` file: `KEY=VALUE` lines, `#` comments, optional quotes
 * and `export`. Values outside single quotes are interpolated as Compose
 * does: from `lookup` (the task's environment) first, then the lines above.
 */
export const parseDotEnv = (file: string, text: string, lookup: Readonly<Record<string, string>> = {}): E.Either<ComposeError[], Record<string, string>> => {
  const values: Record<string, string> = {};
  const errors: ComposeError[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (/^\s*(#.*)?$/.test(raw)) return;
    const match = line.exec(raw);
    const value = match === null ? undefined : unquote(match[2] ?? '');
    if (match === null || value === undefined) {
      errors.push(composeError(file, `line ${i + 1}`, `expected KEY=VALUE, got ${describeValue(raw)}`));
      return;
    }
    const literal = (match[2] ?? '').startsWith("'");
    const expanded = literal ? E.right(value) : interpolateText(value, { ...values, ...lookup });
    if (expanded._tag === 'Left') errors.push(composeError(file, `line ${i + 1}`, expanded.left));
    else setOwn(values, match[1] ?? '', expanded.right);
  });
  return errors.length > 0 ? E.left(errors) : E.right(values);
};
