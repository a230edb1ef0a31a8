import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { AppError } from '../domain/errors.js';
import type { Actor, Enrolment } from '../domain/staff.js';
import type { TwoFactorRepository } from '../storage/two-factor.repository.js';
import type { AuditService } from './audit.service.js';

/** How many recovery codes an enrolment hands out. */
export const RECOVERY_CODE_COUNT = 10;

function twoFactorNotOn(): AppError {
  return new AppError('conflict', 'Two-step sign-in is not on for this account.');
}

function hashCode(code: string): string {
  return createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');
}

function createRecoveryCode(): string {
  // 10 characters of base32 in two groups: easy to type, 50 bits of entropy.
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(10);
  const characters = [...bytes].map((byte) => alphabet[byte % alphabet.length] ?? 'a');
  return `${characters.slice(0, 5).join('')}-${characters.slice(5).join('')}`;
}

/** TOTP second factor: enrolment with a QR code, recovery codes, verification at sign-in. */
export class TwoFactorService {
  constructor(
    private readonly repository: TwoFactorRepository,
    private readonly audit: AuditService,
    private readonly now: () => Date,
    private readonly issuer = 'Tillit',
  ) {}

  /** Whether an account has a confirmed second factor. */
  async isEnabled(userId: number): Promise<boolean> {
    return (await this.repository.find(userId))?.enabledAt != null;
  }

  /** Starts (or restarts) enrolment: a fresh secret, shown once as a QR code and as text. */
  async beginEnrolment(actor: Actor): Promise<Enrolment> {
    const state = await this.repository.find(actor.userId);
    if (!state) throw new AppError('not_found', 'No such staff account');
    if (state.enabledAt !== null) throw new AppError('conflict', 'Two-step sign-in is already on for this account');
    const secret = state.secret ?? new Secret({ size: 20 }).base32;
    if (state.secret === null) await this.repository.savePendingSecret(actor.userId, secret);
    const totp = this.createTotp(secret, actor.email);
    const uri = totp.toString();
    // Only enrolment draws QR codes, so the module is loaded then rather than at every start.
    const { default: QRCode } = await import('qrcode');
    const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { secret, uri, qrSvg };
  }

  /** Confirms enrolment with a first code and returns the recovery codes (shown once). */
  async confirmEnrolment(actor: Actor, code: string, ip?: string): Promise<string[]> {
    const state = await this.repository.find(actor.userId);
    if (!state?.secret || state.enabledAt !== null)
      throw new AppError('conflict', 'Start the set-up again: no pending secret');
    const step = this.findUnusedTotpStep(state.secret, actor.email, code, state.lastStep);
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, createRecoveryCode);
    const isEnabled =
      step !== undefined &&
      (await this.repository.enable(actor.userId, this.now().toISOString(), codes.map(hashCode), step));
    if (!isEnabled) {
      throw new AppError(
        'invalid_input',
        'That code is not correct. Check the time on your phone and try the next code.',
        [{ source: 'form', field: 'code', message: 'is not the current code' }],
      );
    }
    await this.audit.record({
      actor,
      action: 'auth.two_factor_enable',
      targetType: 'staff_user',
      targetId: String(actor.userId),
      ip,
      summary: 'two-step sign-in turned on',
    });
    return codes;
  }

  /**
   * Turns the second factor off after checking a current code or a recovery code. An account
   * without it is refused (conflict): there is nothing to check a code against or to turn off.
   */
  async disable(actor: Actor, code: string, ip?: string): Promise<void> {
    if (!(await this.isEnabled(actor.userId))) throw twoFactorNotOn();
    if (!(await this.verify(actor.userId, actor.email, code))) {
      throw new AppError('invalid_input', 'That code is not correct.', [
        { source: 'form', field: 'code', message: 'is not a valid code' },
      ]);
    }
    // Conditional, so of two concurrent requests only one turns it off and is audited.
    if (!(await this.repository.disable(actor.userId))) throw twoFactorNotOn();
    await this.audit.record({
      actor,
      action: 'auth.two_factor_disable',
      targetType: 'staff_user',
      targetId: String(actor.userId),
      ip,
      summary: 'two-step sign-in turned off',
    });
  }

  /**
   * Checks a sign-in code: true when the account has no second factor, or the code is a current
   * TOTP code not used before (its step is then recorded as used), or an unused recovery code (which
   * is then used up).
   */
  async verify(userId: number, email: string, code: string | undefined): Promise<boolean> {
    const state = await this.repository.find(userId);
    if (!state?.enabledAt || !state.secret) return true;
    if (!code) return false;
    const step = this.findUnusedTotpStep(state.secret, email, code, state.lastStep);
    if (step !== undefined) return this.repository.useTotpStep(userId, step);
    const hash = hashCode(code);
    const match = state.recoveryCodeHashes.find((candidate) =>
      timingSafeEqual(Buffer.from(candidate), Buffer.from(hash)),
    );
    if (!match) return false;
    const remaining = state.recoveryCodeHashes.filter((candidate) => candidate !== match);
    return this.repository.consumeRecoveryCode(userId, remaining, state.recoveryCodeHashes);
  }

  private createTotp(secret: string, email: string): TOTP {
    return new TOTP({
      issuer: this.issuer,
      label: email,
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      secret: Secret.fromBase32(secret),
    });
  }

  /**
   * The time step whose TOTP code `code` is, when that step is later than `lastStep` (the last one
   * used); undefined otherwise. A code can then be used only once, and never after a later one.
   */
  private findUnusedTotpStep(secret: string, email: string, code: string, lastStep: number | null): number | undefined {
    const token = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(token)) return undefined;
    const totp = this.createTotp(secret, email);
    const periodMs = totp.period * 1000;
    const current = Math.floor(this.now().getTime() / periodMs);
    // One step either side tolerates a phone clock that is a little off, but only steps not yet used.
    for (const step of [current - 1, current, current + 1]) {
      if (lastStep !== null && step <= lastStep) continue;
      if (timingSafeEqual(Buffer.from(totp.generate({ timestamp: step * periodMs })), Buffer.from(token))) return step;
    }
    return undefined;
  }
}
