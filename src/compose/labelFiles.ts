import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { composeError, type ComposeError } from './composeError.js';
import { parseDotEnv } from './dotEnv.js';
import type { EnvFileText } from './envFiles.js';
import type { ComposeModel, ServiceModel } from './model.js';
import { setOwn } from './ownRecord.js';
import { decoder, expected, list, text } from './valueCodecs.js';

/** `label_file`: one path or a list, each file `KEY=VALUE` lines as an env file. */
export const labelFiles = decoder<string[]>('label_file', (u, c) =>
  typeof u === 'string' ? t.success([u]) : Array.isArray(u) ? list(text, 'a list of paths').validate(u, c) : expected('a path or a list of paths', u, c),
);

/** Every label file the services name, each once. */
export const labelFilePaths = (model: ComposeModel): string[] => [...new Set(Object.values(model.services).flatMap((service) => service.labelFiles ?? []))];

/**
 * Folds each service's label files into its labels: later files win over
 * earlier ones and `labels` over them all, as Compose does. Every file must
 * exist: Compose has no optional label file.
 */
export const applyLabelFiles = (model: ComposeModel, texts: Readonly<Record<string, EnvFileText>>, file: string): E.Either<ComposeError[], ComposeModel> => {
  const errors: ComposeError[] = [];
  const services: Record<string, ServiceModel> = {};
  for (const [name, service] of Object.entries(model.services)) {
    const { labelFiles: paths, ...rest } = service;
    const fromFiles: Record<string, string> = {};
    (paths ?? []).forEach((labelFile, i) => {
      const read = Object.hasOwn(texts, labelFile) ? texts[labelFile] : undefined;
      if (read === undefined || 'missing' in read) {
        errors.push(composeError(file, `services.${name}.label_file[${i}]`, `${labelFile}: ${read?.missing ?? 'not read'}`));
        return;
      }
      // Compose looks up neither the environment nor `labels`: only the label files before this one, which win over this file's own.
      const parsed = parseDotEnv(labelFile, read.text, { ...fromFiles });
      if (parsed._tag === 'Left') errors.push(...parsed.left);
      else for (const [key, value] of Object.entries(parsed.right)) setOwn(fromFiles, key, value);
    });
    setOwn(services, name, paths === undefined ? service : { ...rest, labels: { ...fromFiles, ...service.labels } });
  }
  return errors.length > 0 ? E.left(errors) : E.right({ ...model, services });
};
