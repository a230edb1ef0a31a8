import * as client from 'openid-client';
import { AppError } from '../domain/errors.js';

/** Where the identity provider is and how Tillit is registered with it. */
export interface OidcSettings {
  /** The provider's issuer URL (discovery reads `<issuer>/.well-known/openid-configuration`). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends the browser back: PUBLIC_URL + '/admin/oidc/callback'. */
  redirectUri: string;
}

/** What must survive the round trip to the provider, kept by the browser in a signed cookie. */
export interface OidcChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** A sign-in to start: send the browser to `url`, remember the checks. */
export interface OidcSignInStart extends OidcChecks {
  url: string;
}

/** Who the provider says signed in. */
export interface OidcIdentity {
  email: string;
  emailVerified: boolean;
}

/** Scopes asked for: the ID token must carry the e-mail address. */
export const OIDC_SCOPE = 'openid email profile';

/** Plain http is accepted only for a provider on this machine (tests, local trials). */
export function isLoopbackIssuer(issuer: URL): boolean {
  return issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
}

/** Sign-in with OpenID Connect (authorization code + PKCE) against one identity provider. */
export class OidcService {
  private configuration: Promise<client.Configuration> | undefined;
  private readonly issuer: URL;

  constructor(private readonly settings: OidcSettings) {
    this.issuer = new URL(settings.issuer);
  }

  /** Where the provider sends the browser back (registered with the provider). */
  get redirectUri(): string {
    return this.settings.redirectUri;
  }

  /** Builds the provider's authorization URL with fresh state, nonce and PKCE verifier. */
  async beginSignIn(): Promise<OidcSignInStart> {
    const configuration = await this.getConfiguration();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUri,
      scope: OIDC_SCOPE,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  /**
   * Checks the provider's answer (state, then the code exchange with PKCE, then the ID token's
   * signature and nonce) and returns the verified e-mail address.
   */
  async completeSignIn(callbackUrl: URL, checks: OidcChecks): Promise<OidcIdentity> {
    const configuration = await this.getConfiguration();
    const tokens = await client
      .authorizationCodeGrant(configuration, callbackUrl, {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      })
      .catch((error: unknown) => {
        throw toAppError(error, 'The identity provider’s answer was not accepted');
      });
    const claims = tokens.claims();
    const email = typeof claims?.email === 'string' ? claims.email.trim() : '';
    if (email === '') {
      throw new AppError(
        'invalid_input',
        'The identity provider did not say which e-mail address signed in (no email claim in the ID token).',
      );
    }
    // A provider that does not send email_verified at all is trusted to have checked the address itself.
    if (claims?.email_verified === false) {
      throw new AppError('invalid_input', `The identity provider has not verified the e-mail address ${email}.`);
    }
    return { email, emailVerified: claims?.email_verified === true };
  }

  /** Discovers the provider once; a failed discovery is forgotten so the next sign-in tries again. */
  private getConfiguration(): Promise<client.Configuration> {
    if (!this.configuration) {
      const options: client.DiscoveryRequestOptions = isLoopbackIssuer(this.issuer)
        ? { execute: [client.allowInsecureRequests] }
        : {};
      this.configuration = client
        .discovery(
          this.issuer,
          this.settings.clientId,
          undefined,
          client.ClientSecretBasic(this.settings.clientSecret),
          options,
        )
        .catch((error: unknown) => {
          this.configuration = undefined;
          throw toAppError(error, `The identity provider ${this.issuer.href} could not be reached`, 'unavailable');
        });
    }
    return this.configuration;
  }
}

/** Turns openid-client's errors into our one error type; anything unexpected stays as it is. */
function toAppError(error: unknown, context: string, code: 'invalid_input' | 'unavailable' = 'invalid_input'): unknown {
  if (error instanceof AppError) return error;
  const isProviderAnswer =
    error instanceof client.ResponseBodyError ||
    error instanceof client.AuthorizationResponseError ||
    error instanceof client.ClientError;
  // fetch() reports an unreachable host as a TypeError whose cause is the network error.
  const isNetworkFailure = error instanceof TypeError && error.cause !== undefined;
  if (isNetworkFailure) return new AppError('unavailable', `${context}: ${error.message}`);
  if (isProviderAnswer) return new AppError(code, `${context}: ${error.message}`);
  return error;
}
