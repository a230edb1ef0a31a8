import { describe, expect, it } from 'vitest';
import { adminEn } from '../../../i18n/admin-en.js';
import { SignInPage } from './sign-in-page.js';

const meta = { title: adminEn.signInTitle, messages: adminEn, path: '/admin/sign-in' };

async function render(isSingleSignOnEnabled: boolean | undefined, next?: string): Promise<string> {
  return await (
    <SignInPage
      meta={meta}
      formToken="t"
      email=""
      next={next}
      errors={[]}
      isSingleSignOnEnabled={isSingleSignOnEnabled}
    />
  ).toString();
}

describe('SignInPage', () => {
  it('offers single sign-on only when OpenID Connect is configured', async () => {
    expect(await render(true)).toContain('<a href="/admin/oidc/start">Sign in with single sign-on</a>');
    expect(await render(false)).not.toContain('/admin/oidc/start');
    expect(await render(undefined)).not.toContain('single sign-on');
  });

  it('passes `next` on to the single sign-on start', async () => {
    expect(await render(true, '/admin/users')).toContain('href="/admin/oidc/start?next=%2Fadmin%2Fusers"');
  });
});
