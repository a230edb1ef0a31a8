import { describe, expect, it } from 'vitest';
import { createSignInToken, isSameSecret, isValidSignInToken, SIGN_IN_TOKEN_TTL_MS } from './csrf.js';

const SECRET = 'test-secret-of-sufficient-length-0123456789';

describe('sign-in form tokens', () => {
  it('accepts a fresh token signed with our secret', () => {
    const now = new Date('2026-11-27T10:00:00Z');
    const token = createSignInToken(SECRET, now);
    expect(isValidSignInToken(SECRET, token, now)).toBe(true);
    expect(isValidSignInToken(SECRET, token, new Date(now.getTime() + SIGN_IN_TOKEN_TTL_MS - 1000))).toBe(true);
  });

  it('refuses an expired, tampered or foreign token', () => {
    const now = new Date('2026-11-27T10:00:00Z');
    const token = createSignInToken(SECRET, now);
    const [issuedAt, nonce, signature] = token.split('.');
    expect(isValidSignInToken(SECRET, token, new Date(now.getTime() + SIGN_IN_TOKEN_TTL_MS))).toBe(false);
    expect(isValidSignInToken('another secret entirely', token, now)).toBe(false);
    expect(isValidSignInToken(SECRET, `${issuedAt}.${nonce}x.${signature}`, now)).toBe(false);
    // Moving the issue time forward to extend the token's life breaks the signature.
    const later = (now.getTime() + 1000).toString(36);
    expect(isValidSignInToken(SECRET, `${later}.${nonce}.${signature}`, now)).toBe(false);
    expect(isValidSignInToken(SECRET, `${token}.extra`, now)).toBe(false);
    expect(isValidSignInToken(SECRET, '', now)).toBe(false);
  });
});

describe('isSameSecret', () => {
  it('compares whole values, whatever their lengths', () => {
    expect(isSameSecret('abc', 'abc')).toBe(true);
    expect(isSameSecret('abc', 'abd')).toBe(false);
    expect(isSameSecret('abc', 'abcd')).toBe(false);
    expect(isSameSecret('', 'a')).toBe(false);
  });
});
