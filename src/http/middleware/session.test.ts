import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { getClientIp, getRequestOrigin, isSecureRequest, type TransportOptions } from './session.js';

/** What a request looks like to the app behind `options`: its client IP, origin and whether it is HTTPS. */
async function seen(headers: Record<string, string>, options: TransportOptions) {
  const app = new Hono();
  app.get('/', (c) =>
    c.json({
      ip: getClientIp(c, options) ?? null,
      origin: getRequestOrigin(c, options),
      secure: isSecureRequest(c, options),
    }),
  );
  const response = await app.request(
    'http://tillit.internal:3000/',
    { headers },
    {
      incoming: { socket: { remoteAddress: '10.0.0.9' } },
    },
  );
  return (await response.json()) as { ip: string | null; origin: string; secure: boolean };
}

describe('forwarded headers', () => {
  const forwarded = {
    'x-forwarded-for': '203.0.113.7, 198.51.100.20',
    'x-forwarded-proto': 'http, https',
    'x-forwarded-host': 'forged.example, trust.example.com',
  };

  it('ignores them without TRUST_PROXY: the socket address and the request URL count', async () => {
    expect(await seen(forwarded, {})).toEqual({ ip: '10.0.0.9', origin: 'http://tillit.internal:3000', secure: false });
  });

  it('behind one proxy, takes the values it appended, never those the client wrote in front', async () => {
    expect(await seen(forwarded, { trustProxy: true })).toEqual({
      ip: '198.51.100.20',
      origin: 'https://trust.example.com',
      secure: true,
    });
  });

  it('behind two proxies, takes the values the outer one recorded', async () => {
    const chained = { ...forwarded, 'x-forwarded-for': '203.0.113.7, 198.51.100.20, 10.0.0.2' };
    expect((await seen(chained, { trustProxy: true, proxyHops: 2 })).ip).toBe('198.51.100.20');
  });

  it('uses the first value of a header shorter than the hops, and the socket without the header', async () => {
    expect((await seen({ 'x-forwarded-for': '198.51.100.20' }, { trustProxy: true, proxyHops: 3 })).ip).toBe(
      '198.51.100.20',
    );
    expect((await seen({}, { trustProxy: true })).ip).toBe('10.0.0.9');
  });
});
