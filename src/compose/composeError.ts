import type * as t from 'io-ts';

/** A mistake in the user's compose files, located by file and key path. */
export interface ComposeError {
  /** The file as the user named it, relative to the sandbox. */
  readonly file: string;
  /** Key path such as `services.web.ports[1]`; empty for the whole file. */
  readonly path: string;
  readonly message: string;
}

export const composeError = (file: string, path: string, message: string): ComposeError => ({ file, path, message });

/** `docker-compose.yml: services.web.image: expected a string, got 42` */
export const formatComposeError = (error: ComposeError): string =>
  error.path === '' ? `${error.file}: ${error.message}` : `${error.file}: ${error.path}: ${error.message}`;

/** How a value the user wrote reads in a message: strings quoted, collections named. */
export const describeValue = (u: unknown): string => {
  if (u === undefined) return 'nothing';
  if (u === null) return 'null';
  if (Array.isArray(u)) return 'a list';
  if (typeof u === 'object') return 'a mapping';
  // A file may hold megabytes in one value; the message goes into a status update, so it shows the start only.
  if (typeof u === 'string') return u.length > 80 ? `${JSON.stringify(u.slice(0, 60))}... (${u.length} characters)` : JSON.stringify(u);
  return String(u);
};

/** Joins an io-ts context into a compose key path: `services.web.ports[1]`. */
export const contextPath = (context: t.Context): string => {
  let path = '';
  for (let i = 1; i < context.length; i++) {
    const entry = context[i];
    if (entry === undefined) continue;
    path += Array.isArray(context[i - 1]?.actual) ? `[${entry.key}]` : path === '' ? entry.key : `.${entry.key}`;
  }
  return path;
};

/**
 * Our codecs attach a full message to every failure; the fallback only
 * guards against a codec that forgot, so io-ts's own report never shows.
 */
export const reportValidation = (file: string, errors: t.Errors): ComposeError[] =>
  errors.map((error) =>
    composeError(
      file,
      contextPath(error.context),
      error.message ?? `expected ${error.context[error.context.length - 1]?.type.name ?? 'something else'}, got ${describeValue(error.value)}`,
    ),
  );
