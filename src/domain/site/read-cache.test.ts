import { describe, expect, it } from 'vitest';
import { createReadCache } from './read-cache.ts';

describe('the read cache', () => {
  it('keeps weighed values within its byte budget, the least recently kept going first', async () => {
    const reads = createReadCache(() => 0, 100, 1_000);
    let count = 0;
    const read = (value: string) => () => Promise.resolve(`${value} ${++count}`);
    const weigh = (value: string) => value.length * 100;
    await reads.remember('first', ['c:1'], read('aa'), undefined, weigh);
    await reads.remember('second', ['c:2'], read('bb'), undefined, weigh);
    // Each weighs 400 bytes: a third goes past the budget, and the first goes.
    await reads.remember('third', ['c:3'], read('cc'), undefined, weigh);
    expect(await reads.remember('second', ['c:2'], read('bb'), undefined, weigh)).toBe('bb 2');
    expect(await reads.remember('first', ['c:1'], read('aa'), undefined, weigh)).toBe('aa 4');
  });

  it('never keeps a value heavier than its whole budget, and reads it again', async () => {
    const reads = createReadCache(() => 0, 100, 1_000);
    let count = 0;
    const read = () => Promise.resolve(++count);
    await reads.remember('heavy', ['c:1'], read, undefined, () => 2_000);
    expect(await reads.remember('heavy', ['c:1'], read, undefined, () => 2_000)).toBe(2);
  });

  it('frees the bytes of values a change drops', async () => {
    const reads = createReadCache(() => 0, 100, 1_000);
    let count = 0;
    const read = () => Promise.resolve(++count);
    await reads.remember('first', ['c:1'], read, undefined, () => 600);
    reads.forget(['c:1']);
    await reads.remember('second', ['c:2'], read, undefined, () => 600);
    await reads.remember('third', ['c:3'], read, undefined, () => 300);
    expect(await reads.remember('second', ['c:2'], read, undefined, () => 600)).toBe(2);
  });
});
