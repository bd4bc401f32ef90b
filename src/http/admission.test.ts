import { describe, expect, it } from 'vitest';
import { fairAdmission } from './admission.ts';

/** One turn of the event loop: the admission's immediates run, then this one. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('fair admission', () => {
  it('starts what a turn has no time for in the next turns, first come first served', async () => {
    let clock = 0;
    const admission = fairAdmission(2, () => clock);
    const started: string[] = [];
    // Each request takes 2.5 ms of the loop, as a page rendered synchronously does.
    const arrive = (name: string) => {
      const start = () => {
        started.push(name);
        clock += 2.5;
      };
      const turn = admission.admit();
      if (turn) void turn.then(start);
      else start();
    };
    arrive('a');
    arrive('b');
    arrive('c');
    expect(started).toEqual(['a']);
    await nextTurn();
    expect(started).toEqual(['a', 'b']);
    arrive('d');
    expect(started).toEqual(['a', 'b']);
    await nextTurn();
    expect(started).toEqual(['a', 'b', 'c']);
    await nextTurn();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
  });

  it('lets cheap requests through at once while the turn has time', () => {
    const admission = fairAdmission(2, () => 0);
    expect([admission.admit(), admission.admit(), admission.admit()]).toEqual([undefined, undefined, undefined]);
  });
});
