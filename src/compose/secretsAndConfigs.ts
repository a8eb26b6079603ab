import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { composeError, type ComposeError } from './composeError.js';
import type { FileObject, FileReference } from './fileObjects.js';
import type { ComposeModel } from './model.js';
import type { MountPlan } from './podPlan.js';
import { outsideSandboxRefusal } from './hostFiles.js';
import { hostPath } from './podVolumes.js';

/**
 * A service's `secrets` and `configs` as Docker Compose v2 runs them
 * (compose create.go and secrets.go): a `file:` is bound read-only, a value
 * (`environment:`, a config's `content:`) is copied into the container after
 * create and before start with its uid, gid and mode; external objects and
 * swarm drivers are refused as Compose refuses them.
 */

/** A file the adapter writes into a created container before it starts. */
export const FileCopyPlan = t.intersection([
  t.type({ target: t.string, content: t.string, mode: t.number }),
  /**
   * `secret`: its content is masked wherever the plan is logged. `unset`:
   * why there is no content (its variable is not set), told when the
   * container is created, as Compose tells it at `up` while its `config` accepts the file.
   */
  t.partial({ uid: t.number, gid: t.number, secret: t.boolean, unset: t.string }),
]);
export type FileCopyPlan = t.TypeOf<typeof FileCopyPlan>;

export interface ServiceFiles {
  readonly mounts: MountPlan[];
  readonly copies: FileCopyPlan[];
}

type Kind = 'secret' | 'config';

const keyOf = (kind: Kind) => (kind === 'secret' ? 'secrets' : 'configs');

/** Compose's defaults: secrets under /run/secrets, configs at the root; a relative target is taken from there. */
export const fileTarget = (kind: Kind, reference: FileReference): string => {
  const base = kind === 'secret' ? '/run/secrets/' : '/';
  const target = reference.target ?? reference.source;
  return target.startsWith('/') ? target : `${base}${target}`;
};

/** Definitions Compose refuses whether a service uses them or not. */
export const fileObjectErrors = (model: ComposeModel, file: string): ComposeError[] => [
  ...Object.entries(model.secrets)
    .filter(([, secret]) => !secret.external && secret.file === undefined && secret.environment === undefined)
    .map(([name]) => composeError(file, `secrets.${name}`, 'must declare either file or environment')),
  ...Object.entries(model.configs)
    .filter(([, config]) => !config.external && config.file === undefined && config.environment === undefined && config.content === undefined)
    .map(([name]) => composeError(file, `configs.${name}`, 'must declare file, content or environment')),
];

/** Why Compose would not run this object, in its words; undefined when it would. */
const refusal = (kind: Kind, name: string, object: FileObject): [string, string] | undefined => {
  const at = `${keyOf(kind)}.${name}`;
  if (object.external) return [`${at}.external`, `unsupported external ${kind} ${object.name ?? name}: Docker Compose runs only ${kind}s with ${kind === 'secret' ? 'file or environment' : 'file, content or environment'}`];
  if (object.driver !== undefined) return [`${at}.driver`, `Docker Compose does not support ${keyOf(kind)}.*.driver (a swarm feature)`];
  if (object.templateDriver !== undefined) return [`${at}.template_driver`, `Docker Compose does not support ${keyOf(kind)}.*.template_driver (a swarm feature)`];
  return undefined;
};

const idOf = (value: string | undefined): number | undefined => (value === undefined ? undefined : Number(value));

/**
 * `uid`, `gid` and `mode` on a secret or config bound from a `file:`: the
 * file is bound as it is, and Compose warns that they are ignored.
 */
export const boundFileWarnings = (model: ComposeModel): string[] =>
  Object.entries(model.services).flatMap(([name, service]) =>
    (['secret', 'config'] as const).flatMap((kind) =>
      ((kind === 'secret' ? service.secrets : service.configs) ?? []).flatMap((reference, i) => {
        const definitions = kind === 'secret' ? model.secrets : model.configs;
        const object = Object.hasOwn(definitions, reference.source) ? definitions[reference.source] : undefined;
        const set = (['uid', 'gid', 'mode'] as const).filter((key) => reference[key] !== undefined);
        if (object?.file === undefined || set.length === 0) return [];
        return [`services.${name}.${keyOf(kind)}[${i}]: ${set.join(', ')} ignored: ${kind} ${reference.source} is bound from its file as it is, as Compose binds it ("${kind === 'secret' ? 'secrets' : 'config'} \`uid\`, \`gid\` and \`mode\` are not supported")`];
      }),
    ),
  );

/**
 * The mounts and copies of one service's secrets and configs. A volume the
 * service mounts at the same target wins, as in Compose. `bindOutside`: the
 * operator lets pods bind host paths outside the sandbox.
 */
export const serviceFiles = (model: ComposeModel, name: string, sandbox: string, file: string, bindOutside: boolean): E.Either<ComposeError[], ServiceFiles> => {
  const service = model.services[name];
  if (service === undefined) return E.right({ mounts: [], copies: [] });
  const errors: ComposeError[] = [];
  const mounts: MountPlan[] = [];
  const copies: FileCopyPlan[] = [];
  const taken = new Set((service.volumes ?? []).map((volume) => volume.target));
  for (const kind of ['secret', 'config'] as const) {
    const definitions = kind === 'secret' ? model.secrets : model.configs;
    (kind === 'secret' ? service.secrets : service.configs)?.forEach((reference, i) => {
      const at = `services.${name}.${keyOf(kind)}[${i}]`;
      const object = Object.hasOwn(definitions, reference.source) ? definitions[reference.source] : undefined;
      if (object === undefined) return errors.push(composeError(file, at, `refers to undefined ${kind} ${reference.source}`));
      const refused = refusal(kind, reference.source, object);
      if (refused !== undefined) return errors.push(composeError(file, refused[0], refused[1]));
      const target = fileTarget(kind, reference);
      if (taken.has(target)) return;
      taken.add(target);
      if (object.file !== undefined) {
        const source = hostPath(sandbox, object.file);
        const outside = outsideSandboxRefusal(sandbox, source, bindOutside);
        if (outside !== undefined) return errors.push(composeError(file, `${keyOf(kind)}.${reference.source}.file`, outside));
        // Compose warns that uid, gid and mode do not apply to a bound file, and binds it as it is.
        return mounts.push({ type: 'bind', source, target, readOnly: true });
      }
      const content = object.content;
      const unset = content === undefined ? `environment variable ${JSON.stringify(object.environment)} required by ${kind} ${reference.source} is not set` : undefined;
      if (service.readOnly === true) {
        return errors.push(composeError(file, at, `cannot create ${kind} ${reference.source} in a read_only service: \`file\` is the sole supported option`));
      }
      // An empty value writes nothing, as in Compose.
      if (content === '') return;
      const uid = idOf(reference.uid);
      const gid = idOf(reference.gid);
      return copies.push({
        target,
        content: content ?? '',
        ...(unset !== undefined ? { unset } : {}),
        mode: reference.mode ?? 0o444,
        ...(uid !== undefined ? { uid } : {}),
        ...(gid !== undefined ? { gid } : {}),
        ...(kind === 'secret' ? { secret: true } : {}),
      });
    });
  }
  return errors.length > 0 ? E.left(errors) : E.right({ mounts, copies });
};
