import * as E from 'fp-ts/lib/Either.js';
import { composeError, type ComposeError } from './composeError.js';
import { parseDotEnv } from './dotEnv.js';
import type { ComposeModel, ServiceModel } from './model.js';
import { setOwn } from './ownRecord.js';

/** An env file as the sandbox gave it: its text, or why there is none. */
export type EnvFileText = { readonly text: string } | { readonly missing: string };

/** Every env file the services name, each once, in the order they are named. */
export const envFilePaths = (model: ComposeModel): string[] => [
  ...new Set(Object.values(model.services).flatMap((service) => (service.envFiles ?? []).map((ref) => ref.path))),
];

/** `format: raw`: `KEY=VALUE` lines taken as written, as Compose reads them. */
const rawEnv = (text: string): Record<string, string> => {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq > 0 && !line.startsWith('#')) setOwn(values, line.slice(0, eq), line.slice(eq + 1));
  }
  return values;
};

/**
 * Folds each service's env files into its environment: later files win over
 * earlier ones, and `environment` wins over them all, as in Compose. An
 * optional file (`required: false`) that is missing is skipped.
 */
export const applyEnvFiles = (model: ComposeModel, texts: Readonly<Record<string, EnvFileText>>, file: string, env: Readonly<Record<string, string>> = {}): E.Either<ComposeError[], ComposeModel> => {
  const errors: ComposeError[] = [];
  const services: Record<string, ServiceModel> = {};
  for (const [name, service] of Object.entries(model.services)) {
    const { envFiles, ...rest } = service;
    const fromFiles: Record<string, string | null> = {};
    (envFiles ?? []).forEach((ref, i) => {
      const read = Object.hasOwn(texts, ref.path) ? texts[ref.path] : { missing: 'not read' };
      if (read === undefined || 'missing' in read) {
        if (ref.required) errors.push(composeError(file, `services.${name}.env_file[${i}]`, `${ref.path}: ${read?.missing ?? 'not read'}`));
        return;
      }
      const parsed = ref.raw === true ? E.right(rawEnv(read.text)) : parseDotEnv(ref.path, read.text, env);
      if (parsed._tag === 'Left') errors.push(...parsed.left);
      else for (const [key, value] of Object.entries(parsed.right)) setOwn(fromFiles, key, value);
    });
    setOwn(services, name, { ...rest, environment: { ...fromFiles, ...service.environment } });
  }
  return errors.length > 0 ? E.left(errors) : E.right({ ...model, services });
};
