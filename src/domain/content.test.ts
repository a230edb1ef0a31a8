import { describe, expect, it } from 'vitest';
import { findNestingProblem, MAX_MARKDOWN_NESTING, measureNestingDepth } from './content.js';

describe('measureNestingDepth', () => {
  it.each([
    ['plain text', 'Yes. We encrypt data at rest.', 0],
    ['a list', '- one\n- two', 1],
    ['a quote holding a list', '> - one\n> - two', 2],
    ['lists nested by indentation', '- one\n  - two\n    - three\n      1. four', 4],
    ['a list inside an indented item after a lazy line', '- one\nlazy\n  - two', 2],
    ['markers on one line', '> > 1. - x', 4],
    ['a quote after a list', '- one\n> quoted', 1],
    ['a quote inside a list item', '- one\n  > quoted', 2],
    ['quotes without spaces', '>>>x', 3],
    ['a thematic break is not a list', '- - -\n* * * *', 0],
    ['a hyphen inside words', 'Read-only -- or not', 0],
    ['the reported home page crash', '> '.repeat(9_999), 9_999],
    ['the reported ordered-list crash', '1. '.repeat(6_666), 6_666],
    ['the reported quote crash without spaces', '>'.repeat(19_999), 19_999],
    // More items on one line than a function call takes as arguments (an older text, or a direct database write).
    ['200,000 list markers on one line', '+ '.repeat(200_000), 200_000],
  ])('counts %s', (_name, markdown, depth) => {
    expect(measureNestingDepth(markdown)).toBe(depth);
  });
});

describe('findNestingProblem', () => {
  it('says how deep the text nests and how deep it may', () => {
    expect(findNestingProblem('> '.repeat(9_999))).toBe(
      'block quotes and lists nest 9,999 levels deep; at most 20 are allowed',
    );
    expect(findNestingProblem('> '.repeat(MAX_MARKDOWN_NESTING))).toBeUndefined();
    expect(findNestingProblem('> '.repeat(MAX_MARKDOWN_NESTING + 1))).toMatch(/nest 21 levels deep/);
  });
});
