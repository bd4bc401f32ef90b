import { describe, expect, it } from 'vitest';
import { tagNames } from './editor-form.ts';

describe('tagNames', () => {
  it('splits on commas, Chinese commas included, trimming and dropping empty names', () => {
    expect(tagNames(' Transport ,  Hong   Kong,,， 香港，政治 , ')).toEqual(['Transport', 'Hong Kong', '香港', '政治']);
    expect(tagNames('')).toEqual([]);
  });
});
