import type { Context } from 'hono';
import type { PublishedSite } from '../../services/public-site.service.js';
import { AccessMessagePage } from '../../views/pages/public/access-pages.js';
import type { AppEnv } from '../middleware/request-context.js';
import { buildPageMeta, renderDocument } from './render.js';

/** Pages with a token in their address: never cached, never indexed, never sent on as a referrer. */
export function markPrivatePage(c: Context<AppEnv>): void {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Robots-Tag', 'noindex');
}

/**
 * A short page that says one thing to a visitor (a link was sent, a link is not valid), with an
 * optional button that posts to `action.url`; never indexed.
 */
export async function renderMessagePage(
  c: Context<AppEnv>,
  published: PublishedSite,
  page: { heading: string; text: string; path: string; action?: { url: string; label: string } },
  status: 200 | 404 | 429 = 200,
) {
  const meta = buildPageMeta(c, published, {
    title: page.heading,
    description: page.text,
    path: page.path,
    noIndex: true,
  });
  return c.html(
    await renderDocument(
      <AccessMessagePage meta={meta} heading={page.heading} text={page.text} action={page.action} />,
    ),
    status,
  );
}
