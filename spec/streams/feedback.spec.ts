import { expect } from 'chai';
import type { Input } from '../../src/events/inputs.js';
import { Feedback } from '../../src/streams/feedback.js';

describe('the feedback channel', () => {
  it("brings adapters' answers to whoever listens, in the order they were sent", () => {
    const feedback = new Feedback();
    const heard: Input[] = [];
    feedback.inputs.subscribe((input) => heard.push(input));
    const { send } = feedback;
    send({ type: 'timer.fired', name: 'a' });
    send({ type: 'timer.fired', name: 'b' });
    expect(heard).to.deep.equal([
      { type: 'timer.fired', name: 'a' },
      { type: 'timer.fired', name: 'b' },
    ]);
  });
});
