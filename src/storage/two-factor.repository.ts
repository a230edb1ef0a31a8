import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** A staff account's second-factor state. */
export interface TwoFactorRecord {
  /** Base32 TOTP secret; set during enrolment before it is confirmed. */
  secret: string | null;
  enabledAt: string | null;
  /** SHA-256 hashes of the unused recovery codes. */
  recoveryCodeHashes: string[];
  /** The last TOTP time step accepted (30-s periods since the epoch); codes of this step or earlier are refused. */
  lastStep: number | null;
}

/** Reads and writes the TOTP columns of staff_user. */
export class TwoFactorRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The state of one account, or undefined when it does not exist. */
  async find(userId: number): Promise<TwoFactorRecord | undefined> {
    const row = await this.db
      .selectFrom('staff_user')
      .select(['totp_secret', 'totp_enabled_at', 'recovery_codes', 'totp_last_step'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      secret: row.totp_secret,
      enabledAt: row.totp_enabled_at,
      recoveryCodeHashes: parseHashes(row.recovery_codes),
      lastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
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

  /**
   * Turns the second factor on with its recovery codes, recording the step of the code that confirmed
   * it; false when it was already on or that step was used (a concurrent confirmation won).
   */
  async enable(userId: number, enabledAt: string, recoveryCodeHashes: string[], step: number): Promise<boolean> {
    const result = await this.db
      .updateTable('staff_user')
      .set({ totp_enabled_at: enabledAt, recovery_codes: JSON.stringify(recoveryCodeHashes), totp_last_step: step })
      .where('id', '=', userId)
      .where('totp_enabled_at', 'is', null)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Records that a TOTP code of `step` was used, in one statement so that of several processes
   * checking the same code only one succeeds; false when this step or a later one was already used.
   */
  async useTotpStep(userId: number, step: number): Promise<boolean> {
    const result = await this.db
      .updateTable('staff_user')
      .set({ totp_last_step: step })
      .where('id', '=', userId)
      .where('totp_enabled_at', 'is not', null)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
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

  /**
   * Turns the second factor off and forgets the secret and its last used step (a new secret has new
   * codes); false when it was not on, so nothing changed.
   */
  async disable(userId: number): Promise<boolean> {
    const result = await this.db
      .updateTable('staff_user')
      .set({ totp_secret: null, totp_enabled_at: null, recovery_codes: null, totp_last_step: null })
      .where('id', '=', userId)
      .where('totp_enabled_at', 'is not', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}

function parseHashes(value: string | null): string[] {
  if (value === null) return [];
  const parsed: unknown = JSON.parse(value);
  return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
}
