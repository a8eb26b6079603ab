import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { itemsOf, parseEventLog } from '../../src/events/logReader.js';
import { ReplayFold } from '../../src/replay/replayStream.js';

/**
 * A pod's context has every key from launch on, so each `assign` copies an
 * object of one shape: a key added on the way put the context in V8's
 * dictionary mode, and every later copy cost about ten times as much (a
 * 100,000-input replay spent a quarter of its time copying contexts).
 */
const FIXTURES = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));

describe('the pod context', () => {
  for (const name of readdirSync(FIXTURES)) {
    it(`keeps the keys it was launched with through the recorded ${name} pod`, () => {
      const parsed = parseEventLog(readFileSync(path.join(FIXTURES, name, 'events.jsonl'), 'utf8'));
      if (!parsed.ok) return expect.fail(parsed.message);
      const fold = new ReplayFold();
      const launched = new Map<string, string>();
      let checked = 0;
      for (const item of itemsOf(parsed.log)) {
        const replayed = fold.take(item);
        if (replayed.kind !== 'step') continue;
        for (const [taskId, pod] of Object.entries(replayed.step.state.pods)) {
          const keys = Object.keys(pod.context).join(',');
          if (!launched.has(taskId)) launched.set(taskId, keys);
          expect(keys, `${name}: the context of ${taskId} after input ${replayed.step.seq}`).to.equal(launched.get(taskId));
          checked++;
        }
      }
      expect(checked).to.be.greaterThan(5);
    });
  }
});
