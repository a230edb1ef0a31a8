import type { Container } from '../src/container.js';

/**
 * A visitor (a Swedish name, an NDA accepted) asks for `documentSlugs` and confirms through the link mailed to them,
 * as the public form and the mail would; returns their portal path. The site's NDA must be published first.
 */
export async function confirmAccessRequest(
  container: Container,
  documentSlugs: string[],
  baseUrl: string,
): Promise<{ portalPath: string }> {
  const visitor = { ip: '203.0.113.7', userAgent: 'Test browser', baseUrl };
  await container.access.submitRequest(
    {
      name: 'Åsa Öberg',
      email: 'asa@kund.example.se',
      company: 'Kund AB',
      reason: 'Supplier review.',
      language: 'sv',
      acceptsNda: true,
      documentSlugs,
    },
    visitor,
  );
  const mail = await container.database.db.selectFrom('mail_outbox').select('body_text').executeTakeFirstOrThrow();
  const token = /\/request-access\/confirm\/([\w-]+)/.exec(mail.body_text)?.[1] ?? '';
  const { portalPath } = await container.access.confirm(token, visitor);
  return { portalPath };
}
