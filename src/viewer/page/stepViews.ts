import mergePatch from 'json-merge-patch';
import type { PageData } from '../pageData.js';
import type { StepView } from '../stepView.js';

/**
 * The view at any step, from the whole view at the key frame at or before
 * it and the patches since: at most keyEvery patches whatever the log's
 * length. The last view made is kept, so stepping forward costs one patch.
 */
export class StepViews {
  private last: { index: number; view: StepView } | undefined;

  constructor(private readonly data: PageData) {}

  at(index: number): StepView {
    const { frames, keyEvery } = this.data;
    const key = index - (index % keyEvery);
    let from = this.last && this.last.index <= index && this.last.index >= key ? this.last : { index: key, view: frames[key] as StepView };
    let view = structuredClone(from.view);
    for (let next = from.index + 1; next <= index; next++) {
      const frame = frames[next];
      if (frame !== 0 && frame !== undefined) view = mergePatch.apply(view, frame) as StepView;
    }
    this.last = { index, view };
    return view;
  }
}
