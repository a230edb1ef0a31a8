/** Every user-visible string of the staff (admin) surface, in English; the type other languages must match. */
export const adminEn = {
  productName: 'Tillit',
  adminSuffix: 'Admin',
  titleSuffix: 'Tillit Admin',
  skipToContent: 'Skip to content',
  navLabel: 'Administration',
  navDashboard: 'Dashboard',
  navEntries: 'Entries',
  navAuditLog: 'Audit log',
  navAccount: 'Account',
  signOut: 'Sign out',
  messagesLabel: 'Messages',
  errorSummaryTitle: 'There is a problem',
  errorPrefix: 'Error:',

  signInTitle: 'Sign in',
  signInIntro: 'Sign in with your staff account to manage the trust center.',
  emailLabel: 'Email address',
  passwordLabel: 'Password',
  signInButton: 'Sign in',
  emailRequired: 'Enter your email address.',
  emailInvalid: 'Enter an email address in the form name@example.com.',
  passwordRequired: 'Enter your password.',
  invalidCredentials: 'The email address or password is not correct.',
  tooManyAttempts: (minutes: number) =>
    `Too many failed sign-ins. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
  signedOut: 'You have been signed out.',

  dashboardTitle: 'Dashboard',
  signedInAs: (name: string, email: string) => `Signed in as ${name} (${email}).`,
  roleIs: (role: string) => `Your role: ${role}.`,

  passwordTitle: 'Change password',
  passwordIntro: 'Changing your password signs you out everywhere else.',
  currentPasswordLabel: 'Current password',
  newPasswordLabel: 'New password',
  confirmPasswordLabel: 'Repeat the new password',
  newPasswordHint: (min: number, max: number) => `Between ${min} and ${max} characters. A long phrase is easier to remember.`,
  changePasswordButton: 'Change password',
  currentPasswordRequired: 'Enter your current password.',
  currentPasswordWrong: 'The current password is not correct.',
  newPasswordTooShort: (min: number) => `The new password must be at least ${min} characters.`,
  newPasswordTooLong: (max: number) => `The new password must be at most ${max} characters.`,
  passwordsDiffer: 'The two new passwords are not the same.',
  passwordChanged: 'Your password has been changed and your other sessions have ended.',

  formExpiredTitle: 'The form has expired',
  formExpiredText: 'The form has expired or was not sent by this site. Reload the page and try again.',
  forbiddenTitle: 'Not allowed',
  forbiddenText: 'Your role does not allow this. Ask an administrator if you need it.',
  unauthorizedTitle: 'Sign in first',
  unauthorizedText: 'Your session has ended. Sign in again to continue.',
  notFoundTitle: 'Page not found',
  notFoundText: 'There is no such page in the administration.',
  badRequestTitle: 'That request could not be handled',
  rateLimitedTitle: 'Too many attempts',
  rateLimitedText: 'Too many attempts. Wait a few minutes and try again.',
  conflictTitle: 'That conflicts with existing data',
  unavailableTitle: 'Temporarily unavailable',
  unavailableText: 'The service is temporarily unavailable. Try again in a moment.',
  backToDashboard: 'Back to the dashboard',
  goToSignIn: 'Go to the sign-in page',
} as const;

/** The shape every admin translation has. */
export type AdminMessages = {
  readonly [K in keyof typeof adminEn]: (typeof adminEn)[K] extends (...args: infer A) => string ? (...args: A) => string : string;
};
