/**
 * Values of environment variables that look like secrets, masked before a
 * record reaches the event log. A name looks like a secret when it contains
 * one of the words, in any case: `DB_PASSWORD`, `apiKey`, `GITHUB_TOKEN`.
 */

export const DEFAULT_SECRET_WORDS: readonly string[] = ['PASSWORD', 'PASSWD', 'SECRET', 'TOKEN', 'KEY', 'CREDENTIAL', 'PRIVATE'];

/** What a masked value reads as; masking it again changes nothing, so replay compares masked with masked. */
export const MASKED = '*****';

export function looksSecret(name: string, words: readonly string[] = DEFAULT_SECRET_WORDS): boolean {
  const upper = name.toUpperCase();
  return words.some((word) => word !== '' && upper.includes(word.toUpperCase()));
}

/**
 * A copy of `value` with secrets masked wherever an environment is carried:
 * a plan's `environment` mapping (name to value), a build's `args` alike,
 * Mesos's `variables` list of `{name, value}` or `{name, secret}`, as a
 * TaskInfo has, and the `content` of a compose secret written into a
 * container (`{secret: true, content}`), whatever its name.
 */
export function maskSecrets<T>(value: T, words: readonly string[] = DEFAULT_SECRET_WORDS): T {
  return masked(value, undefined, words) as T;
}

function masked(value: unknown, key: string | undefined, words: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => (key === 'variables' ? maskedVariable(item, words) : masked(item, undefined, words)));
  if (value === null || typeof value !== 'object') return value;
  const secretFile = (value as { secret?: unknown }).secret === true;
  return Object.fromEntries(
    Object.entries(value).map(([name, field]) => [
      name,
      (secretFile && name === 'content') || ((key === 'environment' || key === 'args') && typeof field === 'string' && looksSecret(name, words)) ? MASKED : masked(field, name, words),
    ]),
  );
}

function maskedVariable(item: unknown, words: readonly string[]): unknown {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return masked(item, undefined, words);
  const variable = item as Record<string, unknown>;
  if (typeof variable.name !== 'string' || !looksSecret(variable.name, words)) return masked(item, undefined, words);
  return {
    ...variable,
    ...(typeof variable.value === 'string' ? { value: MASKED } : {}),
    // A Mesos Secret carries its value inline (`value.data`) or names where it lives: either is kept out of the log.
    ...(variable.secret !== undefined ? { secret: MASKED } : {}),
  };
}
