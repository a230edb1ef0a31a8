import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** A staff account's second-factor state. */
export interface TwoFactorRecord {
  /** Base32 TOTP secret; set during enrolment before it is confirmed. */
  secret: string | null;
  enabledAt: string | null;
  /** SHA-256 hashes of the unused recovery codes. */
  recoveryCodeHashes: string[];
}

/** Reads and writes the TOTP columns of staff_user. */
export class TwoFactorRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The state of one account, or undefined when it does not exist. */
  async find(userId: number): Promise<TwoFactorRecord | undefined> {
    const row = await this.db
      .selectFrom('staff_user')
      .select(['totp_secret', 'totp_enabled_at', 'recovery_codes'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      secret: row.totp_secret,
      enabledAt: row.totp_enabled_at,
      recoveryCodeHashes: parseHashes(row.recovery_codes),
    };
  }

  /** Stores a new, not yet confirmed secret (replacing an unconfirmed one). */
  async savePendingSecret(userId: number, secret: string): Promise<void> {
    await this.db
      .updateTable('staff_user')
      .set({ totp_secret: secret, totp_enabled_at: null, recovery_codes: null })
      .where('id', '=', userId)
      .where('totp_enabled_at', 'is', null)
      .execute();
  }

  /** Turns the second factor on with its recovery codes. */
  async enable(userId: number, enabledAt: string, recoveryCodeHashes: string[]): Promise<void> {
    await this.db
      .updateTable('staff_user')
      .set({ totp_enabled_at: enabledAt, recovery_codes: JSON.stringify(recoveryCodeHashes) })
      .where('id', '=', userId)
      .execute();
  }

  /** Removes one used recovery code; false when it was already gone (used concurrently). */
  async consumeRecoveryCode(userId: number, remaining: string[], expectedBefore: string[]): Promise<boolean> {
    const result = await this.db
      .updateTable('staff_user')
      .set({ recovery_codes: JSON.stringify(remaining) })
      .where('id', '=', userId)
      .where('recovery_codes', '=', JSON.stringify(expectedBefore))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Turns the second factor off and forgets the secret. */
  async disable(userId: number): Promise<void> {
    await this.db
      .updateTable('staff_user')
      .set({ totp_secret: null, totp_enabled_at: null, recovery_codes: null })
      .where('id', '=', userId)
      .execute();
  }
}

function parseHashes(value: string | null): string[] {
  if (value === null) return [];
  const parsed: unknown = JSON.parse(value);
  return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
}
