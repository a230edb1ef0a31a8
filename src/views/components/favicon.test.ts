import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAVICON_DATA_URI, FAVICON_SVG } from './favicon.js';

describe('the inline site icon', () => {
  it('is the same drawing as public/favicon.svg, as a data: URI', () => {
    const file = readFileSync(new URL('../../../public/favicon.svg', import.meta.url), 'utf8').trim();
    expect(FAVICON_SVG).toBe(file);
    expect(decodeURIComponent(FAVICON_DATA_URI.slice('data:image/svg+xml,'.length))).toBe(file);
  });
});
