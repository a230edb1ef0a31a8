import { z } from 'zod';

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
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
  LOG_LEVEL: z.enum(['silent', 'error', 'info', 'debug']).default('info'),
  METRICS_TOKEN: z.string().min(16).optional(),
  TRUST_PROXY: z.stringbool().default(false),
});

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
