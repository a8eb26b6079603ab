import type Dockerode from 'dockerode';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import tarFs from 'tar-fs';
import type { Pack } from 'tar-stream';
import { INLINE_DOCKERFILE, type BuildPlan } from '../compose/buildPlan.js';
import { contextEntries } from '../compose/buildContext.js';
import type { CommandOf } from '../events/commands.js';
import type { Input } from '../events/inputs.js';
import { dockerMessage } from './dockerErrors.js';
import type { ImagePuller } from './imagePuller.js';
import type { Logger } from './logger.js';

/** One line of the classic builder's JSON stream. */
interface BuildStreamLine {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
}

const STEP = /^Step (\d+)\/(\d+) : (.*)$/;

/**
 * Makes a service's image present as Compose does: with `image:` named too,
 * pulls it first (per its pull policy) and builds only when no pull finds
 * it; otherwise builds when the content tag is absent (`missing`) or every
 * time (`always`, pull_policy build). Builds go through the Engine's classic
 * builder, the context sent as a tar made with tar-fs (dockerode's own
 * choice) from the entries `.dockerignore` leaves, or, for a git context,
 * named in `remote` for the daemon to clone.
 */
export class ImageBuilder {
  constructor(
    private readonly docker: Dockerode,
    private readonly puller: ImagePuller,
    private readonly logger: Logger,
    /** Where `image.build_progress` goes: the executor's feedback stream. */
    private readonly progress: (input: Input) => void = () => {},
    /** Marks the images this process built, so `gc` can tell whether their builder still runs. */
    private readonly ownerLabels: Record<string, string> = {},
  ) {}

  async ensure(command: CommandOf<'image.build'>): Promise<Input> {
    const { taskId, image, build } = command;
    if (build.pullFirst !== undefined) {
      const pulled = await this.puller.ensure({ type: 'image.pull', taskId, image, policy: build.pullFirst, ...(build.platform === undefined ? {} : { platform: build.platform }), ...(build.refreshAfterMs === undefined ? {} : { refreshAfterMs: build.refreshAfterMs }) });
      if (pulled.type === 'image.ready') return pulled;
      this.logger.info({ taskId, image, pull: pulled.type === 'image.pull_failed' ? pulled.message : pulled.type }, 'no pull found the image; building it');
    } else if (build.policy === 'missing' && (await this.puller.present(image))) {
      return { type: 'image.ready', taskId, image, pulled: false };
    }
    try {
      if (build.remote !== true) {
        await stat(build.context).catch(() => {
          throw new BuildFailure(`the build context ${build.context} is not a directory on the agent`);
        });
      }
      await this.build(taskId, image, build);
      return { type: 'image.ready', taskId, image, pulled: false, built: true };
    } catch (error) {
      const message = error instanceof BuildFailure ? error.message : dockerMessage(error);
      this.logger.warn({ taskId, image, error: message }, 'image build failed');
      return { type: 'image.build_failed', taskId, image, message };
    }
  }

  private async build(taskId: string, image: string, build: BuildPlan): Promise<void> {
    // A git context is the daemon's to clone: `remote` in the query, and an empty body (without one dockerode sends its options as JSON and the build's output never reaches the stream).
    const stream = await this.docker.buildImage(build.remote === true ? Readable.from([]) : await contextTar(build), buildOptions(build, this.ownerLabels));
    let step = '';
    let failure: string | undefined;
    let partial = '';
    const onLine = (text: string) => {
      if (text.trim() === '') return;
      let line: BuildStreamLine;
      try {
        line = JSON.parse(text) as BuildStreamLine;
      } catch {
        return;
      }
      const match = STEP.exec(line.stream?.trim() ?? '');
      if (match) {
        step = `step ${match[1]}/${match[2]} (${match[3]})`;
        this.progress({ type: 'image.build_progress', taskId, image, step: Number(match[1]), steps: Number(match[2]), instruction: (match[3] ?? '').slice(0, 200) });
      }
      if (line.error !== undefined || line.errorDetail?.message !== undefined) failure = line.errorDetail?.message ?? line.error;
    };
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString('utf8')).split(/\r?\n/);
        partial = lines.pop() ?? '';
        lines.forEach(onLine);
      });
      stream.on('end', () => {
        onLine(partial);
        resolve();
      });
      stream.on('error', reject);
    });
    if (failure !== undefined) throw new BuildFailure(step === '' ? failure : `at ${step}: ${failure}`);
  }
}

class BuildFailure extends Error {}

/** The query of `POST /build` for the classic builder. */
export function buildOptions(build: BuildPlan, ownerLabels: Record<string, string>): Record<string, unknown> {
  const options: Record<string, unknown> = {
    t: build.tags,
    dockerfile: build.dockerfile,
    labels: { ...build.labels, ...ownerLabels },
    // The classic builder keeps intermediate containers of a failed step unless told to remove them.
    rm: true,
    forcerm: true,
    version: '1',
  };
  if (build.remote === true) options.remote = build.context;
  if (build.args !== undefined) options.buildargs = build.args;
  if (build.target !== undefined) options.target = build.target;
  if (build.noCache) options.nocache = true;
  if (build.pull) options.pull = true;
  if (build.cacheFrom !== undefined) options.cachefrom = build.cacheFrom;
  if (build.shmSizeBytes !== undefined) options.shmsize = build.shmSizeBytes;
  // One query parameter a host: the engine reads a comma-joined list as one host with a bad address.
  if (build.extraHosts !== undefined) options.extrahosts = build.extraHosts;
  if (build.ulimits !== undefined) options.ulimits = JSON.stringify(build.ulimits.map((limit) => ({ Name: limit.name, Soft: limit.soft, Hard: limit.hard })));
  if (build.network !== undefined) options.networkmode = build.network;
  if (build.isolation !== undefined) options.isolation = build.isolation;
  if (build.platform !== undefined) options.platform = build.platform;
  return options;
}

/** The context as the builder gets it: what `.dockerignore` leaves, owned by root, and an inline Dockerfile added. */
export async function contextTar(build: BuildPlan): Promise<NodeJS.ReadableStream> {
  const entries = await contextEntries(build.context, build.dockerfile, build.leaveOut);
  const sent = new Set<string>();
  for (const entry of entries) {
    // A directory excluded but holding an exception must still be walked into.
    for (let at = entry.path; at !== '.' && !sent.has(at); at = path.posix.dirname(at)) sent.add(at);
  }
  const inline = build.dockerfileInline;
  return tarFs.pack(build.context, {
    ignore: (name: string) => !sent.has(path.relative(build.context, name).split(path.sep).join('/')),
    map: (header) => ({ ...header, uid: 0, gid: 0, uname: 'root', gname: 'root' }),
    finalize: inline === undefined,
    finish: (pack: Pack) => {
      if (inline === undefined) return;
      pack.entry({ name: INLINE_DOCKERFILE, mode: 0o644, mtime: new Date(0) }, inline);
      pack.finalize();
    },
  });
}
