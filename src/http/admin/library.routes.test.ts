import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CookieClient, createAdminTestApp } from '../../../test/create-admin-test-app.js';

const PASSWORD = 'correct horse battery staple';
const NEW_QUESTION = 'Do you run a private bug bounty programme for researchers?';
let testApp: Awaited<ReturnType<typeof createAdminTestApp>>;

beforeEach(async () => {
  testApp = await createAdminTestApp({ content: 'minimal' });
  await testApp.createUser('root@example.test', PASSWORD, 'admin');
  await testApp.createUser('ed@example.test', PASSWORD, 'editor');
  await testApp.createUser('vic@example.test', PASSWORD, 'viewer');
});
afterEach(async () => {
  await testApp.close();
});

function signIn(email: string) {
  return testApp.signInClient(email, PASSWORD, '/admin/account/password');
}

async function send(
  client: CookieClient,
  fields: Record<string, string>,
  file?: { name: string; text: string },
): Promise<{ response: Response; text: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  if (file) form.set('file', new File([file.text], file.name));
  const response = await client.request('/admin/library', { method: 'POST', body: form });
  return { response, text: await response.text() };
}

/** What a write would change: the revision, the entries and the audit log. */
async function snapshot() {
  const { db } = testApp.container.database;
  const entries = await db.selectFrom('entry').select(['slug', 'question', 'answer']).orderBy('slug').execute();
  const audit = await db.selectFrom('audit_event').select('id').execute();
  return { revision: await testApp.container.content.getRevision(), entries, audit: audit.length };
}

async function existingEntry() {
  const content = await testApp.container.content.getContent();
  const entry = content.entries[0];
  if (!entry) throw new Error('the example content has entries');
  return entry;
}

async function libraryCsv() {
  const existing = await existingEntry();
  const csv = [
    'Question,Answer,Category,Tags',
    `"${existing.question}","Updated from the staff area.",,`,
    `"${NEW_QUESTION}","Yes, a **private** one.",Vulnerability Disclosure,"Bug bounty; Research"`,
  ].join('\r\n');
  return { existing, file: { name: 'library.csv', text: `${csv}\r\n` } };
}

describe('answer library import in the staff area', () => {
  it('shows the form to an admin with their e-mail as the owner and links it from the navigation', async () => {
    const { client } = await signIn('root@example.test');
    const page = await client.get('/admin/library');
    expect(page.response.status).toBe(200);
    expect(page.text).toContain('<h1>Import an answer library</h1>');
    expect(page.text).toContain('href="/admin/library" aria-current="page"');
    expect(page.text).toMatch(/id="library-owner" name="owner" type="text" maxlength="200" value="root@example.test"/);
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toContain('name="intent" value="preview"');
    expect(page.text).toContain('name="intent" value="import"');
  });

  it('previews the plan question by question and writes nothing', async () => {
    const { client, csrfToken } = await signIn('root@example.test');
    const { existing, file } = await libraryCsv();
    const before = await snapshot();
    const preview = await send(client, { _csrf: csrfToken, intent: 'preview', status: 'published', owner: '' }, file);
    expect(preview.response.status).toBe(200);
    expect(preview.text).toContain('Preview: nothing has been written yet');
    expect(preview.text).toContain('library.csv: 2 rows read.');
    expect(preview.text).toContain('Entries that would be added: 1');
    expect(preview.text).toContain(`<li>${NEW_QUESTION}</li>`);
    expect(preview.text).toContain('Entries that would be updated: 1');
    expect(preview.text).toContain(`<li>${existing.question}</li>`);
    expect(preview.text).toContain('Categories that would be created: 1');
    expect(preview.text).toContain('<li>Vulnerability Disclosure</li>');
    expect(preview.text).toContain('Tags that would be created: 2');
    expect(preview.text).not.toContain('Entries that would be removed');
    expect(await snapshot()).toEqual(before);
  });

  it('lists the entries a replace would remove, still writing nothing', async () => {
    const { client, csrfToken } = await signIn('root@example.test');
    const { file } = await libraryCsv();
    const before = await snapshot();
    const preview = await send(
      client,
      { _csrf: csrfToken, intent: 'preview', status: 'published', owner: '', replace: 'on' },
      file,
    );
    expect(preview.response.status).toBe(200);
    expect(preview.text).toContain(`Entries that would be removed: ${before.entries.length - 1}`);
    expect(await snapshot()).toEqual(before);
  });

  it('imports, redirects to the result, serves the new entry in public search and audits the admin', async () => {
    const { client, csrfToken } = await signIn('root@example.test');
    const { existing, file } = await libraryCsv();
    const before = await snapshot();
    const imported = await send(client, { _csrf: csrfToken, intent: 'import', status: 'published', owner: '' }, file);
    expect(imported.response.status).toBe(303);
    const location = imported.response.headers.get('location') ?? '';
    expect(location).toMatch(/^\/admin\/library\?added=1&updated=1&unchanged=0&removed=0&revision=\d+/);
    const result = await client.get(location);
    expect(result.text).toContain('The answer library has been imported: added 1, updated 1, unchanged 0, removed 0');
    expect(result.text).toContain('Created 1 category and 2 tags.');

    const after = await snapshot();
    expect(after.revision).toBeGreaterThan(before.revision);
    expect(after.entries).toHaveLength(before.entries.length + 1);
    expect(after.entries.find((entry) => entry.slug === existing.slug)?.answer).toBe('Updated from the staff area.');

    const search = await testApp.app.request('http://localhost/search?q=bug+bounty+researchers');
    expect(await search.text()).toContain('href="/faq/do-you-run-a-private-bug-bounty-programme-for-researchers"');

    const { db } = testApp.container.database;
    const event = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'content.library_import')
      .executeTakeFirstOrThrow();
    expect(event.actor_email).toBe('root@example.test');
    expect(event.actor_id).not.toBeNull();
    expect(event.summary).toContain('answer library library.csv: added 1; updated 1');
    const versions = await db
      .selectFrom('entry_version')
      .select(['entry_slug', 'saved_by_email', 'change'])
      .where('change', 'like', '%library import%')
      .execute();
    expect(versions).toHaveLength(2);
    expect(versions.every((version) => version.saved_by_email === 'root@example.test')).toBe(true);
    const newEntry = await db
      .selectFrom('entry')
      .select('owner')
      .where('question', '=', NEW_QUESTION)
      .executeTakeFirstOrThrow();
    expect(newEntry.owner).toBe('root@example.test');
  });

  it('replace removes the entries the file does not contain', async () => {
    const { client, csrfToken } = await signIn('root@example.test');
    const { existing, file } = await libraryCsv();
    const imported = await send(
      client,
      { _csrf: csrfToken, intent: 'import', status: 'draft', owner: 'security@example.test', replace: 'on' },
      file,
    );
    expect(imported.response.status).toBe(303);
    const after = await snapshot();
    expect(after.entries.map((entry) => entry.question).sort()).toEqual([existing.question, NEW_QUESTION].sort());
  });

  it('shows every problem of a bad file as file:row column and writes nothing', async () => {
    const { client, csrfToken } = await signIn('root@example.test');
    const before = await snapshot();
    const csv = ['Question,Answer,Controls', '"Is it fine?",,A.8.24', ',"An answer without a question",Z.1'].join('\n');
    for (const intent of ['preview', 'import']) {
      const refused = await send(
        client,
        { _csrf: csrfToken, intent, status: 'published', owner: '' },
        { name: 'bad.csv', text: csv },
      );
      expect(refused.response.status).toBe(400);
      expect(refused.text).toContain('role="alert"');
      expect(refused.text).toContain('The library was not imported');
      expect(refused.text).toContain('3 problems were found; nothing was written.');
      expect(refused.text).toContain('<li>bad.csv:2 answer: is empty; every row needs an answer</li>');
      expect(refused.text).toContain('<li>bad.csv:3 question: is empty; every row needs a question</li>');
      expect(refused.text).toContain(
        'bad.csv:3 controls: &quot;Z.1&quot; is not an ISO/IEC 27001:2022 Annex A control',
      );
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a missing file, a file of another kind and a bad status with 400', async () => {
    const { client, csrfToken } = await signIn('root@example.test');
    const before = await snapshot();
    const missing = await send(client, { _csrf: csrfToken, intent: 'import', status: 'published' });
    expect(missing.response.status).toBe(400);
    expect(missing.text).toContain('Choose a .csv or .xlsx file to preview or import.');
    const other = await send(
      client,
      { _csrf: csrfToken, intent: 'import', status: 'published' },
      { name: 'notes.txt', text: 'question,answer\nA?,B\n' },
    );
    expect(other.response.status).toBe(400);
    expect(other.text).toContain('notes.txt: an answer library must be a .csv or .xlsx file');
    const status = await send(
      client,
      { _csrf: csrfToken, intent: 'import', status: 'archived' },
      { name: 'library.csv', text: 'question,answer\nA?,B\n' },
    );
    expect(status.response.status).toBe(400);
    expect(status.text).toContain('Check the form fields and try again.');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a body over 20 MB with 413 before reading it', async () => {
    const { client, csrfToken } = await signIn('root@example.test');
    const response = await client.request('/admin/library', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(30 * 1024 * 1024) },
      body: `_csrf=${csrfToken}`,
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('Split the library into several files');
  });

  it('is for administrators only: editors and viewers get 403 and do not see the link', async () => {
    const { file } = await libraryCsv();
    const before = await snapshot();
    for (const email of ['ed@example.test', 'vic@example.test']) {
      const { client, csrfToken } = await signIn(email);
      expect((await client.get('/admin/library')).response.status).toBe(403);
      const posted = await send(client, { _csrf: csrfToken, intent: 'import', status: 'published' }, file);
      expect(posted.response.status).toBe(403);
      expect((await client.get('/admin')).text).not.toContain('href="/admin/library"');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('rejects an import without the CSRF token and writes nothing', async () => {
    const { client } = await signIn('root@example.test');
    const { file } = await libraryCsv();
    const before = await snapshot();
    const refused = await send(client, { intent: 'import', status: 'published' }, file);
    expect(refused.response.status).toBe(403);
    expect(refused.text).toContain('The form has expired');
    expect(await snapshot()).toEqual(before);
  });
});

/** The hidden fields of the form that imports the previewed file, as a browser would send them. */
function stagedImportFields(html: string): Record<string, string> {
  const start = html.indexOf('aria-labelledby="library-import-title"');
  if (start === -1) throw new Error('the preview has no import form');
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: Record<string, string> = {};
  for (const match of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    fields[match[1] ?? ''] = (match[2] ?? '').replaceAll('&amp;', '&');
  }
  const button = /<button type="submit" name="intent" value="([^"]+)"/.exec(form);
  if (button?.[1]) fields.intent = button[1];
  return fields;
}

async function previewToKeep(client: CookieClient, csrfToken: string, fields: Record<string, string> = {}) {
  const { file } = await libraryCsv();
  const preview = await send(
    client,
    { _csrf: csrfToken, intent: 'preview', status: 'published', owner: '', ...fields },
    file,
  );
  expect(preview.response.status).toBe(200);
  return stagedImportFields(preview.text);
}

/** Previews the kept file named by `upload` again from the upload form, with no file chosen. */
function previewKeptAgain(
  client: CookieClient,
  csrfToken: string,
  upload: string | undefined,
  options: Record<string, string>,
) {
  return send(client, { _csrf: csrfToken, upload: upload ?? '', intent: 'preview', owner: '', sheet: '', ...options });
}

async function keptUploads() {
  return testApp.container.database.db.selectFrom('library_upload').select(['user_id', 'expires_at']).execute();
}

describe('importing the previewed file without choosing it again', () => {
  it('offers an import of the previewed rows that needs no file, imports them once and forgets the file', async () => {
    const { client, csrfToken } = await signIn('root@example.test');
    const { existing, file } = await libraryCsv();
    const before = await snapshot();
    const preview = await send(client, { _csrf: csrfToken, intent: 'preview', status: 'draft', owner: '' }, file);
    expect(preview.text).toContain('<h3 id="library-import-title">Import what you previewed</h3>');
    expect(preview.text).toMatch(/The server keeps library\.csv until \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(preview.text).toContain('<li>Status of imported entries: Draft (not visible until published)</li>');
    expect(preview.text).toContain('<li>Owner: root@example.test</li>');
    expect(preview.text).toContain('<li>Replace: no</li>');
    expect(preview.text).toContain('Import these 2 rows');
    // The upload form underneath needs no file now; it says which one it would use.
    expect(preview.text).toContain('Leave empty to use library.csv from the preview above');
    expect(preview.text).not.toMatch(/id="library-file" name="file" type="file" required/);
    const fields = stagedImportFields(preview.text);
    expect(fields).toMatchObject({ intent: 'import', sheet: '', status: 'draft', owner: 'root@example.test' });
    expect(fields.upload).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fields.replace).toBeUndefined();
    expect(await snapshot()).toEqual(before);

    const imported = await send(client, fields);
    expect(imported.response.status).toBe(303);
    expect(imported.response.headers.get('location')).toMatch(/^\/admin\/library\?added=1&updated=1&unchanged=0/);
    const after = await snapshot();
    expect(after.entries).toHaveLength(before.entries.length + 1);
    expect(after.entries.find((entry) => entry.slug === existing.slug)?.answer).toBe('Updated from the staff area.');
    const { db } = testApp.container.database;
    const events = await db
      .selectFrom('audit_event')
      .select(['actor_email', 'summary'])
      .where('action', '=', 'content.library_import')
      .execute();
    expect(events).toEqual([
      { actor_email: 'root@example.test', summary: expect.stringContaining('answer library library.csv: added 1') },
    ]);
    const added = await db.selectFrom('entry').select('status').where('question', '=', NEW_QUESTION).executeTakeFirst();
    expect(added?.status).toBe('draft');
    expect(await keptUploads()).toEqual([]);

    const again = await send(client, fields);
    expect(again.response.status).toBe(404);
    expect(again.text).toContain('The previewed file was not imported');
    expect(again.text).toContain('No previewed file matches this form: it has already been imported');
    expect(await snapshot()).toEqual(after);
  });

  it('refuses a token another admin previewed, and leaves their file to them', async () => {
    await testApp.createUser('root2@example.test', PASSWORD, 'admin');
    const owner = await signIn('root@example.test');
    const fields = await previewToKeep(owner.client, owner.csrfToken);
    const other = await signIn('root2@example.test');
    const before = await snapshot();
    const refused = await send(other.client, { ...fields, _csrf: other.csrfToken });
    expect(refused.response.status).toBe(403);
    expect(refused.text).toContain('This file was previewed by another staff member, and only they can import it.');
    expect(refused.text).toContain('role="alert"');
    expect(await snapshot()).toEqual(before);
    expect(await keptUploads()).toHaveLength(1);
    expect((await send(owner.client, fields)).response.status).toBe(303);
  });

  it('refuses an expired file and deletes it', async () => {
    const { client, csrfToken } = await signIn('root@example.test');
    const fields = await previewToKeep(client, csrfToken);
    await testApp.container.database.db
      .updateTable('library_upload')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    const before = await snapshot();
    const refused = await send(client, fields);
    expect(refused.response.status).toBe(410);
    expect(refused.text).toContain('The previewed file has expired: the server keeps a file for one hour');
    expect(await snapshot()).toEqual(before);
    expect(await keptUploads()).toEqual([]);
  });

  it('refuses an altered token and a token without the CSRF field, writing nothing', async () => {
    const { client, csrfToken } = await signIn('root@example.test');
    const fields = await previewToKeep(client, csrfToken);
    const token = fields.upload ?? '';
    const before = await snapshot();
    const altered = await send(client, {
      ...fields,
      upload: `${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`,
    });
    expect(altered.response.status).toBe(404);
    expect(altered.text).toContain('or the form was altered. Nothing was written.');
    const forged = await send(client, { ...fields, upload: 'made-up' });
    expect(forged.response.status).toBe(404);
    const { _csrf: _, ...withoutCsrf } = fields;
    const unprotected = await send(client, withoutCsrf);
    expect(unprotected.response.status).toBe(403);
    expect(await snapshot()).toEqual(before);
    // The real token still works after all that.
    expect((await send(client, fields)).response.status).toBe(303);
  });

  it('shows a new preview instead of importing when the options sent differ from the preview', async () => {
    const { client, csrfToken } = await signIn('root@example.test');
    const fields = await previewToKeep(client, csrfToken);
    const before = await snapshot();
    const changed = await send(client, { ...fields, replace: 'on' });
    expect(changed.response.status).toBe(409);
    expect(changed.text).toContain('Nothing was imported: the options sent differ from the ones the preview used.');
    expect(changed.text).toContain(`Entries that would be removed: ${before.entries.length - 1}`);
    expect(changed.text).toContain('<li>Replace: yes, every entry the file does not contain is removed</li>');
    expect(await snapshot()).toEqual(before);

    const confirmed = stagedImportFields(changed.text);
    expect(confirmed).toMatchObject({ upload: fields.upload, replace: 'on' });
    expect((await send(client, confirmed)).response.status).toBe(303);
    expect((await snapshot()).entries).toHaveLength(2);
  });

  it('previews the kept file again with other options from the upload form, without the file', async () => {
    const { client, csrfToken } = await signIn('root@example.test');
    const fields = await previewToKeep(client, csrfToken);
    const before = await snapshot();
    const again = await previewKeptAgain(client, csrfToken, fields.upload, {
      status: 'draft',
      owner: 'security@example.test',
    });
    expect(again.response.status).toBe(200);
    expect(again.text).toContain('library.csv: 2 rows read.');
    expect(again.text).toContain('<li>Owner: security@example.test</li>');
    expect(await snapshot()).toEqual(before);
    const imported = await send(client, stagedImportFields(again.text));
    expect(imported.response.status).toBe(303);
    const { db } = testApp.container.database;
    const added = await db
      .selectFrom('entry')
      .select(['status', 'owner'])
      .where('question', '=', NEW_QUESTION)
      .executeTakeFirst();
    expect(added).toEqual({ status: 'draft', owner: 'security@example.test' });
  });

  it('keeps offering the kept file when a second preview of it fails, and writes nothing', async () => {
    const { client, csrfToken } = await signIn('root@example.test');
    const fields = await previewToKeep(client, csrfToken);
    const before = await snapshot();
    // A CSV has one sheet; naming another is a mistake the parser reports.
    const failed = await previewKeptAgain(client, csrfToken, fields.upload, { status: 'published', sheet: 'Answers' });
    expect(failed.response.status).toBe(400);
    expect(failed.text).toContain('Leave empty to use library.csv from the preview above');
    expect(failed.text).toContain(`<input type="hidden" name="upload" value="${fields.upload}"/>`);
    expect(await snapshot()).toEqual(before);
    const again = await previewKeptAgain(client, csrfToken, fields.upload, { status: 'published' });
    expect(again.response.status).toBe(200);
    expect(again.text).toContain('Import these 2 rows');
  });

  it('keeps the last three previews of each admin', async () => {
    const { client, csrfToken } = await signIn('root@example.test');
    const first = await previewToKeep(client, csrfToken);
    for (let count = 0; count < 3; count += 1) await previewToKeep(client, csrfToken);
    expect(await keptUploads()).toHaveLength(3);
    const before = await snapshot();
    const pushedOut = await send(client, first);
    expect(pushedOut.response.status).toBe(404);
    expect(pushedOut.text).toContain('newer previews replaced it (each person keeps their last 3)');
    expect(await snapshot()).toEqual(before);
  });
});
