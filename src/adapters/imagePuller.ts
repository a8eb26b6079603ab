import type Dockerode from 'dockerode';
import type { CommandOf } from '../events/commands.js';
import type { Input } from '../events/inputs.js';
import { dockerMessage } from './dockerEngine.js';
import type { Logger } from './logger.js';

export interface PullSettings {
  attempts: number;
  firstBackoffMs: number;
}

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
  ) {}

  async ensure(command: CommandOf<'image.pull'>): Promise<Input> {
    const { taskId, image, policy } = command;
    const ready = (pulled: boolean): Input => ({ type: 'image.ready', taskId, image, pulled });
    const failed = (message: string): Input => ({ type: 'image.pull_failed', taskId, image, message });

    if (policy !== 'always' && (await this.present(image))) return ready(false);
    if (policy === 'never') return failed('not on this host, and its pull_policy is never');

    let lastError = '';
    for (let attempt = 1; attempt <= this.settings.attempts; attempt += 1) {
      try {
        await this.pull(withTag(image));
        return ready(true);
      } catch (error) {
        lastError = dockerMessage(error);
        this.logger.warn({ taskId, image, attempt, error: lastError }, 'image pull failed');
        // The registry said the image does not exist: asking again will not change that.
        if (/not found|manifest unknown|does not exist|repository name must|invalid reference/i.test(lastError)) break;
        if (attempt < this.settings.attempts) await sleep(this.settings.firstBackoffMs * 2 ** (attempt - 1));
      }
    }
    return failed(`pull failed: ${lastError}`);
  }

  private async present(image: string): Promise<boolean> {
    try {
      await this.docker.getImage(image).inspect();
      return true;
    } catch {
      return false;
    }
  }

  private async pull(image: string): Promise<void> {
    const stream = await this.docker.pull(image);
    await new Promise<void>((resolve, reject) => {
      this.docker.modem.followProgress(stream, (error: Error | null, output: Array<{ error?: string }>) => {
        // The engine reports some failures inside the progress stream, after a 200.
        const reported = output?.find((line) => line.error)?.error;
        if (error) reject(error);
        else if (reported) reject(new Error(reported));
        else resolve();
      });
    });
  }
}

/** A reference without tag or digest pulls every tag; Compose means `latest`. */
export function withTag(image: string): string {
  if (image.includes('@')) return image;
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  return lastPart.includes(':') ? image : `${image}:latest`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
