import * as t from 'io-ts';
import { keyedMapping } from './keyedMapping.js';
import { extraHosts, ulimits, type Ulimit } from './runtimeValues.js';
import { environment, labels, type Labels } from './serviceValues.js';
import { byteSize, decoder, expected, flag, isMapping, list, text } from './valueCodecs.js';

/**
 * A service's `build` as the compose file gives it. The executor builds with
 * the Engine's classic builder (`POST /build`, no BuildKit session), so the
 * keys only BuildKit can honour are refused, as Compose's own classic
 * builder refuses them (build_classic.go).
 */
export interface BuildSpec {
  /** The directory sent to the builder, as written: relative paths are taken from the sandbox; `.` when absent. Or a git repository (isGitContext), as written. */
  readonly context?: string;
  /** Relative to the context. */
  readonly dockerfile?: string;
  readonly dockerfileInline?: string;
  /** `null` for a bare `KEY`: its value comes from the task's environment, or the Dockerfile's default. */
  readonly args?: Record<string, string | null>;
  readonly target?: string;
  readonly labels?: Labels;
  readonly noCache?: boolean;
  readonly pull?: boolean;
  readonly cacheFrom?: string[];
  readonly shmSizeBytes?: number;
  readonly extraHosts?: string[];
  readonly ulimits?: Record<string, Ulimit>;
  readonly tags?: string[];
  readonly network?: string;
  readonly isolation?: string;
  /** `platforms` with a single entry. */
  readonly platform?: string;
  /** What the context sends, hashed by the edge that reads the sandbox (buildContexts.ts); the image's tag derives from it. */
  readonly contextDigest?: string;
}

const buildKit = (what: string) => `needs BuildKit (${what}); the executor builds with Docker's classic builder, which cannot`;

/** A BuildKit-only key is refused only when it asks for something: Compose lets an empty one pass. */
const onlyEmpty = (what: string) =>
  decoder<undefined>(what, (u, c) => {
    const empty = u === null || u === false || (Array.isArray(u) && u.length === 0) || (isMapping(u) && Object.keys(u).length === 0);
    return empty ? t.success(undefined) : t.failure(u, c, buildKit(what));
  });

const platforms = decoder<string | undefined>('platforms', (u, c) => {
  const decoded = list(text, 'a list of platforms').validate(u, c);
  if (decoded._tag === 'Left') return decoded;
  if (decoded.right.length > 1) return t.failure(u, c, buildKit('one image for several platforms'));
  return t.success(decoded.right[0]);
});

const buildFields = keyedMapping('a build mapping', {
  context: text,
  dockerfile: text,
  dockerfile_inline: text,
  args: environment,
  target: text,
  labels,
  no_cache: flag,
  pull: flag,
  cache_from: list(text, 'a list of images'),
  shm_size: byteSize,
  extra_hosts: extraHosts,
  ulimits,
  tags: list(text, 'a list of tags'),
  network: text,
  isolation: text,
  platforms,
  ssh: onlyEmpty('SSH agent forwarding'),
  secrets: onlyEmpty('build secrets'),
  cache_to: onlyEmpty('cache export'),
  additional_contexts: onlyEmpty('additional contexts'),
  privileged: onlyEmpty('a privileged build'),
  entitlements: onlyEmpty('entitlements'),
  provenance: onlyEmpty('provenance attestations'),
  sbom: onlyEmpty('SBOM attestations'),
});

/**
 * A context that is no path: compose-go leaves any `scheme://`, `github.com/`
 * or `git@` context as written (paths/context.go), never resolved against a
 * directory.
 */
export const isRemoteContext = (context: string): boolean => context.includes('://') || /^(github\.com\/|git@)/.test(context);

/**
 * A git repository as the Engine's classic builder tells one (moby's
 * urlutil.IsGitURL of Engine 20.10): `http(s)://….git` with an optional
 * `#ref:subdir`, `git://`, `git@` or `github.com/`. The daemon clones it with
 * `git` on the agent.
 */
export const isGitContext = (context: string): boolean => (/^https?:\/\//.test(context) && /\.git(#.+)?$/.test(context)) || /^(git:\/\/|git@|github\.com\/)/.test(context);

const contextPath = decoder<string>('a build context', (u, c) => {
  if (typeof u !== 'string') return expected('a directory', u, c);
  if (!isRemoteContext(u) || isGitContext(u)) return t.success(u);
  return t.failure(u, c, `${u}: a remote context the executor builds from is a git repository (https://….git#ref:dir, git://, git@host:repo); the Engine's classic builder takes no other scheme`);
});

const defined = <R extends Record<string, unknown>>(record: R): R => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as R;

/** `build: DIR` or the long form. */
export const buildSpec = decoder<BuildSpec>('a build', (u, c) => {
  if (typeof u === 'string') {
    const context = contextPath.validate(u, c);
    return context._tag === 'Left' ? context : t.success({ context: context.right });
  }
  const decoded = buildFields.validate(u, c);
  if (decoded._tag === 'Left') return decoded;
  const b = decoded.right;
  // Left absent rather than `.`, so that an override file's build does not reset the context of the file before it.
  const context = b.context === undefined ? t.success(undefined) : contextPath.validate(b.context, [...c, { key: 'context', type: contextPath, actual: b.context }]);
  if (context._tag === 'Left') return context;
  if (b.dockerfile !== undefined && b.dockerfile_inline !== undefined) return t.failure(u, c, 'dockerfile and dockerfile_inline cannot both be set');
  return t.success(
    defined({
      context: context.right,
      dockerfile: b.dockerfile,
      dockerfileInline: b.dockerfile_inline,
      args: b.args,
      target: b.target,
      labels: b.labels,
      noCache: b.no_cache,
      pull: b.pull,
      cacheFrom: b.cache_from,
      shmSizeBytes: b.shm_size,
      extraHosts: b.extra_hosts,
      ulimits: b.ulimits,
      tags: b.tags,
      network: b.network,
      isolation: b.isolation,
      platform: b.platforms,
    }),
  );
});

/** compose-spec merge: a later file's build keys win one by one; args and labels merge by key. */
export const mergeBuild = (base: BuildSpec | undefined, over: BuildSpec | undefined): BuildSpec | undefined => {
  if (base === undefined || over === undefined) return over ?? base;
  const args = base.args === undefined || over.args === undefined ? (over.args ?? base.args) : { ...base.args, ...over.args };
  const merged = { ...base, ...over, ...(args !== undefined ? { args } : {}) };
  return base.labels === undefined || over.labels === undefined ? merged : { ...merged, labels: { ...base.labels, ...over.labels } };
};
