import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { getMessages, localizePath } from '../../i18n/index.js';
import type { AccessService, VisitorContext } from '../../services/access.service.js';
import type { PublicSiteService } from '../../services/public-site.service.js';
import {
  RequestAccessPage,
  RequesterAccessPage,
  type RequestFormValues,
} from '../../views/pages/public/access-pages.js';
import { attempt } from '../attempt.js';
import { toReadableStream } from '../chunk-stream.js';
import { contentDisposition } from '../content-disposition.js';
import { readFormText } from '../form.js';
import type { AppEnv } from '../middleware/request-context.js';
import { getClientIp, type TransportOptions } from '../middleware/session.js';
import { markPrivatePage, renderMessagePage } from './message-page.js';
import { buildPageMeta, getBaseUrl, renderDocument } from './render.js';

/** What the access pages need. */
export interface AccessRoutesOptions extends TransportOptions {
  access: AccessService;
  publicSite: PublicSiteService;
}

// Tokens are 32 random bytes in base64url (43 characters); anything else is not one of ours.
const tokenParam = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/);
const slugParam = z.string().regex(/^[a-z0-9-]{1,100}$/);

function findToken(c: Context<AppEnv>): string {
  const parsed = tokenParam.safeParse(c.req.param('token'));
  if (!parsed.success) throw new AppError('not_found', 'This link is not valid.');
  return parsed.data;
}

/**
 * Visitors have no cookie, so a forged cross-site form could not borrow anyone's session; still, these
 * forms only accept posts from our own pages: a browser's Origin (or Sec-Fetch-Site) must say so.
 */
export function requireSameOrigin(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    const expected = new URL(getBaseUrl(c)).origin;
    if ((origin !== undefined && origin !== expected && origin !== 'null') || site === 'cross-site') {
      throw new AppError('forbidden', 'This form can only be sent from this trust center.');
    }
    return next();
  };
}

function visitorOf(c: Context<AppEnv>, transport: TransportOptions): VisitorContext {
  return {
    ip: getClientIp(c, transport) ?? '',
    userAgent: (c.req.header('user-agent') ?? '').slice(0, 500),
    baseUrl: getBaseUrl(c),
  };
}

/** /request-access, the confirmation of an address, the requester's page and gated downloads. */
export function createAccessRoutes(options: AccessRoutesOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { access, publicSite } = options;
  // Only on this feature's own paths: a sub-app's '*' would also run for every other route of the site.
  const sameOrigin = requireSameOrigin();

  const renderForm = async (
    c: Context<AppEnv>,
    values: RequestFormValues,
    problems: AppError['problems'],
    status: 200 | 400,
  ) => {
    const [published, form] = await Promise.all([
      publicSite.getPublishedSite(c.get('language')),
      access.getRequestForm(),
    ]);
    const messages = getMessages(c.get('language'));
    const meta = buildPageMeta(c, published, {
      title: messages.accessRequestTitle,
      description: messages.accessRequestIntro,
      path: '/request-access',
    });
    c.header('Cache-Control', 'no-store');
    return c.html(
      await renderDocument(
        <RequestAccessPage meta={meta} documents={form.documents} nda={form.nda} values={values} problems={problems} />,
      ),
      status,
    );
  };

  const renderMessage = async (
    c: Context<AppEnv>,
    page: { heading: string; text: string; path: string; action?: { url: string; label: string } },
  ) => renderMessagePage(c, await publicSite.getPublishedSite(c.get('language')), page);

  app.get('/request-access', async (c) => {
    const chosen = c.req.queries('document') ?? [];
    return renderForm(
      c,
      {
        name: '',
        email: '',
        company: '',
        reason: '',
        documentSlugs: chosen.filter((slug) => slugParam.safeParse(slug).success),
        acceptsNda: false,
      },
      [],
      200,
    );
  });

  app.post('/request-access', sameOrigin, async (c) => {
    const body = await c.req.parseBody({ all: true });
    const documents = body.document;
    const values: RequestFormValues = {
      name: readFormText(body.name),
      email: readFormText(body.email),
      company: readFormText(body.company),
      reason: readFormText(body.reason),
      documentSlugs: (Array.isArray(documents) ? documents : documents === undefined ? [] : [documents])
        .map(readFormText)
        .filter(Boolean),
      acceptsNda: body.acceptNda === 'yes',
    };
    const sent = await attempt(() =>
      access.submitRequest({ ...values, language: c.get('language') }, visitorOf(c, options)),
    );
    if (!sent.ok && sent.error.code === 'invalid_input') return renderForm(c, values, sent.error.problems, 400);
    if (!sent.ok) throw sent.error;
    return c.redirect(localizePath('/request-access/sent', c.get('language')), 303);
  });

  app.get('/request-access/sent', async (c) => {
    const messages = getMessages(c.get('language'));
    return renderMessage(c, {
      heading: messages.accessSentTitle,
      text: messages.accessSentText,
      path: '/request-access/sent',
    });
  });

  // Opening the link only shows a button: mail scanners that follow links must not use up the confirmation.
  app.get('/request-access/confirm/:token', async (c) => {
    const token = findToken(c);
    markPrivatePage(c);
    const messages = getMessages(c.get('language'));
    return renderMessage(c, {
      heading: messages.accessConfirmTitle,
      text: messages.accessConfirmText,
      path: '/request-access/confirm',
      action: { url: `/request-access/confirm/${token}`, label: messages.accessConfirmButton },
    });
  });

  app.post('/request-access/confirm/:token', sameOrigin, async (c) => {
    const result = await access.confirm(findToken(c), visitorOf(c, options));
    markPrivatePage(c);
    return c.redirect(result.portalPath, 303);
  });

  const renderPortal = async (c: Context<AppEnv>, token: string, replyProblem?: string) => {
    const [published, page] = await Promise.all([
      publicSite.getPublishedSite(c.get('language')),
      access.getRequesterPage(token),
    ]);
    const messages = getMessages(c.get('language'));
    const meta = buildPageMeta(c, published, {
      title: messages.accessPortalTitle,
      description: messages.accessPortalTitle,
      path: '/access',
      noIndex: true,
    });
    markPrivatePage(c);
    return c.html(
      await renderDocument(
        <RequesterAccessPage
          meta={meta}
          token={token}
          request={page.request}
          grants={page.grants}
          replyProblem={replyProblem}
        />,
      ),
      replyProblem ? 400 : 200,
    );
  };

  app.get('/access/:token', (c) => renderPortal(c, findToken(c)));

  app.post('/access/:token/download/:slug', sameOrigin, async (c) => {
    const slug = slugParam.safeParse(c.req.param('slug'));
    if (!slug.success) throw new AppError('not_found', 'No such document');
    const link = await access.createDownloadLink(findToken(c), slug.data);
    markPrivatePage(c);
    return c.redirect(link, 303);
  });

  app.post('/access/:token/reply', sameOrigin, async (c) => {
    const token = findToken(c);
    const body = await c.req.parseBody();
    const replied = await attempt(() => access.reply(token, readFormText(body.reply)));
    if (!replied.ok && replied.error.code === 'invalid_input') {
      return renderPortal(c, token, replied.error.problems[0]?.message ?? replied.error.message);
    }
    if (!replied.ok) throw replied.error;
    return c.redirect(localizePath(`/access/${token}`, c.get('language')), 303);
  });

  app.get('/download/:token', async (c) => {
    const download = await access.openGatedDownload(findToken(c), visitorOf(c, options));
    const { version } = download.opened;
    markPrivatePage(c);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Content-Type', version.contentType);
    c.header('Content-Disposition', contentDisposition(version.fileName));
    if (download.watermarked) {
      c.header('Content-Length', String(download.watermarked.byteLength));
      return c.body(new Uint8Array(download.watermarked));
    }
    c.header('Content-Length', String(version.sizeBytes));
    return c.body(toReadableStream(download.opened.chunks));
  });

  return app;
}
