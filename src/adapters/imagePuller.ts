import type Dockerode from 'dockerode';
import type { CommandOf } from '../events/commands.js';
import type { Input } from '../events/inputs.js';
import { dockerMessage } from './dockerErrors.js';
import type { Logger } from './logger.js';
import { PullProgress, type PullStreamLine } from './pullProgress.js';
import { registryOf, type FoundLogin, type RegistryCredentials } from './registryCredentials.js';

export interface PullSettings {
  attempts: number;
  firstBackoffMs: number;
}

export interface PullReporting {
  /** Where `image.progress` summaries go: the executor's feedback stream. */
  progress?: (input: Input) => void;
  credentials?: RegistryCredentials;
}

const REFUSED_LOGIN = /unauthorized|authentication required|no basic auth credentials|access denied|denied:/i;

/**
 * Makes an image present per its pull policy: `missing` pulls only when the
 * engine lacks it, `always` pulls every time, `never` only looks. A failed
 * pull is retried with a doubling backoff before it fails the pod.
 */
export class ImagePuller {
  constructor(
    private readonly docker: Dockerode,
    private readonly logger: Logger,
    private readonly settings: PullSettings = { attempts: 3, firstBackoffMs: 500 },
    private readonly reporting: PullReporting = {},
  ) {}

  async ensure(command: CommandOf<'image.pull'>): Promise<Input> {
    const { taskId, image, policy, platform, refreshAfterMs = 0 } = command;
    const ready = (pulled: boolean): Input => ({ type: 'image.ready', taskId, image, pulled });
    const failed = (message: string): Input => ({ type: 'image.pull_failed', taskId, image, message });

    // As Compose: `never` only looks, and leaves a platform mismatch to create, which names both platforms.
    if (policy === 'refresh' ? await this.fresh(image, refreshAfterMs, platform) : policy !== 'always' && (await this.present(image, policy === 'never' ? undefined : platform))) return ready(false);
    if (policy === 'never') return failed('not on this host, and its pull_policy is never');

    const login = await this.reporting.credentials?.forImage(image);
    let lastError = '';
    for (let attempt = 1; attempt <= this.settings.attempts; attempt += 1) {
      try {
        await this.pull(taskId, image, login, platform);
        return ready(true);
      } catch (error) {
        lastError = dockerMessage(error);
        // The login itself is never logged, only where it came from.
        this.logger.warn({ taskId, image, attempt, error: lastError, login: login?.source ?? 'none' }, 'image pull failed');
        if (REFUSED_LOGIN.test(lastError)) return failed(refusedLogin(image, lastError, login, this.reporting.credentials));
        // The registry said the image does not exist: asking again will not change that.
        if (/not found|manifest unknown|does not exist|repository name must|invalid reference/i.test(lastError)) break;
        if (attempt < this.settings.attempts) await sleep(this.settings.firstBackoffMs * 2 ** (attempt - 1));
      }
    }
    return failed(`pull failed: ${lastError}`);
  }

  /** The engine holds the image already, for `platform` when the service names one (as Compose checks before it pulls). */
  async present(image: string, platform?: string): Promise<boolean> {
    try {
      const found = await this.docker.getImage(image).inspect();
      return platform === undefined || samePlatform(platform, found as ImageWithPlatform);
    } catch {
      return false;
    }
  }

  /** `daily`, `weekly`, `every_<duration>`: the host's image was tagged within the period, as Compose judges by LastTagTime. */
  private async fresh(image: string, periodMs: number, platform: string | undefined): Promise<boolean> {
    try {
      const found = (await this.docker.getImage(image).inspect()) as ImageWithPlatform & { Metadata?: { LastTagTime?: string } };
      const tagged = Date.parse(found.Metadata?.LastTagTime ?? '');
      return (platform === undefined || samePlatform(platform, found)) && Number.isFinite(tagged) && Date.now() <= tagged + periodMs;
    } catch {
      return false;
    }
  }

  private async pull(taskId: string, image: string, login: FoundLogin | undefined, platform: string | undefined): Promise<void> {
    const stream = await this.docker.pull(withTag(image), { ...(login ? { authconfig: login.auth } : {}), ...(platform === undefined ? {} : { platform }) });
    const progress = new PullProgress();
    const report = this.reporting.progress;
    await new Promise<void>((resolve, reject) => {
      this.docker.modem.followProgress(
        stream,
        (error: Error | null, output: Array<{ error?: string }>) => {
          // The engine reports some failures inside the progress stream, after a 200.
          const reported = output?.find((line) => line.error)?.error;
          if (error) reject(error);
          else if (reported) reject(new Error(reported));
          else resolve();
        },
        (line: PullStreamLine) => {
          const summary = progress.add(line);
          if (summary && report) report({ type: 'image.progress', taskId, image, ...summary });
        },
      );
    });
  }
}

function refusedLogin(image: string, error: string, login: FoundLogin | undefined, credentials: RegistryCredentials | undefined): string {
  const registry = registryOf(image);
  const tried = login
    ? `the login for ${registry} from ${login.source} was refused`
    : `no login for ${registry} was found in the executor config's registry_auth${credentials ? ` or in ${credentials.dockerConfigFile()}` : ''}`;
  return `pull of ${image} refused by registry ${registry}: ${tried} (${error})`;
}

interface ImageWithPlatform {
  Os?: string;
  Architecture?: string;
  Variant?: string;
}

/** `os/arch[/variant]` against what the engine holds; a platform that names no variant takes any. */
export function samePlatform(platform: string, image: ImageWithPlatform): boolean {
  const [os = '', architecture = '', variant] = platform.toLowerCase().split('/');
  const normal = (arch: string) => ({ x86_64: 'amd64', aarch64: 'arm64' })[arch] ?? arch;
  return os === (image.Os ?? '').toLowerCase() && normal(architecture) === normal((image.Architecture ?? '').toLowerCase()) && (variant === undefined || variant === (image.Variant ?? '').toLowerCase());
}

/** A reference without tag or digest pulls every tag; Compose means `latest`. */
export function withTag(image: string): string {
  if (image.includes('@')) return image;
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  return lastPart.includes(':') ? image : `${image}:latest`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
