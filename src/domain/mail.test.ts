import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { getRetryDelayMs, type OutgoingMail, validateOutgoingMail } from './mail.js';

const mail: OutgoingMail = { to: 'anna@example.se', subject: 'Hej', text: 'Text', language: 'sv', kind: 'test' };

function problemsOf(candidate: OutgoingMail): { field?: string; message: string }[] {
  try {
    validateOutgoingMail(candidate);
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input') return error.problems;
    throw error;
  }
  return [];
}

describe('validateOutgoingMail', () => {
  it('accepts a plain mail with a List-Unsubscribe header', () => {
    expect(problemsOf({ ...mail, headers: { 'List-Unsubscribe': '<https://trust.example/unsubscribe/x>' } })).toEqual(
      [],
    );
  });

  it.each([
    'åsa.öberg@exempel.se',
    'åsa.öberg@företag.se'.normalize('NFD'),
    'first.last+tag@sub.example.com',
    'x@xn--exmple-cua.xn--p1ai',
  ])('accepts the address %j', (to) => {
    expect(problemsOf({ ...mail, to })).toEqual([]);
  });

  it.each([
    ['a@b.se\r\nBcc: x@y.se', 'to'],
    ['a@b.se\nBcc: x@y.se', 'to'],
    ['Anna <anna@example.se>', 'to'],
    ['anna@example.se, eve@example.se', 'to'],
    ['"a@b"@example.se', 'to'],
    ['a..b@example.se', 'to'],
    ['a@example', 'to'],
    ['a@-example.se', 'to'],
    ['a b@example.se', 'to'],
    ['', 'to'],
    [`${'a'.repeat(65)}@example.se`, 'to'],
    [`a@${'b'.repeat(250)}.se`, 'to'],
  ])('refuses the recipient %j, naming the field', (to, field) => {
    expect(problemsOf({ ...mail, to }).map((problem) => problem.field)).toEqual([field]);
  });

  it.each(['Hej\nBcc: x@y.se', 'Hej\rthere', 'Hej\u0000', 'Hej\u2028there', ' '])(
    'refuses the subject %j',
    (subject) => {
      expect(problemsOf({ ...mail, subject }).map((problem) => problem.field)).toEqual(['subject']);
    },
  );

  it('refuses header names and values that could add headers, and the headers the outbox sets', () => {
    const problems = problemsOf({
      ...mail,
      headers: { 'X-Ok': 'fine', 'X-Bad': 'a\r\nBcc: x@y.se', 'Bad Name': 'v', BCC: 'x@y.se', 'X-A:b': 'v' },
    });
    expect(problems.map((problem) => problem.field)).toEqual([
      'headers.X-Bad',
      'headers."Bad Name"',
      'headers.BCC',
      'headers."X-A:b"',
    ]);
  });

  it('says what is wrong in its message', () => {
    expect(() => validateOutgoingMail({ ...mail, to: 'a@b.se\r\nBcc: x@y' })).toThrow(
      /to must not contain line breaks/,
    );
  });
});

describe('getRetryDelayMs', () => {
  it('waits a minute, doubles, and stops at an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((attempts) => getRetryDelayMs(attempts) / 60_000)).toEqual([
      1, 2, 4, 8, 16, 32, 60, 60, 60,
    ]);
  });
});
