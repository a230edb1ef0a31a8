import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** The client Tillit is registered as at the test provider. */
export const TEST_OIDC_CLIENT = {
  clientId: 'tillit-test',
  clientSecret: 'a-test-client-secret-that-is-long-enough',
} as const;

/**
 * A real OpenID Connect provider (oidc-provider) on a free loopback port. Its development
 * login form accepts any login: the login typed there becomes the subject and its e-mail address.
 */
export async function startTestOidcProvider(options: { redirectUri: string; isEmailVerified?: boolean }) {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_OIDC_CLIENT.clientId,
        client_secret: TEST_OIDC_CLIENT.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Put the scope's claims in the ID token, as most providers do for the code flow.
    conformIdTokenClaims: false,
    cookies: { keys: ['a-test-cookie-signing-key'] },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600 },
    findAccount: (_context, sub) => ({
      accountId: sub,
      claims: () => ({ sub, email: sub, email_verified: options.isEmailVerified ?? true, name: sub }),
    }),
  });
  const answer = provider.callback();
  let isAvailable = true;
  server.on('request', (request, response) => {
    if (isAvailable) return void answer(request, response);
    response.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance');
  });
  return {
    issuer,
    /** Makes the provider answer 503 to everything (false) or work again (true). */
    setAvailable(value: boolean) {
      isAvailable = value;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A fetch that keeps cookies by name (paths ignored) and never follows redirects. */
export class FetchCookieJar {
  readonly cookies = new Map<string, string>();

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0)
      headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      if (value === '' || /max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
}

/** The absolute URL a redirect response points to. */
export function readLocation(response: Response, base: string): string {
  const location = response.headers.get('location');
  if (!location) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(location, base).href;
}

/**
 * Plays the person at the provider: from the authorization URL through the development login
 * and consent forms, and returns the URL the provider sends the browser back to (the callback).
 */
export async function signInAtProvider(
  authorizationUrl: string,
  login: string,
  choice: 'allow' | 'abort' = 'allow',
): Promise<string> {
  const browser = new FetchCookieJar();
  let url = authorizationUrl;
  const origin = new URL(authorizationUrl).origin;
  for (let step = 0; step < 12; step++) {
    if (!url.startsWith(origin)) return url;
    const response = await browser.fetch(url);
    if (response.status >= 300 && response.status < 400) {
      url = readLocation(response, url);
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`the provider answered ${response.status}: ${html.slice(0, 500)}`);
    if (choice === 'abort') {
      const abort = /href="([^"]*\/abort)"/.exec(html)?.[1];
      if (!abort) throw new Error('no abort link on the provider page');
      url = new URL(abort, url).href;
      continue;
    }
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no interaction form on the provider page: ${html.slice(0, 500)}`);
    const fields: Record<string, string> =
      prompt === 'login' ? { prompt, login, password: 'any password' } : { prompt };
    const submitted = await browser.fetch(new URL(action, url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    url = readLocation(submitted, url);
  }
  throw new Error('the provider did not send the browser back');
}
