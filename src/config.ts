import { z } from 'zod';
import { findFromProblem, getDefaultFrom } from './domain/mail.js';

const OIDC_KEYS = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;

const configSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    // Server processes sharing the port (node:cluster); unset: one per core. 1 serves from this process alone.
    WORKERS: z.coerce.number().int().min(1).max(64).optional(),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: z
      .string()
      .default('file:./data/tillit.db')
      .refine((value) => /^(file:|postgres:\/\/|postgresql:\/\/)/.test(value), {
        message: 'must start with file: (SQLite) or postgres:// (PostgreSQL)',
      }),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    CONTENT_DIR: z.string().min(1).default('./content'),
    PUBLIC_URL: z.url().optional(),
    // Without PUBLIC_URL: the hosts (name, or name:port) whose requests may name their own origin
    // in absolute links. A request for any other host gets http://localhost:PORT in its links.
    ALLOWED_HOSTS: z
      .string()
      .optional()
      .transform((value) =>
        value === undefined
          ? undefined
          : value
              .split(',')
              .map((host) => host.trim().toLowerCase())
              .filter((host) => host !== ''),
      )
      .refine(
        (hosts) =>
          hosts === undefined ||
          hosts.every((host) => /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?)(:\d{1,5})?$/.test(host)),
        { message: 'must be a comma-separated list of host names or host:port pairs, without a scheme or a path' },
      ),
    // Strict-Transport-Security on responses to HTTPS requests; 0 sends none.
    HSTS_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(63_072_000).default(31_536_000),
    HSTS_INCLUDE_SUBDOMAINS: z.stringbool().default(false),
    LOG_LEVEL: z.enum(['silent', 'error', 'info', 'debug']).default('info'),
    METRICS_TOKEN: z.string().min(16).optional(),
    TRUST_PROXY: z.stringbool().default(false),
    // Trusted proxies in front of Tillit (with TRUST_PROXY): the client's address is the one the
    // outermost of them recorded in X-Forwarded-For.
    TRUST_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
    // Per-client limit on the search page and the search API: a burst of this many requests,
    // refilled over RATE_LIMIT_WINDOW_SECONDS. 0 turns the limit off.
    RATE_LIMIT_SEARCH: z.coerce.number().int().min(0).max(1_000_000).default(30),
    RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(10),
    RATE_LIMIT_MAX_CLIENTS: z.coerce.number().int().min(100).max(10_000_000).default(10_000),
    // How often each process adds its counts to the shared ones in the database and learns which
    // clients are over the limit across all processes.
    RATE_LIMIT_SYNC_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
    // The largest document file staff may upload, in bytes (25 MB unless set).
    DOCUMENT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(2 * 1024 * 1024 * 1024)
      .default(25 * 1024 * 1024),
    // How long access to a gated document lasts when staff (or a rule) grant it without choosing an end.
    ACCESS_GRANT_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    OIDC_ISSUER: z
      .url()
      .refine(
        (value) => /^https:\/\//.test(value) || /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/.test(value),
        {
          message: 'must be an https:// URL (plain http only for a provider on localhost)',
        },
      )
      .optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    // The SMTP server mail goes through (smtp://user:password@host:587, smtps://… for TLS from the
    // start). Without it mail waits in the outbox, where administrators can read it.
    SMTP_URL: z
      .url()
      .refine((value) => /^smtps?:\/\//i.test(value), { message: 'must start with smtp:// or smtps://' })
      .optional(),
    // The From of every mail; tillit@<PUBLIC_URL's host> (or tillit@localhost) when unset.
    MAIL_FROM: z
      .string()
      .trim()
      .optional()
      .superRefine((value, context) => {
        const problem = value === undefined ? undefined : findFromProblem(value);
        if (problem)
          context.addIssue({ code: 'custom', message: `${problem} (name@example.com or Name <name@example.com>)` });
      }),
    // How often each process looks for mail that is due (mail queued by the process itself goes at once).
    MAIL_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  })
  .superRefine((config, context) => {
    // OpenID Connect sign-in is all or nothing: a half-set group is a typo, not a choice.
    const given = OIDC_KEYS.filter((key) => config[key] !== undefined);
    if (given.length > 0 && given.length < OIDC_KEYS.length) {
      for (const key of OIDC_KEYS.filter((key) => config[key] === undefined)) {
        context.addIssue({
          code: 'custom',
          path: [key],
          message: `is required when ${given.join(' and ')} is set (OpenID Connect sign-in needs all of ${OIDC_KEYS.join(', ')}, or none)`,
        });
      }
    }
    if (given.length === OIDC_KEYS.length && config.PUBLIC_URL === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message:
          'is required for OpenID Connect sign-in (the identity provider sends people back to PUBLIC_URL/admin/oidc/callback)',
      });
    }
  })
  .transform((config) => ({ ...config, MAIL_FROM: config.MAIL_FROM ?? getDefaultFrom(config.PUBLIC_URL) }));

/** Validated process configuration. */
export type Config = z.infer<typeof configSchema>;

/** Reads the environment once and lists every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Raised at boot when the environment is unusable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
