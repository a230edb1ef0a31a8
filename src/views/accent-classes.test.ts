import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../files/project-paths.js';
import { accentClasses } from './accent-classes.js';

describe('accentClasses', () => {
  it('writes one class per hexadecimal digit, in lower case', () => {
    expect(accentClasses('#0f5c5a')).toBe('a1-0 a2-f a3-5 a4-c a5-5 a6-a');
    expect(accentClasses('#ABCDEF')).toBe('a1-a a2-b a3-c a4-d a5-e a6-f');
  });

  it('writes nothing for anything but # and six hexadecimal digits', () => {
    for (const color of ['', 'teal', '#fff', '#0f5c5a0', '0f5c5a', '#0g5c5a', '#0f5c5a "x', 'rgb(1 2 3)'])
      expect(accentClasses(color), color).toBeUndefined();
  });

  it('names only classes that site.css turns back into the colour', () => {
    const css = readFileSync(join(findProjectRoot(), 'public', 'site.css'), 'utf8');
    expect(css).toContain(
      ':root{--accent-setting:rgb(calc(var(--a1)*16 + var(--a2)) calc(var(--a3)*16 + var(--a4)) calc(var(--a5)*16 + var(--a6)))}',
    );
    for (let position = 1; position <= 6; position += 1) {
      for (let value = 0; value < 16; value += 1) {
        expect(css).toContain(`.a${position}-${value.toString(16)}{--a${position}:${value}}`);
      }
    }
  });
});
