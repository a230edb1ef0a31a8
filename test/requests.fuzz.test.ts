import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './create-test-app.js';
import { AWKWARD_TEXT, fuzzParameters, fuzzTimeout, parserText } from './fuzz.js';

// Pieces of URLs and form bodies that parsers get wrong: escapes, repeated keys, separators, traversal.
const URL_PIECES = [
  ...AWKWARD_TEXT,
  '%',
  '%2',
  '%ZZ',
  '%00',
  '%C3%A5',
  '%C3',
  '%FF%FE',
  '%E2%80%AE',
  '+',
  '&',
  '=',
  '?',
  '#',
  ';',
  '/',
  '//',
  '..',
  '%2e%2e',
  '\\',
  'q=',
  'tag=',
  'tag[]=',
  'category=',
  'page=',
  'page=-1',
  'page=1e9',
  'verbatim=1',
  'lang=sv',
  'document=',
  'mfa',
  'säkerhetskopia',
  'a'.repeat(600),
] as const;

const ORIGIN = 'https://trust.example.test';

describe('public requests under fuzzing (query strings, paths and forms)', () => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    app = await createTestApp({ appOptions: { searchRateLimit: { burst: 0, windowSeconds: 60, maxClients: 1000 } } });
  });
  afterAll(async () => {
    await app?.close();
  });

  const request = (path: string, init?: RequestInit) => app.app.request(`${ORIGIN}${path}`, init);

  it(
    'answers any query string on the search, API and list pages without a server error',
    async () => {
      const paths = ['/search', '/api/v1/search', '/documents', '/category', '/request-access', '/'];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...paths), parserText(URL_PIECES, 20), async (path, query) => {
          const response = await request(`${path}?${query.replace(/#/g, '%23')}`);
          expect(response.status, `${path}?${query}`).toBeLessThan(500);
          await response.arrayBuffer();
        }),
        fuzzParameters(150),
      );
    },
    fuzzTimeout(150, 40),
  );

  it(
    'answers any path without a server error',
    async () => {
      const prefixes = [
        '/',
        '/faq/',
        '/category/',
        '/tag/',
        '/documents/',
        '/assets/',
        '/access/',
        '/download/',
        '/api/v1/',
      ];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...prefixes), parserText(URL_PIECES, 12), async (prefix, rest) => {
          const path = `${prefix}${rest.replace(/[?#]/g, '')}`;
          let response: Response;
          try {
            response = await request(path);
          } catch (error) {
            // A path the URL parser itself refuses never reaches the server.
            if (error instanceof TypeError) return;
            throw error;
          }
          expect(response.status, path).toBeLessThan(500);
          await response.arrayBuffer();
        }),
        fuzzParameters(150),
      );
    },
    fuzzTimeout(150, 40),
  );

  it(
    'answers any access-request form body without a server error',
    async () => {
      const field = fc.constantFrom('name', 'email', 'company', 'reason', 'document', 'acceptNda', 'x', '');
      const body = fc
        .array(fc.tuple(field, parserText(URL_PIECES, 8)), { maxLength: 8 })
        .map((pairs) => pairs.map(([key, value]) => `${key}=${value}`).join('&'));
      await fc.assert(
        fc.asyncProperty(body, async (text) => {
          const response = await request('/request-access', {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
            body: text,
          });
          expect(response.status, text).toBeLessThan(500);
          await response.arrayBuffer();
        }),
        fuzzParameters(60),
      );
    },
    fuzzTimeout(60, 80),
  );
});
