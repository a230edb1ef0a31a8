import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieClient, readHiddenField } from '../../../test/create-admin-test-app.js';
import { createTestApp } from '../../../test/create-test-app.js';

// The example content: the "Independently certified" card names ISO 14001, whose certificate ended on 2025-08-31.
const PASSWORD = 'correct horse battery staple';
let testApp: Awaited<ReturnType<typeof createTestApp>>;
let client: CookieClient;
let certifiedId: number;
let encryptedId: number;

beforeAll(async () => {
  testApp = await createTestApp({ today: '2026-11-27' });
  await testApp.container.staff.createAccount(
    { email: 'root@example.test', name: 'Root', role: 'admin', password: PASSWORD },
    undefined,
  );
  client = new CookieClient(testApp.app);
  expect((await client.signIn('root@example.test', PASSWORD)).response.status).toBe(303);
  const highlights = (await testApp.container.siteContent.listHighlights(1, 100)).items;
  const idOf = (title: string) => {
    const found = highlights.find((highlight) => highlight.title === title);
    if (!found) throw new Error(`example content has no highlight "${title}"`);
    return found.id;
  };
  certifiedId = idOf('Independently certified');
  encryptedId = idOf('Encrypted by default');
});
afterAll(async () => {
  await testApp.close();
});

/** The text of the warning section of a page, or undefined when it has none. */
function claimWarning(html: string): string | undefined {
  const match =
    /<(?:section|div)[^>]*class="badge expired expired-claim"[^>]*>([\s\S]*?)<\/(?:section|div)>\s*<\/(?:section|div)>/.exec(
      html,
    );
  return match?.[1]?.replace(/<[^>]+>/g, '');
}

describe('highlights that name an expired certification', () => {
  it('are listed on the dashboard with a link to their edit page', async () => {
    const dashboard = await client.get('/admin');
    expect(dashboard.response.status).toBe(200);
    const warning = claimWarning(dashboard.text);
    expect(warning).toContain('Independently certified');
    expect(warning).toContain('ISO 14001:2015');
    expect(warning).not.toContain('27001');
    expect(dashboard.text).toContain(`href="/admin/highlights/${certifiedId}"`);
  });

  it('are flagged on the highlight edit page, and a card that names no expired one is not', async () => {
    const certified = await client.get(`/admin/highlights/${certifiedId}`);
    expect(certified.response.status).toBe(200);
    expect(claimWarning(certified.text)).toContain('ISO 14001:2015');
    const encrypted = await client.get(`/admin/highlights/${encryptedId}`);
    expect(encrypted.response.status).toBe(200);
    expect(claimWarning(encrypted.text)).toBeUndefined();
  });

  it('stop being flagged once the standard has a current certificate again', async () => {
    const renewed = (await testApp.container.siteContent.listCertifications(1, 100)).items.find((certification) =>
      certification.name.startsWith('ISO 14001'),
    );
    if (!renewed) throw new Error('example content has no ISO 14001 certification');
    const form = await client.get(`/admin/certifications/${renewed.id}`);
    const saved = await client.post(`/admin/certifications/${renewed.id}`, {
      _csrf: readHiddenField(form.text, '_csrf'),
      name: renewed.name,
      issuer: renewed.issuer,
      certificateNumber: renewed.certificateNumber,
      scope: renewed.scope,
      validFrom: '2025-09-01',
      validUntil: '2028-08-31',
      document: renewed.document ?? '',
    });
    expect(saved.response.status).toBe(303);
    expect(claimWarning((await client.get('/admin')).text)).toBeUndefined();
    expect(claimWarning((await client.get(`/admin/highlights/${certifiedId}`)).text)).toBeUndefined();
  });
});
