import { randomBytes, randomInt } from 'node:crypto';
import { type Options as HashOptions, hash, verify } from '@node-rs/argon2';
import { AppError } from '../domain/errors.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../domain/staff.js';
import type { AuditInput } from './audit.service.js';

// The rules both staff services apply to passwords, e-mail addresses and tokens: an account is
// created and reset by the staff service, signed into by the sign-in service, and both must agree.

/** Where the staff and sign-in services send audit events: AuditService.record. */
export type StaffAuditRecorder = (event: AuditInput) => Promise<void>;

/** Where a request comes from, for throttling and the audit log. */
export interface RequestOrigin {
  ip?: string;
}

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
const HASH_OPTIONS: HashOptions = {
  algorithm: 2 /* Algorithm.Argon2id; a const enum cannot be imported under isolatedModules */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

/** A random URL-safe token of `bytes` random bytes. */
export function createRandomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Trims, composes (NFC: an "å" typed as a + ring is the "å" of another keyboard) and lower-cases an email so one
 * mailbox is one account.
 */
export function normalizeEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

/** Problems with a proposed password, empty when it is acceptable. */
export function checkPasswordPolicy(password: string): string[] {
  // Count code points, not UTF-16 units, so an emoji is one character as people count it.
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return [`must be at least ${MIN_PASSWORD_LENGTH} characters`];
  if (length > MAX_PASSWORD_LENGTH) return [`must be at most ${MAX_PASSWORD_LENGTH} characters`];
  return [];
}

/** The argon2id hash of a password that meets the policy; `field` names the form field a refusal points at. */
export async function hashPassword(password: string, field: string): Promise<string> {
  const problems = checkPasswordPolicy(password);
  if (problems.length > 0) {
    throw new AppError(
      'invalid_input',
      `The password ${problems.join(' and ')}`,
      problems.map((message) => ({ source: 'form', field, message })),
    );
  }
  return hash(password, HASH_OPTIONS);
}

/** Whether a password matches its stored hash. */
export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password);
}

let dummyHash: Promise<string> | undefined;

/** A hash of a random password, made once, to verify against when an account has none (equal timing). */
export function getDummyPasswordHash(): Promise<string> {
  dummyHash ??= hash(createRandomToken(16), HASH_OPTIONS);
  return dummyHash;
}

/** Length of the generated one-time password. */
export const GENERATED_PASSWORD_LENGTH = 20;

// No 0/O, 1/l/I: the password is read off a terminal and typed in by hand.
const PASSWORD_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password drawn uniformly from an unambiguous alphabet. */
export function generatePassword(length = GENERATED_PASSWORD_LENGTH): string {
  let password = '';
  for (let index = 0; index < length; index++) password += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return password;
}
