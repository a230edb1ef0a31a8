import type { Child } from 'hono/jsx';
import { type Actor, hasPermission } from '../../domain/staff.js';
import type { AdminMessages } from '../../i18n/admin-en.js';
import { accentClasses } from '../accent-classes.js';
import { assetUrl } from '../asset-url.js';

/** What every admin page tells the layout. */
export interface AdminPageMeta {
  title: string;
  messages: AdminMessages;
  /** Path of the page, to mark the current navigation item. */
  path: string;
  /** Present when signed in: shows the navigation and the sign-out button. */
  actor?: Actor;
  csrfToken?: string;
  /** A short confirmation shown in the status region (never user-supplied text). */
  flash?: string;
  /** The site's accent colour (`#rrggbb`); the stylesheet's default without it. */
  accentColor?: string;
}

/** The frame of every admin page: skip link, header with navigation, status region, main. */
export function AdminLayout(props: { meta: AdminPageMeta; children: Child }) {
  const { meta } = props;
  const { messages } = meta;
  const navItems = [
    { href: '/admin', label: messages.navDashboard },
    { href: '/admin/entries', label: messages.navEntries },
    { href: '/admin/questionnaires', label: messages.navQuestionnaires },
    { href: '/admin/documents', label: messages.documentsNavLabel },
    { href: '/admin/subprocessors', label: messages.subprocessorsNavLabel },
    { href: '/admin/site', label: messages.siteContentNavLabel },
    { href: '/admin/access', label: messages.accessNavLabel },
    { href: '/admin/updates', label: messages.updatesNavLabel },
    { href: '/admin/subscribers', label: messages.subscribersNavLabel },
    // Administrators' pages are only offered to those who may open them.
    ...(hasPermission(meta.actor, 'administer')
      ? [
          { href: '/admin/library', label: messages.libraryNavLabel },
          { href: '/admin/audit', label: messages.navAuditLog },
          { href: '/admin/users', label: messages.navUsers },
          { href: '/admin/outbox', label: messages.outboxNavLabel },
          { href: '/admin/settings', label: messages.navSettings },
        ]
      : []),
    { href: '/admin/account/password', label: messages.navAccount },
    { href: '/admin/account/two-factor', label: messages.twoFactorTitle },
  ];
  return (
    <html lang="en" class={meta.accentColor === undefined ? undefined : accentClasses(meta.accentColor)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${meta.title} · ${messages.titleSuffix}`}</title>
        <meta name="robots" content="noindex, nofollow" />
        <meta name="color-scheme" content="light dark" />
        <link rel="stylesheet" href={assetUrl('site.css')} />
        <link rel="icon" href={assetUrl('favicon.svg')} type="image/svg+xml" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {messages.skipToContent}
        </a>
        <header class="site-header">
          <div class="wrap header-row">
            <a class="brand" href="/admin">
              <span class="brand-name">{messages.productName}</span>{' '}
              <span class="brand-suffix">{messages.adminSuffix}</span>
            </a>
            {meta.actor && (
              <nav class="admin-nav" aria-label={messages.navLabel}>
                <ul class="chips">
                  {navItems.map((item) => (
                    <li>
                      <a class="chip" href={item.href} aria-current={item.href === meta.path ? 'page' : undefined}>
                        {item.label}
                      </a>
                    </li>
                  ))}
                  <li>
                    <form method="post" action="/admin/sign-out">
                      <input type="hidden" name="_csrf" value={meta.csrfToken ?? ''} />
                      <button type="submit">{messages.signOut}</button>
                    </form>
                  </li>
                </ul>
              </nav>
            )}
          </div>
        </header>
        <main id="main" tabindex={-1}>
          <div class="wrap section">
            <div role="status">{meta.flash && <p class="pill">{meta.flash}</p>}</div>
            {props.children}
          </div>
        </main>
      </body>
    </html>
  );
}
