import { docker } from './benchEngine.js';

/** Docker's own `die` events, watched from this process: when each container's arrived, by this process's clock. */
export async function dieWatcher(): Promise<{ next(containerId: string): Promise<number>; stop(): void }> {
  const waiting = new Map<string, (at: number) => void>();
  const stream = (await docker.getEvents({ filters: JSON.stringify({ type: ['container'], event: ['die'] }) } as object)) as NodeJS.ReadableStream & { destroy(): void };
  let buffered = '';
  stream.on('data', (chunk: Buffer) => {
    const at = Date.now();
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      const id = (JSON.parse(line) as { id?: string }).id ?? '';
      waiting.get(id)?.(at);
      waiting.delete(id);
    }
  });
  return {
    next: (containerId) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no die event for ${containerId} within 10 s`)), 10_000);
        waiting.set(containerId, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      }),
    stop: () => stream.destroy(),
  };
}
