/** One line of the engine's pull stream, as far as progress goes. */
export interface PullStreamLine {
  id?: string;
  status?: string;
  progressDetail?: { current?: number; total?: number };
}

export interface PullSummary {
  layersDone: number;
  layers: number;
  bytesDone: number;
  bytesTotal: number;
}

interface Layer {
  done: boolean;
  current: number;
  total: number;
}

/**
 * Folds an image's pull stream into layers done and bytes downloaded, and
 * says when a summary is worth logging: at most one a second, and at once
 * when the download crosses a quarter or the last layer is done.
 */
export class PullProgress {
  private readonly layers = new Map<string, Layer>();
  private lastAt = -Infinity;
  private lastQuarter = 0;
  private last: PullSummary | undefined;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly everyMs = 1000,
  ) {}

  /** The summary to report after this line, or undefined when it is not due. */
  add(line: PullStreamLine): PullSummary | undefined {
    if (!this.fold(line)) return undefined;
    const summary = this.summary();
    if (summary.layers === 0 || sameAs(summary, this.last)) return undefined;
    const quarter = summary.bytesTotal > 0 ? Math.floor((4 * summary.bytesDone) / summary.bytesTotal) : 0;
    const finished = summary.layersDone === summary.layers && this.last?.layersDone !== summary.layersDone;
    const due = this.now() - this.lastAt >= this.everyMs || quarter > this.lastQuarter || finished;
    if (!due) return undefined;
    this.lastAt = this.now();
    this.lastQuarter = quarter;
    this.last = summary;
    return summary;
  }

  summary(): PullSummary {
    const layers = [...this.layers.values()];
    return {
      layersDone: layers.filter((layer) => layer.done).length,
      layers: layers.length,
      bytesDone: layers.reduce((sum, layer) => sum + (layer.done ? layer.total : layer.current), 0),
      bytesTotal: layers.reduce((sum, layer) => sum + layer.total, 0),
    };
  }

  /** Whether the line concerned a layer. */
  private fold(line: PullStreamLine): boolean {
    const { id, status = '' } = line;
    // Lines without an id, or whose id is the tag ("Pulling from ..."), are about the image, not a layer.
    if (!id || /^Pulling from|^Digest|^Status/.test(status)) return false;
    const layer = this.layers.get(id) ?? { done: false, current: 0, total: 0 };
    this.layers.set(id, layer);
    if (status === 'Downloading') {
      layer.current = line.progressDetail?.current ?? layer.current;
      layer.total = line.progressDetail?.total ?? layer.total;
    } else if (status === 'Download complete' || status === 'Verifying Checksum') {
      layer.current = layer.total;
    } else if (status === 'Pull complete' || status === 'Already exists') {
      layer.done = true;
      layer.current = layer.total;
    }
    return true;
  }
}

function sameAs(a: PullSummary, b: PullSummary | undefined): boolean {
  return b !== undefined && a.layersDone === b.layersDone && a.layers === b.layers && a.bytesDone === b.bytesDone && a.bytesTotal === b.bytesTotal;
}
