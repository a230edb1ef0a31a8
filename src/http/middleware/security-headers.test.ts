import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/create-test-app.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

describe('Strict-Transport-Security', () => {
  let plain: TestApp;
  let proxied: TestApp;
  beforeAll(async () => {
    plain = await createTestApp({ content: 'minimal' });
    proxied = await createTestApp({
      content: 'minimal',
      appOptions: { trustProxy: true, hstsMaxAgeSeconds: 600, hstsIncludeSubdomains: true },
    });
  });
  afterAll(async () => {
    await plain.close();
    await proxied.close();
  });

  it('is sent, for a year by default, only on requests that came over HTTPS', async () => {
    const secure = await plain.app.request('https://trust.example.test/');
    expect(secure.headers.get('strict-transport-security')).toBe('max-age=31536000');
    const insecure = await plain.app.request('http://localhost/');
    expect(insecure.headers.get('strict-transport-security')).toBeNull();
    // Without TRUST_PROXY a client cannot claim HTTPS for itself.
    const claimed = await plain.app.request('http://localhost/', { headers: { 'x-forwarded-proto': 'https' } });
    expect(claimed.headers.get('strict-transport-security')).toBeNull();
  });

  it('follows a trusted proxy and the configured age and subdomains', async () => {
    const response = await proxied.app.request('http://localhost/healthz', {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(response.headers.get('strict-transport-security')).toBe('max-age=600; includeSubDomains');
  });

  it('is not sent when turned off', async () => {
    const off = await createTestApp({ appOptions: { hstsMaxAgeSeconds: 0 }, content: 'minimal' });
    try {
      expect(
        (await off.app.request('https://trust.example.test/')).headers.get('strict-transport-security'),
      ).toBeNull();
    } finally {
      await off.close();
    }
  });
});
