import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/domain/staff.js';
import { CookieClient, createAdminTestApp } from './create-admin-test-app.js';
import { buildEntry, buildMinimalContent, seedContent } from './factories.js';

/**
 * Who may do what on the staff surface, for every admin route and method. The test reads the
 * routes from the app itself and fails when one has no row here, so a new route cannot ship
 * without a decision about who may use it.
 *
 * A cell is the status that person gets. `ROLE` is a 403 from the permission check ("Not
 * allowed"); `CSRF` is a 403 from the CSRF check ("The form has expired"). A POST without a
 * session gets 401 before anything reads its body; only the sign-in form takes anonymous posts,
 * and it needs its own signed token. Signed-in POSTs always carry the session's valid CSRF token,
 * so their cells test authorization only.
 * Allowed POSTs are sent with an empty form unless `form` says otherwise, so most stop at
 * validation (400) and change nothing.
 */
const ROLE = 'ROLE 403';
const CSRF = 'CSRF 403';
type Cell = 200 | 303 | 400 | 401 | 404 | 409 | typeof ROLE | typeof CSRF;
type Person = 'anonymous' | Role;

interface Rule {
  anonymous: Cell;
  viewer: Cell;
  editor: Cell;
  admin: Cell;
  /** Form fields sent with a POST (besides the CSRF token). */
  form?: Record<string, string>;
  /** The request ends the session, so it runs on a throwaway one. */
  endsSession?: boolean;
  /**
   * The path parameter each person acts on (an entry's slug, or an id), when one person's allowed
   * action would change the next one's result.
   */
  slugs?: Partial<Record<Person, string>>;
}

/** Anonymous page views go to sign in; anonymous posts are refused unread (401). */
const READ_PAGE: Rule = { anonymous: 303, viewer: 200, editor: 200, admin: 200 };
const EDIT_PAGE: Rule = { anonymous: 303, viewer: ROLE, editor: 200, admin: 200 };
const ADMIN_PAGE: Rule = { anonymous: 303, viewer: ROLE, editor: ROLE, admin: 200 };

/** The subprocessor every person acts on in the subprocessor rows (published, so most steps are conflicts). */
const NO_SUCH_UPDATE = { anonymous: '999999', viewer: '999999', editor: '999999', admin: '999999' };

const MATRIX_SUBPROCESSOR = {
  anonymous: 'matrix-subprocessor',
  viewer: 'matrix-subprocessor',
  editor: 'matrix-subprocessor',
  admin: 'matrix-subprocessor',
};

/** The document every person acts on in the document rows. */
const MATRIX_DOCUMENT = {
  anonymous: 'matrix-document',
  viewer: 'matrix-document',
  editor: 'matrix-document',
  admin: 'matrix-document',
};

const MATRIX: Record<string, Rule> = {
  // Sign-in, sign-out, own account (sign-in.routes.tsx)
  'GET /admin/sign-in': { anonymous: 200, viewer: 303, editor: 303, admin: 303 },
  // Needs the signed sign-in form token (cookie + field), which no session token replaces.
  'POST /admin/sign-in': { anonymous: CSRF, viewer: CSRF, editor: CSRF, admin: CSRF },
  'POST /admin/sign-out': { anonymous: 401, viewer: 303, editor: 303, admin: 303, endsSession: true },
  'GET /admin/account/password': READ_PAGE,
  'POST /admin/account/password': { anonymous: 401, viewer: 400, editor: 400, admin: 400 },

  // Second factor (two-factor.routes.tsx)
  'GET /admin/account/two-factor': READ_PAGE,
  'POST /admin/account/two-factor': { anonymous: 401, viewer: 400, editor: 400, admin: 400 },
  'POST /admin/account/two-factor/disable': { anonymous: 401, viewer: 400, editor: 400, admin: 400 },

  // Oversight (dashboard, audit, setting and user routes)
  'GET /admin': READ_PAGE,
  'GET /admin/audit': ADMIN_PAGE,
  'GET /admin/audit.csv': ADMIN_PAGE,
  'GET /admin/settings': ADMIN_PAGE,
  'POST /admin/settings': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 303 },
  'GET /admin/users': ADMIN_PAGE,
  'POST /admin/users': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 400 },
  // Accounts are created in beforeAll as viewer (id 1), editor (2), admin (3). An empty role form stops at
  // validation; the admin disabling their own account is refused (409), and re-enabling the active
  // viewer changes nothing (303), so every session stays valid for the cells that follow.
  'GET /admin/users/:id': ADMIN_PAGE,
  'POST /admin/users/:id/role': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 400 },
  'POST /admin/users/:id/disable': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 409, slugs: { admin: '3' } },
  'POST /admin/users/:id/enable': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 303 },

  // Mail outbox (mail.routes.tsx): administrators only. The outbox is empty, so a mail's page and its
  // retry are 404; an empty test-mail form stops at validation (400).
  'GET /admin/outbox': ADMIN_PAGE,
  'POST /admin/outbox/test': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 400 },
  'GET /admin/outbox/:id': { anonymous: 303, viewer: ROLE, editor: ROLE, admin: 404 },
  'POST /admin/outbox/:id/retry': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 404 },

  // Entries (entry.routes.tsx). The test content's entries are all published, so most workflow steps are
  // refused as conflicts (409) and change nothing; empty forms stop at validation (400).
  'GET /admin/entries': READ_PAGE,
  'GET /admin/entries/new': EDIT_PAGE,
  'POST /admin/entries': { anonymous: 401, viewer: ROLE, editor: 400, admin: 400 },
  'GET /admin/entries/:slug': READ_PAGE,
  'POST /admin/entries/:slug': { anonymous: 401, viewer: ROLE, editor: 400, admin: 400 },
  'POST /admin/entries/:slug/submit': { anonymous: 401, viewer: ROLE, editor: 409, admin: 409 },
  'POST /admin/entries/:slug/approve': { anonymous: 401, viewer: ROLE, editor: 409, admin: 409 },
  'POST /admin/entries/:slug/reject': { anonymous: 401, viewer: ROLE, editor: 409, admin: 409 },
  'POST /admin/entries/:slug/archive': {
    anonymous: 401,
    viewer: ROLE,
    editor: 303,
    admin: 303,
    slugs: { editor: 'archived-by-editor', admin: 'archived-by-admin' },
  },
  'POST /admin/entries/:slug/reopen': { anonymous: 401, viewer: ROLE, editor: 409, admin: 409 },
  'POST /admin/entries/:slug/mark-reviewed': {
    anonymous: 401,
    viewer: ROLE,
    editor: 303,
    admin: 303,
    slugs: { editor: 'reviewed-by-editor', admin: 'reviewed-by-admin' },
  },
  'GET /admin/entries/:slug/history': READ_PAGE,
  'POST /admin/entries/:slug/restore': { anonymous: 401, viewer: ROLE, editor: 400, admin: 400 },

  // Questionnaires (questionnaire.routes.tsx). No questionnaire exists here, so pages of one are 404;
  // an empty upload or accept form stops at validation (400).
  'GET /admin/questionnaires': READ_PAGE,
  'POST /admin/questionnaires': { anonymous: 401, viewer: ROLE, editor: 400, admin: 400 },
  'GET /admin/questionnaires/:id': { anonymous: 303, viewer: 404, editor: 404, admin: 404 },
  'GET /admin/questionnaires/:id/export.csv': { anonymous: 303, viewer: 404, editor: 404, admin: 404 },
  'GET /admin/questionnaires/:id/export.json': { anonymous: 303, viewer: 404, editor: 404, admin: 404 },
  'GET /admin/questionnaires/:id/export.xlsx': { anonymous: 303, viewer: 404, editor: 404, admin: 404 },
  // Re-reading needs the upload's role; an empty form reads the file with detection, so it reaches the 404.
  'POST /admin/questionnaires/:id/layout': { anonymous: 401, viewer: ROLE, editor: 404, admin: 404 },
  'POST /admin/questionnaires/:id/restart-matching': { anonymous: 401, viewer: ROLE, editor: 404, admin: 404 },
  // Only the owner or an admin changes who sees a questionnaire (the service decides, so any role gets that far);
  // an empty form looks the questionnaire up first, so it reaches the 404.
  'POST /admin/questionnaires/:id/visibility': { anonymous: 401, viewer: 404, editor: 404, admin: 404 },
  // The bulk preview and its form look the questionnaire up before complaining about the form, so they reach the 404.
  'GET /admin/questionnaires/:id/accept-confident': { anonymous: 303, viewer: ROLE, editor: 404, admin: 404 },
  'POST /admin/questionnaires/:id/accept-confident': { anonymous: 401, viewer: ROLE, editor: 404, admin: 404 },
  // Editors and the owner change the details (the service decides); an empty form is valid, so it reaches the 404.
  'POST /admin/questionnaires/:id/context': { anonymous: 401, viewer: 404, editor: 404, admin: 404 },
  'GET /admin/questionnaires/questions/:id/draft': { anonymous: 303, viewer: 404, editor: 404, admin: 404 },
  'POST /admin/questionnaires/questions/:id/accept': { anonymous: 401, viewer: ROLE, editor: 400, admin: 400 },
  'POST /admin/questionnaires/questions/:id/needs-answer': { anonymous: 401, viewer: ROLE, editor: 404, admin: 404 },

  // Answer library (library.routes.tsx): administrators only; an empty form stops at validation (400).
  'GET /admin/library': ADMIN_PAGE,
  'POST /admin/library': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 400 },

  // Documents (document.routes.tsx): editors and admins manage, viewers read. beforeAll creates the
  // documents named here; empty forms stop at validation (400); each archive acts on its own document.
  'GET /admin/documents': READ_PAGE,
  'GET /admin/documents/new': EDIT_PAGE,
  'POST /admin/documents': { anonymous: 401, viewer: ROLE, editor: 400, admin: 400 },
  'GET /admin/documents/:slug': { ...READ_PAGE, slugs: MATRIX_DOCUMENT },
  'POST /admin/documents/:slug': { anonymous: 401, viewer: ROLE, editor: 400, admin: 400, slugs: MATRIX_DOCUMENT },
  'POST /admin/documents/:slug/versions': {
    anonymous: 401,
    viewer: ROLE,
    editor: 400,
    admin: 400,
    slugs: MATRIX_DOCUMENT,
  },
  'POST /admin/documents/:slug/archive': {
    anonymous: 401,
    viewer: ROLE,
    editor: 303,
    admin: 303,
    slugs: {
      anonymous: 'matrix-archive-editor',
      viewer: 'matrix-archive-editor',
      editor: 'matrix-archive-editor',
      admin: 'matrix-archive-admin',
    },
  },
  // Subprocessors (subprocessor.routes.tsx): editors and admins manage, viewers read. beforeAll publishes the
  // subprocessors named here, so most workflow steps are refused as conflicts (409) and change nothing; empty forms
  // stop at validation (400); each archive acts on its own subprocessor.
  'GET /admin/subprocessors': READ_PAGE,
  'GET /admin/subprocessors/new': EDIT_PAGE,
  'POST /admin/subprocessors': { anonymous: 401, viewer: ROLE, editor: 400, admin: 400 },
  'GET /admin/subprocessors/:slug': { ...READ_PAGE, slugs: MATRIX_SUBPROCESSOR },
  'POST /admin/subprocessors/:slug': {
    anonymous: 401,
    viewer: ROLE,
    editor: 400,
    admin: 400,
    slugs: MATRIX_SUBPROCESSOR,
  },
  'POST /admin/subprocessors/:slug/submit': {
    anonymous: 401,
    viewer: ROLE,
    editor: 409,
    admin: 409,
    slugs: MATRIX_SUBPROCESSOR,
  },
  'POST /admin/subprocessors/:slug/approve': {
    anonymous: 401,
    viewer: ROLE,
    editor: 409,
    admin: 409,
    slugs: MATRIX_SUBPROCESSOR,
  },
  'POST /admin/subprocessors/:slug/reject': {
    anonymous: 401,
    viewer: ROLE,
    editor: 409,
    admin: 409,
    slugs: MATRIX_SUBPROCESSOR,
  },
  // Archiving a published subprocessor notifies subscribers at once, so it first asks staff to confirm (409).
  'POST /admin/subprocessors/:slug/archive': {
    anonymous: 401,
    viewer: ROLE,
    editor: 409,
    admin: 409,
    slugs: {
      anonymous: 'matrix-sub-archive-editor',
      viewer: 'matrix-sub-archive-editor',
      editor: 'matrix-sub-archive-editor',
      admin: 'matrix-sub-archive-admin',
    },
  },
  'POST /admin/subprocessors/:slug/reopen': {
    anonymous: 401,
    viewer: ROLE,
    editor: 409,
    admin: 409,
    slugs: MATRIX_SUBPROCESSOR,
  },
  'GET /admin/subprocessors/:slug/history': { ...READ_PAGE, slugs: MATRIX_SUBPROCESSOR },

  // Site content (site-content.routes.tsx). Empty forms stop at validation (400); every test-content
  // category is in use, so deleting one is refused (409); tag, highlight and certification deletes succeed.
  'GET /admin/site': READ_PAGE,
  'GET /admin/untranslated': READ_PAGE,
  'POST /admin/site': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 400 },
  'GET /admin/categories': READ_PAGE,
  'GET /admin/categories/new': ADMIN_PAGE,
  'POST /admin/categories': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 400 },
  'GET /admin/categories/:slug': { ...ADMIN_PAGE, slugs: { admin: 'cryptography' } },
  'POST /admin/categories/:slug': {
    anonymous: 401,
    viewer: ROLE,
    editor: ROLE,
    admin: 400,
    slugs: { admin: 'cryptography' },
  },
  'GET /admin/categories/:slug/delete': { ...ADMIN_PAGE, slugs: { admin: 'cryptography' } },
  'POST /admin/categories/:slug/delete': {
    anonymous: 401,
    viewer: ROLE,
    editor: ROLE,
    admin: 409,
    slugs: { admin: 'cryptography' },
  },
  'GET /admin/tags': READ_PAGE,
  'GET /admin/tags/new': ADMIN_PAGE,
  'POST /admin/tags': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 400 },
  'GET /admin/tags/:slug': { ...ADMIN_PAGE, slugs: { admin: 'gdpr' } },
  'POST /admin/tags/:slug': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 400, slugs: { admin: 'gdpr' } },
  'GET /admin/tags/:slug/delete': { ...ADMIN_PAGE, slugs: { admin: 'gdpr' } },
  'POST /admin/tags/:slug/delete': {
    anonymous: 401,
    viewer: ROLE,
    editor: ROLE,
    admin: 303,
    slugs: { admin: 'sustainability' },
  },
  'GET /admin/highlights': READ_PAGE,
  'GET /admin/highlights/new': ADMIN_PAGE,
  'POST /admin/highlights': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 400 },
  'GET /admin/highlights/:id': ADMIN_PAGE,
  'POST /admin/highlights/:id': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 400 },
  'GET /admin/highlights/:id/delete': ADMIN_PAGE,
  'POST /admin/highlights/:id/delete': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 303 },
  'GET /admin/certifications': READ_PAGE,
  'GET /admin/certifications/new': ADMIN_PAGE,
  'POST /admin/certifications': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 400 },
  'GET /admin/certifications/:id': ADMIN_PAGE,
  'POST /admin/certifications/:id': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 400 },
  'GET /admin/certifications/:id/delete': ADMIN_PAGE,
  'POST /admin/certifications/:id/delete': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 303 },

  // Access requests (access.routes.tsx). No request, grant, requester or rule exists here, so their pages
  // and actions are 404 for whoever may use them; an empty rule form stops at validation (400), and the
  // switches form saves (303). Erasing an unknown requester without the confirmation box shows that
  // requester's page again, so it reaches the 404 too.
  'GET /admin/access': READ_PAGE,
  'GET /admin/access/people': READ_PAGE,
  'GET /admin/access/companies': READ_PAGE,
  'GET /admin/access/people/:requesterId': { anonymous: 303, viewer: 404, editor: 404, admin: 404 },
  'POST /admin/access/people/:requesterId/erase': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 404 },
  'GET /admin/access/rules': READ_PAGE,
  'POST /admin/access/rules': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 400 },
  'POST /admin/access/rules/:id/delete': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 404 },
  'POST /admin/access/settings': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 303 },
  'POST /admin/access/grants/:grantId/revoke': { anonymous: 401, viewer: ROLE, editor: 404, admin: 404 },
  'GET /admin/access/:id': { anonymous: 303, viewer: 404, editor: 404, admin: 404 },
  'POST /admin/access/:id/decide': { anonymous: 401, viewer: ROLE, editor: 404, admin: 404 },
  'POST /admin/access/:id/ask': { anonymous: 401, viewer: ROLE, editor: 404, admin: 404 },

  // NDA (nda.routes.tsx): everyone reads and exports; only admins publish (an empty form stops at validation).
  'GET /admin/nda': READ_PAGE,
  'POST /admin/nda': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 400 },
  'GET /admin/nda/acceptances.csv': READ_PAGE,

  // Updates (update.routes.tsx): everyone reads; editors and admins write, publish and delete. There is no
  // update #1, so the allowed cells stop at 404; an empty form stops at validation.
  'GET /admin/updates': READ_PAGE,
  'GET /admin/updates/new': EDIT_PAGE,
  'POST /admin/updates': { anonymous: 401, viewer: ROLE, editor: 400, admin: 400 },
  // An update that does not exist (the setup's published subprocessors drafted updates 1 to 3).
  'GET /admin/updates/:id': { anonymous: 303, viewer: 404, editor: 404, admin: 404, slugs: NO_SUCH_UPDATE },
  'POST /admin/updates/:id': { anonymous: 401, viewer: ROLE, editor: 404, admin: 404, slugs: NO_SUCH_UPDATE },
  'POST /admin/updates/:id/publish': { anonymous: 401, viewer: ROLE, editor: 404, admin: 404, slugs: NO_SUCH_UPDATE },
  'POST /admin/updates/:id/delete': { anonymous: 401, viewer: ROLE, editor: 404, admin: 404, slugs: NO_SUCH_UPDATE },
  // Subscribers: everyone sees counts and notices; only admins set the lead time and erase.
  'GET /admin/subscribers': READ_PAGE,
  'GET /admin/subscribers/notices.csv': READ_PAGE,
  'POST /admin/subscribers/lead-time': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 400 },
  'POST /admin/subscribers/erase': { anonymous: 401, viewer: ROLE, editor: ROLE, admin: 400 },
};

/** Values for path parameters: the rule's own value, else an entry of the test content and its first version (or id 1, for any name ending in id). */
function fillPath(pattern: string, value?: string): string {
  return pattern.replace(
    /:(\w+)(\{[^}]*\})?\??/g,
    (_match, name: string) =>
      value ?? (/version|^from$|^to$|^number$|id$/i.test(name) ? '1' : 'mfa-for-administrative-access'),
  );
}

type AdminTestApp = Awaited<ReturnType<typeof createAdminTestApp>>;
let testApp: AdminTestApp;
const PASSWORD = 'correct horse battery';
const sessions = new Map<Role, { client: CookieClient; csrfToken: string }>();
let counter = 0;

async function signIn(role: Role): Promise<{ client: CookieClient; csrfToken: string }> {
  const email = `matrix-${role}-${++counter}@example.test`;
  await testApp.createUser(email, PASSWORD, role);
  const client = new CookieClient(testApp.app);
  return { client, csrfToken: await client.signInForToken(email, PASSWORD, '/admin/account/password') };
}

/** The admin routes the app really has, as "METHOD /path", without middleware-only entries. */
function listAdminRoutes(): string[] {
  const keys = testApp.app.routes
    .filter((route) => route.method !== 'ALL' && (route.path === '/admin' || route.path.startsWith('/admin/')))
    .map((route) => `${route.method} ${route.path.replace(/\/$/, '') || '/'}`);
  return [...new Set(keys)].sort();
}

const minimal = buildMinimalContent();
const ENTRY_SLUGS = [
  'mfa-for-administrative-access',
  'archived-by-editor',
  'archived-by-admin',
  'reviewed-by-editor',
  'reviewed-by-admin',
];

beforeAll(async () => {
  testApp = await createAdminTestApp({ content: 'none' });
  // What the rules above name: published entries in a category in use, a used tag (gdpr), an unused one
  // (sustainability), and highlight and certification 1. No staff account yet: the ids below depend on it.
  await seedContent(testApp.container, {
    ...minimal,
    categories: [
      ...minimal.categories,
      { slug: 'cryptography', name: 'Cryptography', description: 'Keys.', order: 3, reviewIntervalDays: 365 },
    ],
    tags: [...minimal.tags, { slug: 'sustainability', name: 'Sustainability' }],
    entries: [
      ...minimal.entries,
      ...ENTRY_SLUGS.map((slug) => buildEntry({ slug, category: 'cryptography', tags: ['gdpr'] })),
    ],
  });
  for (const role of ['viewer', 'editor', 'admin'] as const) sessions.set(role, await signIn(role));
  // The user rows above name these ids.
  const ids = (await testApp.staff.listAccounts()).map((user) => [user.role, user.id]);
  expect(Object.fromEntries(ids)).toEqual({ viewer: 1, editor: 2, admin: 3 });
  const admin = (await testApp.staff.listAccounts()).find((user) => user.role === 'admin');
  if (!admin) throw new Error('no admin');
  for (const slug of ['matrix-document', 'matrix-archive-editor', 'matrix-archive-admin']) {
    await testApp.container.documents.createDocument(
      { actor: { userId: admin.id, email: admin.email, name: admin.name, role: admin.role } },
      slug,
      { title: slug, description: '', category: 'Reports', language: 'en', accessLevel: 'public' },
      {
        fileName: `${slug}.pdf`,
        versionLabel: '1',
        validFrom: '2026-01-01',
        validUntil: null,
        stream: (async function* () {
          yield new TextEncoder().encode('%PDF-1.7\n');
        })(),
      },
    );
  }
  const adminContext = { actor: { userId: admin.id, email: admin.email, name: admin.name, role: admin.role } };
  for (const slug of ['matrix-subprocessor', 'matrix-sub-archive-editor', 'matrix-sub-archive-admin']) {
    await testApp.container.subprocessors.createSubprocessor(adminContext, slug, {
      name: slug,
      legalEntity: `${slug} AB`,
      purpose: 'Testing who may do what.',
      dataCategories: ['test data'],
      locations: ['SE'],
      parentCompany: null,
      parentJurisdiction: null,
      nonEuLaw: null,
      since: '2026-01-01',
      until: null,
    });
    await testApp.container.subprocessors.approve(adminContext, slug);
  }
});
afterAll(async () => {
  await testApp.close();
});

describe('authorization matrix', () => {
  it('has a rule for every admin route the app serves', () => {
    const routes = listAdminRoutes();
    expect(routes.length).toBeGreaterThan(5);
    expect(routes.filter((route) => !(route in MATRIX))).toEqual([]);
  });

  it('has no rule for a route the app does not serve (a renamed or removed route)', () => {
    const routes = new Set(listAdminRoutes());
    expect(Object.keys(MATRIX).filter((key) => !routes.has(key))).toEqual([]);
  });

  const cells = Object.entries(MATRIX).flatMap(([key, rule]) =>
    (['anonymous', 'viewer', 'editor', 'admin'] as const).map((person) => ({ key, rule, person })),
  );

  it.each(cells)('$key as $person', async ({ key, rule, person }: { key: string; rule: Rule; person: Person }) => {
    if (!listAdminRoutes().includes(key)) return; // reported by the test above
    const [method = '', pattern = ''] = key.split(' ');
    const path = fillPath(pattern, rule.slugs?.[person]);
    const expected = rule[person];

    let client: CookieClient;
    let csrfToken: string;
    if (person === 'anonymous') {
      client = new CookieClient(testApp.app);
      // Any token: without a session there is nothing it could match.
      csrfToken = 'not-a-session-token';
    } else {
      const session = rule.endsSession ? await signIn(person) : sessions.get(person);
      if (!session) throw new Error(`no session for ${person}`);
      ({ client, csrfToken } = session);
    }

    const { response, text } =
      method === 'GET' ? await client.get(path) : await client.post(path, { _csrf: csrfToken, ...rule.form });

    if (expected === ROLE || expected === CSRF) {
      expect(response.status).toBe(403);
      expect(text).toContain(expected === ROLE ? '<h1>Not allowed</h1>' : '<h1>The form has expired</h1>');
      return;
    }
    expect(response.status).toBe(expected);
    if (person === 'anonymous' && method === 'GET' && expected === 303) {
      expect(response.headers.get('location')).toBe(`/admin/sign-in?next=${encodeURIComponent(path)}`);
    }
  });
});
