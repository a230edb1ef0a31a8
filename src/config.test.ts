import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has working defaults for the two-command quick start', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe('file:./data/tillit.db');
    expect(config.TRUST_PROXY).toBe(false);
  });

  it('reads ALLOWED_HOSTS as a list of hosts and refuses URLs in it', () => {
    expect(loadConfig({}).ALLOWED_HOSTS).toBeUndefined();
    expect(loadConfig({ ALLOWED_HOSTS: 'Trust.Example.com, localhost:3000,[::1]' }).ALLOWED_HOSTS).toEqual([
      'trust.example.com',
      'localhost:3000',
      '[::1]',
    ]);
    expect(() => loadConfig({ ALLOWED_HOSTS: 'https://trust.example.com' })).toThrow(/ALLOWED_HOSTS:/);
    expect(() => loadConfig({ ALLOWED_HOSTS: 'trust.example.com/path' })).toThrow(/ALLOWED_HOSTS:/);
  });

  it('counts one trusted proxy unless told how many stand in front', () => {
    expect(loadConfig({}).TRUST_PROXY_HOPS).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'true', TRUST_PROXY_HOPS: '2' }).TRUST_PROXY_HOPS).toBe(2);
    expect(() => loadConfig({ TRUST_PROXY_HOPS: '0' })).toThrow(/TRUST_PROXY_HOPS:/);
  });

  it('limits search per client by default, and takes 0 to turn the limit off', () => {
    expect(loadConfig({})).toMatchObject({
      RATE_LIMIT_SEARCH: 30,
      RATE_LIMIT_WINDOW_SECONDS: 10,
      RATE_LIMIT_MAX_CLIENTS: 10_000,
      RATE_LIMIT_SYNC_MS: 1000,
    });
    expect(loadConfig({ RATE_LIMIT_SEARCH: '0' }).RATE_LIMIT_SEARCH).toBe(0);
    expect(() => loadConfig({ RATE_LIMIT_SEARCH: '-1', RATE_LIMIT_WINDOW_SECONDS: '0' })).toThrow(
      /RATE_LIMIT_SEARCH:[\s\S]*RATE_LIMIT_WINDOW_SECONDS:/,
    );
  });

  it('grants access for 90 days unless ACCESS_GRANT_DAYS says otherwise, and refuses a grant of no days', () => {
    expect(loadConfig({}).ACCESS_GRANT_DAYS).toBe(90);
    expect(loadConfig({ ACCESS_GRANT_DAYS: '30' }).ACCESS_GRANT_DAYS).toBe(30);
    expect(() => loadConfig({ ACCESS_GRANT_DAYS: '0' })).toThrow(/ACCESS_GRANT_DAYS/);
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

  it('reads SMTP_URL and MAIL_FROM, deriving the From from PUBLIC_URL when it is not given', () => {
    expect(loadConfig({}).SMTP_URL).toBeUndefined();
    expect(loadConfig({}).MAIL_FROM).toBe('tillit@localhost');
    expect(loadConfig({ PUBLIC_URL: 'https://trust.example.se/' }).MAIL_FROM).toBe('tillit@trust.example.se');
    expect(loadConfig({ PUBLIC_URL: 'http://127.0.0.1:3000' }).MAIL_FROM).toBe('tillit@localhost');
    const config = loadConfig({
      SMTP_URL: 'smtp://user:pass@mail.example.se:587',
      MAIL_FROM: 'Trust <trust@example.se>',
    });
    expect(config.SMTP_URL).toBe('smtp://user:pass@mail.example.se:587');
    expect(config.MAIL_FROM).toBe('Trust <trust@example.se>');
    expect(() => loadConfig({ SMTP_URL: 'https://mail.example.se' })).toThrow(/SMTP_URL: must start with smtp:\/\//);
    expect(() => loadConfig({ MAIL_FROM: 'trust@example.se\r\nBcc: x@y.se' })).toThrow(/MAIL_FROM: must /);
    expect(() => loadConfig({ MAIL_FROM: '"Trust" <trust@example.se>' })).toThrow(/MAIL_FROM:/);
  });
});
