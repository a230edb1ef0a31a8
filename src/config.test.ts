import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has working defaults for the two-command quick start', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe('file:./data/tillit.db');
    expect(config.TRUST_PROXY).toBe(false);
  });

  it('lists every problem at once', () => {
    const error = (() => {
      try {
        loadConfig({ PORT: 'x', DATABASE_URL: 'mysql://db', METRICS_TOKEN: 'short' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const message = String((error as ConfigError).message);
    expect(message).toContain('PORT:');
    expect(message).toContain('DATABASE_URL:');
    expect(message).toContain('METRICS_TOKEN:');
  });

  it('wants all OpenID Connect settings or none, and a public URL with them', () => {
    expect(() => loadConfig({ OIDC_ISSUER: 'https://id.example.test' })).toThrow(
      /OIDC_CLIENT_ID: is required when OIDC_ISSUER/,
    );
    expect(() =>
      loadConfig({ OIDC_ISSUER: 'https://id.example.test', OIDC_CLIENT_ID: 'tillit', OIDC_CLIENT_SECRET: 's' }),
    ).toThrow(/PUBLIC_URL: is required for OpenID Connect/);
    expect(() =>
      loadConfig({ OIDC_ISSUER: 'http://id.example.test', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b' }),
    ).toThrow(/must be an https:\/\/ URL/);
    const config = loadConfig({
      OIDC_ISSUER: 'https://id.example.test',
      OIDC_CLIENT_ID: 'tillit',
      OIDC_CLIENT_SECRET: 'secret',
      PUBLIC_URL: 'https://trust.example.test',
    });
    expect(config.OIDC_CLIENT_ID).toBe('tillit');
  });
});
