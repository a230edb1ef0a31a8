import { afterEach, describe, expect, it } from 'vitest';
import { signInAtProvider, startTestOidcProvider, TEST_OIDC_CLIENT } from '../../test/oidc-test-provider.js';
import { AppError } from '../domain/errors.js';
import { isLoopbackIssuer, OidcService } from './oidc.service.js';

// Nothing listens here: the provider only needs it registered, and the test stops at the redirect.
const REDIRECT_URI = 'http://127.0.0.1:9/admin/oidc/callback';
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function startProvider(options: { isEmailVerified?: boolean } = {}) {
  const provider = await startTestOidcProvider({ redirectUri: REDIRECT_URI, ...options });
  stops.push(provider.stop);
  const oidc = new OidcService({ issuer: provider.issuer, ...TEST_OIDC_CLIENT, redirectUri: REDIRECT_URI });
  return { provider, oidc };
}

async function signIn(oidc: OidcService, login: string) {
  const start = await oidc.beginSignIn();
  const callbackUrl = new URL(await signInAtProvider(start.url, login));
  return { start, callbackUrl };
}

describe('OidcService', () => {
  it('returns the e-mail address the provider verified', async () => {
    const { oidc } = await startProvider();
    const { start, callbackUrl } = await signIn(oidc, 'ada@example.test');
    expect(await oidc.completeSignIn(callbackUrl, start)).toEqual({ email: 'ada@example.test', emailVerified: true });
  });

  it('refuses an e-mail address the provider says is not verified', async () => {
    const { oidc } = await startProvider({ isEmailVerified: false });
    const { start, callbackUrl } = await signIn(oidc, 'ada@example.test');
    await expect(oidc.completeSignIn(callbackUrl, start)).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'The identity provider has not verified the e-mail address ada@example.test.',
    });
  });

  it('refuses an answer meant for another sign-in (other nonce, other PKCE verifier)', async () => {
    const { oidc } = await startProvider();
    const { start, callbackUrl } = await signIn(oidc, 'ada@example.test');
    const other = await oidc.beginSignIn();
    await expect(oidc.completeSignIn(callbackUrl, { ...start, nonce: other.nonce })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const second = await signIn(oidc, 'ada@example.test');
    await expect(
      oidc.completeSignIn(second.callbackUrl, { ...second.start, codeVerifier: other.codeVerifier }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('discovers again on the next sign-in after the provider was unreachable', async () => {
    const { provider, oidc } = await startProvider();
    provider.setAvailable(false);
    const failure = await oidc.beginSignIn().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'unavailable' });
    provider.setAvailable(true);
    const start = await oidc.beginSignIn();
    expect(new URL(start.url).origin).toBe(provider.issuer);
  });

  it('talks plain http only to a provider on this machine', async () => {
    expect(isLoopbackIssuer(new URL('http://127.0.0.1:4000'))).toBe(true);
    expect(isLoopbackIssuer(new URL('http://localhost:4000/realms/staff'))).toBe(true);
    expect(isLoopbackIssuer(new URL('http://idp.example.test'))).toBe(false);
    const remote = new OidcService({
      issuer: 'http://idp.example.test',
      ...TEST_OIDC_CLIENT,
      redirectUri: REDIRECT_URI,
    });
    await expect(remote.beginSignIn()).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('only requests to HTTPS are allowed'),
    });
  });
});
