import type { Child } from 'hono/jsx';
import type { Site } from '../../domain/content.js';
import { formatDate, getMessages, LANGUAGES, type Language, localizePath, type Messages } from '../../i18n/index.js';
import { accentClasses } from '../accent-classes.js';
import { assetUrl } from '../asset-url.js';
import { FAVICON_DATA_URI } from '../components/favicon.js';
import { SubscribeForm } from '../components/subscribe-form.js';

/** What every public page tells the layout. */
export interface PageMeta {
  title: string;
  description: string;
  /** Path of the page without its language prefix (`/faq/x`); links and URLs add it through `localizePath`. */
  path: string;
  /** The request's query (`?q=x`, or empty), kept by the language switcher; never the old `lang` parameter. */
  query?: string;
  /** Absolute base URL of the site (no trailing slash). */
  baseUrl: string;
  language: Language;
  messages: Messages;
  site: Site;
  lastUpdated: string;
  /** The content revision the page was rendered from. */
  revision: number;
  jsonLd?: unknown;
  noIndex?: boolean;
  /** The day the page was rendered (ISO), printed with its address on paper. */
  printedOn: string;
}

/** Serialises JSON for a <script> data block without letting `</script>` end it early. */
function toScriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** The site's short navigation: the questions and answers, the documents, the updates, the subprocessors, and the way to ask for gated ones. */
export function SiteNav(props: { messages: Messages; path: string; language: Language }) {
  const language = props.language;
  const items = [
    { href: '/', label: props.messages.navHome, isCurrent: props.path === '/' },
    {
      href: '/documents',
      label: props.messages.navDocuments,
      isCurrent: props.path === '/documents' || props.path.startsWith('/documents/'),
    },
    {
      href: localizePath('/updates', language),
      label: props.messages.navUpdates,
      isCurrent: props.path === '/updates' || props.path.startsWith('/updates/'),
    },
    {
      href: localizePath('/subprocessors', language),
      label: props.messages.navSubprocessors,
      isCurrent: props.path === '/subprocessors',
    },
  ];
  return (
    <nav class="site-nav" aria-label={props.messages.siteNavLabel}>
      <ul class="chips">
        {items.map((item) => (
          <li>
            <a
              class="chip"
              href={localizePath(item.href, props.language)}
              aria-current={item.isCurrent ? 'page' : undefined}
            >
              {item.label}
            </a>
          </li>
        ))}
      </ul>
      <a
        class="button-link nav-cta"
        href={localizePath('/request-access', props.language)}
        aria-current={props.path.startsWith('/request-access') ? 'page' : undefined}
      >
        {props.messages.navRequestAccess}
      </a>
    </nav>
  );
}

/**
 * The frame of every public page: skip link, header with the site navigation, main, footer. The home
 * page shows the navigation under its search field instead, so that the search stays the first stop
 * after the skip link there (DESIGN.md).
 */
export function PublicLayout(props: { meta: PageMeta; children: Child }) {
  const { meta } = props;
  const { messages, site } = meta;
  const title = meta.path === '/' ? `${site.name} Trust Center` : `${meta.title} · ${site.name} Trust Center`;
  const securityContactLabel = site.securityContact.replace(/^mailto:/, '');
  const pageUrl = (language: Language) => `${meta.baseUrl}${localizePath(meta.path, language)}`;
  return (
    <html lang={meta.language} class={accentClasses(site.accentColor)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="description" content={meta.description} />
        {meta.noIndex && <meta name="robots" content="noindex" />}
        <link rel="canonical" href={pageUrl(meta.language)} />
        {LANGUAGES.map((language) => (
          <link rel="alternate" hreflang={language} href={pageUrl(language)} />
        ))}
        <link rel="alternate" hreflang="x-default" href={pageUrl('en')} />
        <meta property="og:type" content="website" />
        <meta property="og:site_name" content={`${site.name} Trust Center`} />
        <meta property="og:title" content={meta.title} />
        <meta property="og:description" content={meta.description} />
        <meta property="og:url" content={pageUrl(meta.language)} />
        <meta property="og:locale" content={meta.language === 'sv' ? 'sv_SE' : 'en_GB'} />
        <meta name="color-scheme" content="light dark" />
        <link rel="stylesheet" href={assetUrl('site.css')} />
        <link rel="icon" href={FAVICON_DATA_URI} type="image/svg+xml" />
        <link rel="alternate" type="application/json" href="/faq.json" />
        <link rel="alternate" type="text/markdown" href="/llms.txt" />
        <link
          rel="alternate"
          type="application/atom+xml"
          href={localizePath('/updates.atom', meta.language)}
          title={messages.updatesFeedLabel(site.name)}
        />
        <script type="module" src={assetUrl('search.js')} />
        {meta.jsonLd !== undefined && (
          <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: toScriptJson(meta.jsonLd) }} />
        )}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {messages.skipToContent}
        </a>
        <header class="site-header">
          <div class="wrap header-row">
            {meta.path === '/' ? (
              // No link to the page itself, so the search field is the first stop after the skip link.
              <span class="brand">
                <span class="brand-name">{site.name}</span> <span class="brand-suffix">Trust Center</span>
              </span>
            ) : (
              <a class="brand" href={localizePath('/', meta.language)}>
                <span class="brand-name">{site.name}</span> <span class="brand-suffix">Trust Center</span>
              </a>
            )}
            {meta.path !== '/' && <SiteNav messages={messages} path={meta.path} language={meta.language} />}
            {/* The home page shows it under its search field, which stays the first stop after the skip link. */}
            {meta.path !== '/' && <LanguageSwitch meta={meta} />}
          </div>
          {/* Paper only: where the page came from and when, since a printout outlives its address bar. */}
          <p class="wrap print-source">
            {messages.printedFrom(`${meta.baseUrl}${meta.path}`, formatDate(meta.printedOn, meta.language))}
          </p>
        </header>
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap footer-grid">
            <section aria-labelledby="footer-security">
              <h2 id="footer-security" class="footer-heading">
                {messages.footerSecurityContact}
              </h2>
              <p>
                <a href={site.securityContact}>{securityContactLabel}</a>
              </p>
              <p>
                <a href="/.well-known/security.txt">{messages.footerSecurityTxt}</a>
              </p>
              <p>
                <a href={localizePath('/subprocessors', meta.language)}>{messages.navSubprocessors}</a>
              </p>
            </section>
            <section aria-labelledby="footer-contact">
              <h2 id="footer-contact" class="footer-heading">
                {messages.footerContact}
              </h2>
              <p>
                <a href={`mailto:${site.contactEmail}`}>{site.contactEmail}</a>
              </p>
            </section>
            {/* /updates has the same form beside its list; one is enough on a page. */}
            {meta.path !== '/updates' && (
              <section class="footer-subscribe">
                <SubscribeForm
                  messages={messages}
                  language={meta.language}
                  idPrefix="footer-subscribe-"
                  variant="footer"
                />
              </section>
            )}
            <section aria-labelledby="footer-machine">
              <h2 id="footer-machine" class="footer-heading">
                {messages.footerMachineReadable}
              </h2>
              <ul class="plain-list">
                <li>
                  <a href="/faq.json">faq.json</a>
                </li>
                <li>
                  <a href="/llms.txt">llms.txt</a>
                </li>
                <li>
                  <a href="/sitemap.xml">sitemap.xml</a>
                </li>
              </ul>
            </section>
            <section aria-labelledby="footer-language">
              <h2 id="footer-language" class="footer-heading">
                {messages.footerLanguage}
              </h2>
              <ul class="plain-list">
                {LANGUAGES.map((language) => (
                  <li>
                    <a
                      href={switchLanguageHref(meta, language)}
                      lang={language}
                      hreflang={language}
                      aria-current={language === meta.language ? 'true' : undefined}
                    >
                      {getMessages(language).languageName}
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          </div>
          <div class="wrap footer-bottom">
            {meta.lastUpdated && <p>{messages.footerUpdated(formatDate(meta.lastUpdated, meta.language))}</p>}
            <p>
              <a href={localizePath('/print', meta.language)}>{messages.printAllAnswers}</a>
            </p>
            <p>{messages.footerPoweredBy}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}

/**
 * The same page (and query) in another language. English home links carry `?lang=en`: an explicit
 * choice that `/` honours instead of redirecting by the browser's Accept-Language.
 */
export function switchLanguageHref(meta: Pick<PageMeta, 'path' | 'query'>, language: Language): string {
  const params = new URLSearchParams(meta.query ?? '');
  params.delete('lang');
  if (language === 'en' && meta.path === '/') params.set('lang', 'en');
  const query = params.toString();
  return `${localizePath(meta.path, language)}${query ? `?${query}` : ''}`;
}

/** The visible switch in the header: the other languages, each named in itself, keeping the page. */
export function LanguageSwitch(props: { meta: Pick<PageMeta, 'path' | 'query' | 'language' | 'messages'> }) {
  const { meta } = props;
  return (
    <nav class="language-switch" aria-label={meta.messages.languageSwitchLabel}>
      <ul>
        {LANGUAGES.filter((language) => language !== meta.language).map((language) => (
          <li>
            <a class="chip" href={switchLanguageHref(meta, language)} lang={language} hreflang={language}>
              {getMessages(language).languageName}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
