import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAdminTestApp, createTestClock, type TestClock } from '../../test/create-admin-test-app.js';
import { LibraryUploadRepository } from '../storage/library-upload.repository.js';
import type { LibraryImportOptions } from './content.service.js';
import { LIBRARY_UPLOAD_LIFETIME_MS, LibraryUploadService } from './library-upload.service.js';

const NEW_QUESTION = 'Do you keep a register of every cryptographic key you use?';
const options: LibraryImportOptions = { status: 'draft', owner: 'keys@example.test', replace: false };

let testApp: Awaited<ReturnType<typeof createAdminTestApp>>;
let clock: TestClock;
let service: LibraryUploadService;
let ada: { userId: number; email: string; ip: undefined };
let bo: { userId: number; email: string; ip: undefined };

beforeEach(async () => {
  testApp = await createAdminTestApp({ content: 'minimal' });
  clock = createTestClock();
  const { db } = testApp.container.database;
  service = new LibraryUploadService(new LibraryUploadRepository(db), testApp.container.content, () => clock.now());
  const adaUser = await testApp.createUser('ada@example.test', 'correct horse battery staple', 'admin');
  const boUser = await testApp.createUser('bo@example.test', 'correct horse battery staple', 'admin');
  ada = { userId: adaUser.userId, email: adaUser.email, ip: undefined };
  bo = { userId: boUser.userId, email: boUser.email, ip: undefined };
});
afterEach(async () => {
  await testApp.close();
});

function libraryFile() {
  const csv = ['Question,Answer,Category', `"${NEW_QUESTION}","Yes, with its owner and rotation date.",`].join('\n');
  return { file: 'keys.csv', bytes: new TextEncoder().encode(`${csv}\n`) };
}

/** What an import would change: the revision, the entries, the audit log. */
async function snapshot() {
  const { db } = testApp.container.database;
  const entries = await db.selectFrom('entry').select(['slug', 'answer', 'status', 'owner']).orderBy('slug').execute();
  const audit = await db.selectFrom('audit_event').select('id').execute();
  return { revision: await testApp.container.content.getRevision(), entries, audit: audit.length };
}

async function keptUploads() {
  return testApp.container.database.db.selectFrom('library_upload').select(['token_hash', 'user_id']).execute();
}

describe('library files kept between preview and import', () => {
  it('imports exactly what was previewed, once, and forgets the file', async () => {
    const before = await snapshot();
    const staged = await service.previewFile(libraryFile(), options, ada.userId);
    expect(staged.preview.added).toEqual([NEW_QUESTION]);
    expect(staged.upload).toMatchObject({ file: 'keys.csv', expiresAt: '2026-11-27T11:00:00.000Z' });
    expect(await snapshot()).toEqual(before);

    const imported = await service.importStaged(staged.upload.token, options, ada);
    expect(imported.outcome).toBe('imported');
    const after = await snapshot();
    expect(after.entries).toHaveLength(before.entries.length + 1);
    expect(after.entries.find((entry) => entry.answer.startsWith('Yes, with its owner'))).toMatchObject({
      status: 'draft',
      owner: 'keys@example.test',
    });
    expect(after.audit).toBe(before.audit + 1);
    expect(await keptUploads()).toEqual([]);

    expect(await service.importStaged(staged.upload.token, options, ada)).toEqual({
      outcome: 'refused',
      reason: 'unknown',
    });
    expect(await snapshot()).toEqual(after);
  });

  it('stores the SHA-256 of the token, never the token', async () => {
    const staged = await service.previewFile(libraryFile(), options, ada.userId);
    const [row] = await keptUploads();
    expect(row?.token_hash).toBe(createHash('sha256').update(staged.upload.token).digest('hex'));
    expect(row?.token_hash).not.toContain(staged.upload.token);
    expect(staged.upload.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses an altered token, another user and an expired file, writing nothing', async () => {
    const staged = await service.previewFile(libraryFile(), options, ada.userId);
    const before = await snapshot();
    const { token } = staged.upload;
    const altered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(await service.importStaged(altered, options, ada)).toEqual({ outcome: 'refused', reason: 'unknown' });
    expect(await service.importStaged(token, options, bo)).toEqual({ outcome: 'refused', reason: 'foreign' });
    expect(await service.previewStaged(token, options, bo.userId)).toEqual({ outcome: 'refused', reason: 'foreign' });
    expect(await snapshot()).toEqual(before);
    // Refusing someone else leaves the file to its uploader.
    expect(await keptUploads()).toHaveLength(1);

    clock.advance(LIBRARY_UPLOAD_LIFETIME_MS);
    expect(await service.importStaged(token, options, ada)).toEqual({ outcome: 'refused', reason: 'expired' });
    expect(await snapshot()).toEqual(before);
    expect(await keptUploads()).toEqual([]);
  });

  it('previews again instead of importing when the options differ from the preview', async () => {
    const staged = await service.previewFile(libraryFile(), options, ada.userId);
    const before = await snapshot();
    const published: LibraryImportOptions = { ...options, status: 'published' };
    const outcome = await service.importStaged(staged.upload.token, published, ada);
    expect(outcome).toMatchObject({ outcome: 'previewed', reason: 'options_changed' });
    expect(await snapshot()).toEqual(before);

    // The new preview is the one the import now repeats: the old options are refused in turn.
    expect(await service.importStaged(staged.upload.token, options, ada)).toMatchObject({
      outcome: 'previewed',
      reason: 'options_changed',
    });
    expect(await service.importStaged(staged.upload.token, options, ada)).toMatchObject({ outcome: 'imported' });
    const after = await snapshot();
    expect(after.entries.find((entry) => entry.answer.startsWith('Yes, with its owner'))?.status).toBe('draft');
  });

  it('previews again instead of importing when the entries changed after the preview', async () => {
    const staged = await service.previewFile(libraryFile(), options, ada.userId);
    // Another import in between: the plan the admin saw may no longer be what would happen.
    const other = new TextEncoder().encode('Question,Answer\n"Do you rotate keys?","Yearly."\n');
    await testApp.container.content.importLibraryFile({ file: 'other.csv', bytes: other }, options);
    const before = await snapshot();
    const outcome = await service.importStaged(staged.upload.token, options, ada);
    expect(outcome).toMatchObject({ outcome: 'previewed', reason: 'content_changed' });
    expect(await snapshot()).toEqual(before);
    expect(await service.importStaged(staged.upload.token, options, ada)).toMatchObject({ outcome: 'imported' });
  });

  it('imports once when the same token is sent twice at the same time', async () => {
    const staged = await service.previewFile(libraryFile(), options, ada.userId);
    const before = await snapshot();
    const outcomes = await Promise.all([
      service.importStaged(staged.upload.token, options, ada),
      service.importStaged(staged.upload.token, options, ada),
    ]);
    expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual(['imported', 'refused']);
    expect((await snapshot()).audit).toBe(before.audit + 1);
  });

  it('keeps a file only when its preview succeeds', async () => {
    const bad = { file: 'bad.csv', bytes: new TextEncoder().encode('Question,Answer\n"Why?",\n') };
    await expect(service.previewFile(bad, options, ada.userId)).rejects.toThrow(/problem/);
    expect(await keptUploads()).toEqual([]);
  });
});
