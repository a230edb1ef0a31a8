import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { AppError, type InputProblem } from '../../domain/errors.js';
import { isUpdateCategory, type UpdateCategory, type UpdateRecord } from '../../domain/update.js';
import { getMessages, type Language, localizePath } from '../../i18n/index.js';
import { buildAtomFeed } from '../../services/atom-feed.js';
import { renderMarkdown } from '../../services/markdown.renderer.js';
import type { PublicSiteService } from '../../services/public-site.service.js';
import type { SubscriptionService } from '../../services/subscription.service.js';
import type { UpdateService } from '../../services/update.service.js';
import type { SubscribeValues } from '../../views/components/subscribe-form.js';
import { type ShownUpdate, UpdateListPage, UpdatePage } from '../../views/pages/public/update-pages.js';
import { attempt } from '../attempt.js';
import { readFormText } from '../form.js';
import { rateLimit, TokenBucketLimiter } from '../middleware/rate-limit.js';
import type { AppEnv } from '../middleware/request-context.js';
import type { TransportOptions } from '../middleware/session.js';
import { requireSameOrigin } from './access.routes.js';
import { markPrivatePage, renderMessagePage } from './message-page.js';
import { buildPageMeta, getBaseUrl, renderDocument } from './render.js';

/** What the update pages need. */
export interface UpdateRoutesOptions extends TransportOptions {
  updates: UpdateService;
  subscriptions: SubscriptionService;
  publicSite: PublicSiteService;
  /** Subscribe-form posts one IP address may make per window (default 10 per 10 minutes); 0 turns it off. */
  subscribeBurst?: number;
  /** Monotonic milliseconds, for the subscribe limit in tests. */
  now?: () => number;
}

// Tokens are 32 random bytes in base64url (43 characters); anything else is not one of ours.
const tokenParam = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/);
const slugParam = z.string().regex(/^[a-z0-9-]{1,100}$/);
const pageQuery = z.coerce.number().int().min(1).max(100_000).catch(1);

function findToken(c: Context<AppEnv>): string | undefined {
  const parsed = tokenParam.safeParse(c.req.param('token'));
  return parsed.success ? parsed.data : undefined;
}

/** An update in the visitor's language when it has that translation, with its Markdown rendered and sanitized. */
function show(update: UpdateRecord, language: Language): ShownUpdate {
  const translated = language === 'sv' ? update.translations?.sv : undefined;
  // Updates name no entries or documents by key: only ordinary links, which the sanitizer checks.
  const html = renderMarkdown(translated?.body ?? update.body, () => undefined);
  return { update, title: translated?.title ?? update.title, html, language: translated ? language : 'en' };
}

/** /updates, one update's page, the Atom feed, and subscribing, confirming and unsubscribing by e-mail. */
export function createUpdateRoutes(options: UpdateRoutesOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { updates, subscriptions, publicSite } = options;
  const sameOrigin = requireSameOrigin();
  const burst = options.subscribeBurst ?? 10;
  const subscribeLimit =
    burst > 0
      ? rateLimit({
          limiter: new TokenBucketLimiter({ burst, windowMs: 10 * 60_000, maxClients: 10_000, now: options.now }),
          trustProxy: options.trustProxy,
          proxyHops: options.proxyHops,
          respond: async (c, retryAfterSeconds) => {
            const messages = getMessages(c.get('language'));
            return renderMessage(c, 429, {
              heading: messages.tooManyRequestsTitle,
              text: messages.tooManyRequestsText(retryAfterSeconds),
              path: '/updates/subscribe',
            });
          },
        })
      : undefined;
  const limitSubscribe: MiddlewareHandler<AppEnv> = subscribeLimit ?? (async (_c, next) => next());

  const renderMessage = async (
    c: Context<AppEnv>,
    status: 200 | 404 | 429,
    page: { heading: string; text: string; path: string; action?: { url: string; label: string } },
  ) => renderMessagePage(c, await publicSite.getPublishedSite(), page, status);

  const invalidLink = (c: Context<AppEnv>, reason: string) =>
    renderMessage(c, 404, { heading: getMessages(c.get('language')).linkInvalidTitle, text: reason, path: '/updates' });

  const renderList = async (
    c: Context<AppEnv>,
    category: UpdateCategory | undefined,
    page: number,
    subscribe: { values: SubscribeValues; problems: InputProblem[] },
    status: 200 | 400,
  ) => {
    const language = c.get('language');
    const messages = getMessages(language);
    const [published, list] = await Promise.all([
      publicSite.getPublishedSite(),
      updates.listPublished({ category, page }),
    ]);
    const meta = buildPageMeta(c, published, {
      title: category ? `${messages.updatesTitle}: ${messages.updateCategories[category]}` : messages.updatesTitle,
      description: messages.updatesIntro,
      path: '/updates',
      noIndex: status !== 200,
    });
    if (status !== 200) c.header('Cache-Control', 'no-store');
    return c.html(
      await renderDocument(
        <UpdateListPage
          meta={meta}
          updates={list.items.map((update) => show(update, language))}
          total={list.total}
          page={list.page}
          pageCount={list.pageCount}
          category={category}
          subscribe={subscribe}
        />,
      ),
      status,
    );
  };

  app.get('/updates', async (c) => {
    const typed = c.req.query('category') ?? '';
    if (typed !== '' && !isUpdateCategory(typed)) {
      throw new AppError('invalid_input', `There is no update category "${typed.slice(0, 40)}".`, [
        { source: 'query', field: 'category', message: `There is no update category "${typed.slice(0, 40)}"` },
      ]);
    }
    const category = typed === '' || !isUpdateCategory(typed) ? undefined : typed;
    return renderList(
      c,
      category,
      pageQuery.parse(c.req.query('page')),
      { values: { email: '', topic: 'all' }, problems: [] },
      200,
    );
  });

  app.get('/updates.atom', async (c) => {
    const language = c.get('language');
    const messages = getMessages(language);
    const [published, entries] = await Promise.all([publicSite.getPublishedSite(), updates.listFeed()]);
    const baseUrl = getBaseUrl(c);
    const newest =
      entries
        .map((entry) => entry.updatedAt)
        .sort()
        .at(-1) ?? '';
    const xml = buildAtomFeed({
      id: `${baseUrl}${localizePath('/updates', language)}`,
      title: messages.updatesFeedLabel(published.site.name),
      selfUrl: `${baseUrl}${localizePath('/updates.atom', language)}`,
      alternateUrl: `${baseUrl}${localizePath('/updates', language)}`,
      authorName: published.site.name,
      language,
      updated: newest || `${published.lastUpdated.slice(0, 10) || '1970-01-01'}T00:00:00Z`,
      entries: entries.map((update) => {
        const shown = show(update, language);
        const link = `${baseUrl}${localizePath(`/updates/${update.slug}`, language)}`;
        return {
          // The English permalink is the entry's id in every language: one update, one id.
          id: `${baseUrl}/updates/${update.slug}`,
          title: shown.title,
          updated: update.updatedAt,
          published: update.publishedAt ?? update.updatedAt,
          link,
          html: shown.html,
          category: { term: update.category, label: messages.updateCategories[update.category] },
        };
      }),
    });
    c.header('Content-Type', 'application/atom+xml; charset=utf-8');
    return c.body(xml);
  });

  app.post('/updates/subscribe', sameOrigin, limitSubscribe, async (c) => {
    const body = await c.req.parseBody();
    const values: SubscribeValues = { email: readFormText(body.email), topic: readFormText(body.topic) };
    const language = c.get('language');
    const result = await attempt(() => subscriptions.subscribe({ ...values, language }, getBaseUrl(c)));
    if (!result.ok && result.error.code === 'invalid_input') {
      return renderList(c, undefined, 1, { values, problems: result.error.problems }, 400);
    }
    if (!result.ok) throw result.error;
    return c.redirect(localizePath('/updates/subscribe/sent', language), 303);
  });

  app.get('/updates/subscribe/sent', async (c) => {
    const messages = getMessages(c.get('language'));
    return renderMessage(c, 200, {
      heading: messages.subscribeSentTitle,
      text: messages.subscribeSentText,
      path: '/updates/subscribe/sent',
    });
  });

  // Opening the link only shows a button: mail scanners that follow links must not confirm for the reader.
  app.get('/updates/confirm/:token', async (c) => {
    const token = findToken(c);
    markPrivatePage(c);
    const messages = getMessages(c.get('language'));
    if (!token) return invalidLink(c, 'This confirmation link is incomplete. Nothing was changed.');
    return renderMessage(c, 200, {
      heading: messages.subscribeConfirmTitle,
      text: messages.subscribeConfirmText,
      path: '/updates/confirm',
      action: {
        // The page's own address: the button posts where the mail's link led, whatever its language prefix.
        url: c.req.path,
        label: messages.subscribeConfirmButton,
      },
    });
  });

  app.post('/updates/confirm/:token', sameOrigin, async (c) => {
    const token = findToken(c);
    markPrivatePage(c);
    if (!token) return invalidLink(c, 'This confirmation link is incomplete. Nothing was changed.');
    const result = await attempt(() => subscriptions.confirm(token));
    if (!result.ok && result.error.code === 'not_found') return invalidLink(c, result.error.message);
    if (!result.ok) throw result.error;
    const messages = getMessages(c.get('language'));
    return renderMessage(c, 200, {
      heading: messages.subscribeConfirmedTitle,
      text: messages.subscribeConfirmedText(
        result.value.topics.map((topic) => messages.subscriptionTopics[topic]).join(', '),
      ),
      path: '/updates/confirmed',
    });
  });

  app.get('/updates/unsubscribe/:token', async (c) => {
    const token = findToken(c);
    markPrivatePage(c);
    const messages = getMessages(c.get('language'));
    if (!token || !(await subscriptions.isUnsubscribeTokenValid(token))) {
      return invalidLink(
        c,
        'This unsubscribe link is not valid: it was used already or it is incomplete. Nothing was changed.',
      );
    }
    return renderMessage(c, 200, {
      heading: messages.unsubscribeTitle,
      text: messages.unsubscribeText,
      path: '/updates/unsubscribe',
      action: {
        url: c.req.path,
        label: messages.unsubscribeButton,
      },
    });
  });

  // RFC 8058 one-click: a mail provider POSTs here from its own servers, with no Origin of ours and no form
  // token. The unguessable token in the path is the whole proof, so no same-origin or CSRF check applies.
  app.post('/updates/unsubscribe/:token', async (c) => {
    const token = findToken(c);
    markPrivatePage(c);
    if (!token) return invalidLink(c, 'This unsubscribe link is incomplete. Nothing was changed.');
    const result = await attempt(() => subscriptions.unsubscribe(token));
    if (!result.ok && result.error.code === 'not_found') return invalidLink(c, result.error.message);
    if (!result.ok) throw result.error;
    const messages = getMessages(c.get('language'));
    return renderMessage(c, 200, {
      heading: messages.unsubscribedTitle,
      text: messages.unsubscribedText,
      path: '/updates/unsubscribed',
    });
  });

  app.get('/updates/:slug', async (c) => {
    const slug = slugParam.safeParse(c.req.param('slug'));
    if (!slug.success) throw new AppError('not_found', 'No such update');
    const language = c.get('language');
    const [published, update] = await Promise.all([publicSite.getPublishedSite(), updates.getPublished(slug.data)]);
    const shown = show(update, language);
    const meta = buildPageMeta(c, published, {
      title: shown.title,
      description: `${getMessages(language).updateCategories[update.category]}, ${update.date}`,
      path: `/updates/${update.slug}`,
    });
    return c.html(await renderDocument(<UpdatePage meta={meta} shown={shown} />));
  });

  return app;
}
