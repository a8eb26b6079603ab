import { createHash } from 'node:crypto';
import path from 'node:path';
import * as t from 'io-ts';
import { isRemoteContext, type BuildSpec } from './buildSpec.js';
import { composeError, type ComposeError } from './composeError.js';
import { LABELS } from './labels.js';
import type { ComposeModel } from './model.js';
import type { OperatorPolicy } from './operatorPolicy.js';
import { outsideSandboxRefusal } from './hostFiles.js';
import { hostPath } from './podVolumes.js';
import { pullPolicyOf } from './runtimeValues.js';

const StringMap = t.record(t.string, t.string);

/** Every image the executor builds carries it, with its content digest: `gc` finds them by it. */
export const BUILT_LABEL = 'compose-executor.built';

/**
 * How a service's image is built: everything `POST /build` is given, the
 * context resolved to a directory in the sandbox. Plain data, logged with
 * the plan, so replay needs no context.
 */
export const BuildPlan = t.intersection([
  t.type({
    /** Absolute, inside the sandbox unless the operator allows binds outside it; with `remote`, the git repository's URL. */
    context: t.string,
    /** The Dockerfile's name inside the context sent (inside the repository's directory, for a git context). */
    dockerfile: t.string,
    /** Every tag the image gets; the first is the one tied to the content. */
    tags: t.array(t.string),
    labels: StringMap,
    /** `missing`: build when the image is absent; `always`: build every time (pull_policy build). */
    policy: t.keyof({ missing: null, always: null }),
  }),
  t.partial({
    /** `context` is a git repository the Docker daemon clones (`POST /build?remote=`): no tar is sent. */
    remote: t.boolean,
    /** Written into the context sent, under `dockerfile`. */
    dockerfileInline: t.string,
    /** Names at the context's root it never sends: the executor's own files, when the context is the sandbox. */
    leaveOut: t.array(t.string),
    /** Masked in the event log where their names look secret, as environments are. */
    args: StringMap,
    target: t.string,
    noCache: t.boolean,
    pull: t.boolean,
    cacheFrom: t.array(t.string),
    shmSizeBytes: t.number,
    extraHosts: t.array(t.string),
    ulimits: t.array(t.type({ name: t.string, soft: t.number, hard: t.number })),
    network: t.string,
    isolation: t.string,
    platform: t.string,
    /** The file names `image:` too: pull it first and build only when no pull finds it, as Compose does. */
    pullFirst: t.keyof({ missing: null, always: null, never: null, refresh: null }),
    /** With pullFirst `refresh`: pull when the host's image was tagged longer ago than this. */
    refreshAfterMs: t.number,
  }),
]);
export type BuildPlan = t.TypeOf<typeof BuildPlan>;

/**
 * What the executor and the Mesos agent write at the sandbox's root while
 * the task runs: a context that is the sandbox itself (a build without
 * `context`, which compose-spec reads as `.`) leaves them out, so two tasks
 * of the same files share the image and no log goes to the builder.
 */
export const SANDBOX_OWN_FILES: readonly string[] = ['stdout', 'stderr', 'events.jsonl', 'executor.log', 'logs', 'ports.json'];

/** Those names with where the executor config's `event_log` puts the log, when that is elsewhere in the sandbox. */
export const sandboxOwnFiles = (eventLog: string): readonly string[] => {
  const top = path.posix.normalize(eventLog).split('/')[0] ?? '';
  return path.posix.isAbsolute(eventLog) || top === '' || top === '.' || top === '..' || SANDBOX_OWN_FILES.includes(top) ? SANDBOX_OWN_FILES : [...SANDBOX_OWN_FILES, top];
};

/** Where an inline Dockerfile goes in the context sent; hidden, so it never clashes with the user's files. */
export const INLINE_DOCKERFILE = '.compose-executor.Dockerfile';

/** A Docker repository name from a service name: lower case, the characters Docker allows. */
const repositoryOf = (service: string): string => service.toLowerCase().replace(/[^a-z0-9._-]/g, '-').replace(/^[^a-z0-9]+/, '') || 'service';

const sorted = (record: Readonly<Record<string, unknown>> | undefined) => (record === undefined ? undefined : Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1))));

/** A bare `KEY` the task's environment did not give (see buildContexts.ts) is left to the Dockerfile's default. */
const givenArgs = (args: BuildSpec['args']): Record<string, string> | undefined =>
  args === undefined ? undefined : Object.fromEntries(Object.entries(args).flatMap(([key, value]) => (value === null ? [] : [[key, value] as const])));

/**
 * The tag of what a build makes: a digest of the context sent and of every
 * build option, so two tasks with the same context share the image and a
 * changed file gives a new one.
 */
export const contentTag = (service: string, build: Omit<BuildPlan, 'tags' | 'labels' | 'policy' | 'pullFirst'>, contextDigest: string | undefined): string => {
  const options = { ...build, args: sorted(build.args), context: undefined, contextDigest: contextDigest ?? build.context };
  const digest = createHash('sha256').update(JSON.stringify(options)).digest('hex').slice(0, 16);
  return `compose-executor/${repositoryOf(service)}:${digest}`;
};

export interface BuildFacts {
  readonly sandbox: string;
  /** What the executor writes at the sandbox's root (`sandboxOwnFiles`); absent: `SANDBOX_OWN_FILES`. */
  readonly ownFiles?: readonly string[];
  readonly taskId: string;
  readonly policy: OperatorPolicy;
  readonly file: string;
}

/** The image a service runs and how it is built, or why it cannot be. */
export const planBuild = (model: ComposeModel, name: string, facts: BuildFacts): { image: string; build?: BuildPlan } | { errors: ComposeError[] } => {
  const service = model.services[name];
  const spec = service?.build;
  if (service === undefined || spec === undefined) return { image: service?.image ?? '' };
  const at = `services.${name}.build`;
  const errors: ComposeError[] = [];
  if (!facts.policy.build) errors.push(composeError(facts.file, at, "building an image on the agent is denied by the executor's policy (policy.build)"));
  const remote = isRemoteContext(spec.context ?? '.');
  const context = remote ? (spec.context as string) : hostPath(facts.sandbox, spec.context ?? '.');
  if (remote) errors.push(...remoteContextErrors(spec, facts, at));
  else {
    const outside = outsideSandboxRefusal(facts.sandbox, context, facts.policy.bindMountsOutsideSandbox);
    if (outside !== undefined) errors.push(composeError(facts.file, `${at}.context`, outside));
  }
  if (spec.network === 'host' && !facts.policy.hostNetwork) errors.push(composeError(facts.file, `${at}.network`, "a build on the host's network is denied by the executor's policy (policy.host_network)"));
  else if (spec.network !== undefined && !['default', 'none', 'host', 'bridge'].includes(spec.network)) {
    errors.push(composeError(facts.file, `${at}.network`, `${spec.network}: a build joins default, bridge, none or host; the pod's networks do not exist yet when it builds`));
  }
  if (spec.platform !== undefined && service.platform !== undefined && spec.platform !== service.platform) {
    errors.push(composeError(facts.file, `${at}.platforms`, `${spec.platform} does not include the service's platform ${service.platform}, which Compose requires: the container could not run what the build makes`));
  }
  if (errors.length > 0) return { errors };
  const options = {
    context,
    ...(remote ? { remote: true } : {}),
    dockerfile: spec.dockerfileInline !== undefined ? INLINE_DOCKERFILE : (spec.dockerfile ?? 'Dockerfile'),
    ...definedOnly({
      dockerfileInline: spec.dockerfileInline,
      args: givenArgs(spec.args),
      target: spec.target,
      noCache: spec.noCache,
      pull: spec.pull,
      cacheFrom: spec.cacheFrom,
      shmSizeBytes: spec.shmSizeBytes,
      extraHosts: spec.extraHosts,
      ulimits: spec.ulimits === undefined ? undefined : Object.entries(spec.ulimits).map(([limit, range]) => ({ name: limit, ...range })),
      network: spec.network,
      isolation: spec.isolation,
      // As Compose builds: for the service's platform when the build names none.
      platform: spec.platform ?? service.platform,
      labels: sorted(spec.labels) as Record<string, string> | undefined,
    }),
  };
  const tag = contentTag(name, options, spec.contextDigest);
  const pullPolicy = pullPolicyOf(service);
  const plan: BuildPlan = {
    ...options,
    tags: [...new Set([tag, ...(service.image !== undefined ? [service.image] : []), ...(spec.tags ?? [])])],
    // Ours last: a build label must not disguise what the executor built.
    labels: { ...spec.labels, [BUILT_LABEL]: tag.slice(tag.lastIndexOf(':') + 1), [LABELS.taskId]: facts.taskId },
    policy: pullPolicy === 'build' ? 'always' : 'missing',
    ...(context === path.posix.resolve(facts.sandbox) ? { leaveOut: [...(facts.ownFiles ?? SANDBOX_OWN_FILES)] } : {}),
    ...(service.image !== undefined && pullPolicy !== 'build'
      ? typeof pullPolicy === 'object'
        ? { pullFirst: 'refresh' as const, refreshAfterMs: pullPolicy.refreshAfterMs }
        : { pullFirst: pullPolicy === 'always' || pullPolicy === 'never' ? pullPolicy : 'missing' }
      : {}),
  };
  return { image: service.image ?? tag, build: plan };
};

/**
 * A git context is cloned by the Docker daemon, on the agent's own network
 * and with its credentials: behind `policy.remote_build_contexts`. The
 * classic builder reads the Dockerfile from the clone, so none can be added.
 */
const remoteContextErrors = (spec: BuildSpec, facts: BuildFacts, at: string): ComposeError[] => [
  ...(facts.policy.remoteBuildContexts ? [] : [composeError(facts.file, `${at}.context`, `${spec.context}: a git context is cloned by the Docker daemon on the agent, with its network and credentials, and is denied by the executor's policy (policy.remote_build_contexts)`)]),
  ...(spec.dockerfileInline === undefined ? [] : [composeError(facts.file, `${at}.dockerfile_inline`, "cannot go with a git context: the Engine's classic builder reads the Dockerfile from the repository it clones; commit the Dockerfile and name it with `dockerfile`")]),
];

const definedOnly = <R extends Record<string, unknown>>(record: R): Partial<R> => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Partial<R>;
