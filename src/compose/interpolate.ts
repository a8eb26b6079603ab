import * as E from 'fp-ts/lib/Either.js';
import { composeError, type ComposeError } from './composeError.js';

type Env = Readonly<Record<string, string>>;

const nameAt = /^[A-Za-z_][A-Za-z0-9_]*/;
const nameAfterDollar = /[A-Za-z_][A-Za-z0-9_]*/y;
const operators = [':-', '-', ':?', '?', ':+', '+'] as const;

/** Index of the `}` closing a `${` whose body starts at `from`, skipping nested `${...}`. */
const closingBrace = (text: string, from: number): number => {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '$') i++;
    else if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
};

const braced = (body: string, env: Env, whole: string): E.Either<string, string> => {
  const name = nameAt.exec(body)?.[0];
  if (name === undefined) return E.left(`invalid interpolation in ${JSON.stringify(whole)}: \${${body}} does not start with a variable name`);
  const rest = body.slice(name.length);
  const value = Object.hasOwn(env, name) ? env[name] : undefined;
  if (rest === '') return E.right(value ?? '');
  const op = operators.find((o) => rest.startsWith(o));
  if (op === undefined) return E.left(`invalid interpolation in ${JSON.stringify(whole)}: unexpected ${JSON.stringify(rest)} after ${name}`);
  const arg = () => interpolateText(rest.slice(op.length), env);
  const missing = op.startsWith(':') ? value === undefined || value === '' : value === undefined;
  switch (op) {
    case ':-':
    case '-':
      return missing ? arg() : E.right(value ?? '');
    case ':?':
    case '?':
      if (!missing) return E.right(value ?? '');
      return E.chain((why: string) => E.left(`required variable ${name} is missing a value${why === '' ? '' : `: ${why}`}`))(arg());
    case ':+':
    case '+':
      return missing ? E.right('') : arg();
  }
};

/**
 * Compose's variable syntax in one string: `$VAR`, `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:?err}`, `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}`
 * and `$$` for a dollar. An unset variable reads as empty, as in Compose.
 */
export const interpolateText = (text: string, env: Env): E.Either<string, string> => {
  // Plain runs between dollars are copied whole: a 2 MB value costs a few slices, not two million appends.
  const parts: string[] = [];
  let from = 0;
  for (let i = text.indexOf('$'); i >= 0; i = text.indexOf('$', from)) {
    parts.push(text.slice(from, i));
    const next = text[i + 1];
    if (next === '$') {
      parts.push('$');
      from = i + 2;
    } else if (next === '{') {
      const close = closingBrace(text, i + 2);
      if (close < 0) return E.left(`invalid interpolation in ${JSON.stringify(text)}: \${ is never closed`);
      const value = braced(text.slice(i + 2, close), env, text);
      if (value._tag === 'Left') return value;
      parts.push(value.right);
      from = close + 1;
    } else {
      nameAfterDollar.lastIndex = i + 1;
      const name = nameAfterDollar.exec(text)?.[0];
      if (name === undefined) return E.left(`invalid interpolation in ${JSON.stringify(text)}: a lone $; write $$ for a literal dollar`);
      parts.push(Object.hasOwn(env, name) ? (env[name] ?? '') : '');
      from = i + 1 + name.length;
    }
  }
  parts.push(text.slice(from));
  return E.right(parts.join(''));
};

const walk = (value: unknown, path: string, env: Env, file: string, errors: ComposeError[]): unknown => {
  if (typeof value === 'string') {
    const result = interpolateText(value, env);
    if (result._tag === 'Right') return result.right;
    errors.push(composeError(file, path, result.left));
    return value;
  }
  if (Array.isArray(value)) return value.map((item, i) => walk(item, `${path}[${i}]`, env, file, errors));
  if (typeof value === 'object' && value !== null) {
    // Keys stay as written: Compose interpolates values only.
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, walk(v, path === '' ? key : `${path}.${key}`, env, file, errors)]));
  }
  return value;
};

/** Interpolates every string value of a parsed compose document, reporting every bad one. */
export const interpolateDocument = (file: string, document: unknown, env: Env): E.Either<ComposeError[], unknown> => {
  const errors: ComposeError[] = [];
  const result = walk(document, '', env, file, errors);
  return errors.length > 0 ? E.left(errors) : E.right(result);
};
