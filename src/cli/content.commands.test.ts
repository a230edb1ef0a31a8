import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTillit, useTemporaryDatabases } from '../../test/cli-support.js';
import { EXAMPLE_CONTENT } from '../../test/create-test-app.js';
import { SWEDISH_TEST_FILES } from '../../test/translation-fixtures.js';
import { openDatabase } from '../storage/database.js';
import { listMigrations } from '../storage/migrations/index.js';

const createWorkspace = useTemporaryDatabases();
const run = runTillit;

function listFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(folder.length))
    .sort();
}

async function countEntries(databaseUrl: string): Promise<number> {
  const handle = openDatabase(databaseUrl);
  try {
    const row = await handle.db
      .selectFrom('entry')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  } finally {
    await handle.close();
  }
}

// The example folder on purpose: the round trip of the shipped content (byte for byte) is the point,
// and its files are the real-sized input the import's checks must handle.
describe('tillit import and export', () => {
  it('imports the example content and exports it byte for byte', async () => {
    const workspace = await createWorkspace();
    const imported = await run(['import', EXAMPLE_CONTENT], workspace.url);
    expect(imported.error).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/^Imported \d+ entries, 10 categories/);
    expect(imported.out).toContain('Documents: 5 added, 0 with a new current file, 0 with changed details.');
    expect(imported.out).toContain('Published the NDA of nda.md as its current version.');
    expect(imported.out).toContain('Updates: 5 from updates/.');
    const again = await run(['import', EXAMPLE_CONTENT], workspace.url);
    expect(again.out).not.toContain('Documents:');
    expect(again.out).not.toContain('NDA');

    const exportFolder = join(workspace.folder, 'exported');
    const exported = await run(['export', exportFolder], workspace.url);
    expect(exported.code).toBe(0);
    const originalFiles = listFiles(EXAMPLE_CONTENT);
    expect(listFiles(`${exportFolder}/`)).toEqual(originalFiles);
    for (const file of originalFiles) {
      expect(readFileSync(join(exportFolder, file)).equals(readFileSync(join(EXAMPLE_CONTENT, file))), file).toBe(true);
    }
  });

  it('keeps entry history across imports: a changed or removed entry keeps its text, the same folder adds nothing', async () => {
    const workspace = await createWorkspace();
    expect((await run(['import', EXAMPLE_CONTENT], workspace.url)).code).toBe(0);
    const versions = async () => {
      const handle = openDatabase(workspace.url);
      try {
        return await handle.db
          .selectFrom('entry_version')
          .select(['entry_slug', 'version', 'change', 'snapshot'])
          .orderBy('entry_slug')
          .orderBy('version')
          .execute();
      } finally {
        await handle.close();
      }
    };
    // The first import into an empty database, and the same folder again, record nothing.
    expect(await versions()).toEqual([]);
    expect((await run(['import', EXAMPLE_CONTENT], workspace.url)).code).toBe(0);
    expect(await versions()).toEqual([]);

    const folder = join(workspace.folder, 'edited');
    cpSync(EXAMPLE_CONTENT, folder, { recursive: true });
    const changed = join(folder, 'entries', 'encryption-at-rest.md');
    const original = readFileSync(changed, 'utf8');
    writeFileSync(changed, original.replace(/\n---\n[\s\S]*$/, '\n---\nRewritten in the content folder.\n'));
    // An entry leaves with its translation: a translation of an entry that is gone is refused.
    rmSync(join(folder, 'entries', 'support-languages.md'));
    rmSync(join(folder, 'translations', 'sv', 'entries', 'support-languages.md'), { force: true });
    expect((await run(['import', folder], workspace.url)).code).toBe(0);
    const after = await versions();
    expect(after.map(({ entry_slug, version, change }) => [entry_slug, version, change])).toEqual([
      ['encryption-at-rest', 1, 'as stored before the first recorded change'],
      ['encryption-at-rest', 2, 'replaced by a content import'],
      ['support-languages', 1, 'as stored before the first recorded change'],
    ]);
    expect(after[0]?.snapshot).toContain('AES-256');
    expect(after[1]?.snapshot).toContain('Rewritten in the content folder.');
  });

  it('imports nothing from a broken folder and prints every problem with file, line and field', async () => {
    const workspace = await createWorkspace();
    expect((await run(['import', EXAMPLE_CONTENT], workspace.url)).code).toBe(0);
    const before = await countEntries(workspace.url);

    const broken = join(workspace.folder, 'broken');
    cpSync(EXAMPLE_CONTENT, broken, { recursive: true });
    const entryName = readdirSync(join(broken, 'entries'))[0] ?? '';
    const entryPath = join(broken, 'entries', entryName);
    writeFileSync(entryPath, readFileSync(entryPath, 'utf8').replace(/^status: .*$/m, 'status: pending'));
    writeFileSync(
      join(broken, 'entries', 'new-entry.md'),
      '---\nquestion: Is this new?\ncategory: cryptography\n---\nYes.\n',
    );
    writeFileSync(join(broken, 'tags.yaml'), '- slug: nis2\n  name: NIS2\n- slug: NIS 2\n  name: ""\n');

    const result = await run(['import', broken], workspace.url);
    expect(result.code).toBe(1);
    expect(result.error).toContain('nothing was imported');
    expect(result.error).toMatch(new RegExp(`entries/${entryName.replace('.', '\\.')}:\\d+ status: must be one of`));
    expect(result.error).toMatch(/entries\/new-entry\.md:2 status: /);
    expect(result.error).toMatch(/tags\.yaml:3 \[1\]\.slug: must be lowercase/);
    expect(result.error).toMatch(/tags\.yaml:4 \[1\]\.name: must not be empty/);
    expect(await countEntries(workspace.url)).toBe(before);
  });

  it('imports nothing when an update is bad, naming file and line, and keeps the stored updates', async () => {
    const workspace = await createWorkspace();
    expect((await run(['import', EXAMPLE_CONTENT], workspace.url)).code).toBe(0);
    const countUpdates = async () => {
      const handle = openDatabase(workspace.url);
      try {
        return (await handle.db.selectFrom('site_update').select(['slug', 'category']).orderBy('slug').execute()).map(
          (row) => `${row.slug} ${row.category}`,
        );
      } finally {
        await handle.close();
      }
    };
    const before = await countUpdates();
    expect(before).toHaveLength(5);

    const broken = join(workspace.folder, 'broken');
    cpSync(EXAMPLE_CONTENT, broken, { recursive: true });
    const name = readdirSync(join(broken, 'updates'))[0] ?? '';
    const path = join(broken, 'updates', name);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^category: .*$/m, 'category: gossip'));
    mkdirSync(join(broken, 'translations', 'sv', 'updates'), { recursive: true });
    writeFileSync(
      join(broken, 'translations', 'sv', 'updates', '2026-01-01-gone.md'),
      '---\ntitle: Borta\n---\nText.\n',
    );
    const result = await run(['import', broken], workspace.url);
    expect(result.code).toBe(1);
    expect(result.error).toContain('nothing was imported');
    expect(result.error).toContain(`updates/${name}:4 category: Category must be one of`);
    expect(result.error).toContain(
      'translations/sv/updates/2026-01-01-gone.md:1: there is no update "2026-01-01-gone"',
    );
    expect(await countUpdates()).toEqual(before);
  });

  it('refuses a YAML alias bomb and names the file it is in', async () => {
    const workspace = await createWorkspace();
    const bombed = join(workspace.folder, 'bombed');
    cpSync(EXAMPLE_CONTENT, bombed, { recursive: true });
    // "Billion laughs": nine levels of ten aliases each expand to 10^9 strings.
    const levels = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let level = 1; level < 9; level++) {
      levels.push(`a${level}: &a${level} [${Array.from({ length: 10 }, () => `*a${level - 1}`).join(', ')}]`);
    }
    writeFileSync(join(bombed, 'site.yaml'), `${levels.join('\n')}\n`);
    const entryName = readdirSync(join(bombed, 'entries'))[0] ?? '';
    const entryPath = join(bombed, 'entries', entryName);
    writeFileSync(entryPath, readFileSync(entryPath, 'utf8').replace(/^---\n/, `---\n${levels.join('\n')}\n`));

    const result = await run(['import', bombed], workspace.url);
    expect(result.code).toBe(1);
    expect(result.error).toContain('nothing was imported');
    expect(result.error).toMatch(/site\.yaml: too many YAML aliases/);
    expect(result.error).toMatch(new RegExp(`entries/${entryName.replace('.', '\\.')}: too many YAML aliases`));
    expect(result.error).not.toContain('resource exhaustion attack');
    expect(await countEntries(workspace.url)).toBe(0);
  });

  it('says what is wrong with a missing folder and with bad usage', async () => {
    const workspace = await createWorkspace();
    const missing = await run(['import', join(workspace.folder, 'nope')], workspace.url);
    expect(missing.code).toBe(1);
    expect(missing.error).toMatch(/does not exist/);
    const usage = await run(['frobnicate'], workspace.url);
    expect(usage.code).toBe(2);
    expect(usage.error).toContain('Unknown command "frobnicate"');
  });

  it('refuses a content folder holding symbolic links, naming each, and imports nothing', async () => {
    const workspace = await createWorkspace();
    const content = join(workspace.folder, 'content');
    cpSync(EXAMPLE_CONTENT, content, { recursive: true });
    const outside = join(workspace.folder, 'outside');
    mkdirSync(join(outside, 'more'), { recursive: true });
    writeFileSync(join(outside, 'secret.md'), readFileSync(join(content, 'entries', 'asset-inventory.md'), 'utf8'));
    writeFileSync(join(outside, 'more', 'other.md'), 'not content');
    symlinkSync(join(outside, 'secret.md'), join(content, 'entries', 'linked-entry.md'));
    symlinkSync(join(outside, 'more'), join(content, 'entries', 'linked-folder'));
    expect((await run(['migrate'], workspace.url)).code).toBe(0);
    const refused = await run(['import', content], workspace.url);
    expect(refused.code).toBe(1);
    expect(refused.error).toContain('holds 2 symbolic link(s) or special file(s)');
    expect(refused.error).toContain('entries/linked-entry.md: is a symbolic link');
    expect(refused.error).toContain('entries/linked-folder: is a symbolic link');
    expect(refused.error).not.toContain('other.md');
    expect(await countEntries(workspace.url)).toBe(0);
  });

  it('imports Swedish translations beside the example and exports both languages byte for byte', async () => {
    const workspace = await createWorkspace();
    const content = join(workspace.folder, 'content');
    cpSync(EXAMPLE_CONTENT, content, { recursive: true });
    for (const [path, text] of Object.entries(SWEDISH_TEST_FILES)) {
      mkdirSync(join(content, path, '..'), { recursive: true });
      writeFileSync(join(content, path), text);
    }
    const imported = await run(['import', content], workspace.url);
    expect(imported.error).toBe('');
    expect(imported.code).toBe(0);

    const exportFolder = join(workspace.folder, 'exported');
    // A translation the database no longer has must not survive in the folder exported into.
    mkdirSync(join(exportFolder, 'translations', 'sv', 'entries'), { recursive: true });
    writeFileSync(join(exportFolder, 'translations', 'sv', 'entries', 'stale.md'), 'left from before');
    expect((await run(['export', exportFolder], workspace.url)).code).toBe(0);
    const originalFiles = listFiles(`${content}/`);
    expect(listFiles(`${exportFolder}/`)).toEqual(originalFiles);
    for (const file of originalFiles) {
      expect(readFileSync(join(exportFolder, file)).equals(readFileSync(join(content, file))), file).toBe(true);
    }
  });

  it('imports nothing when a translation is bad, naming file and line, and keeps what was stored', async () => {
    const workspace = await createWorkspace();
    const content = join(workspace.folder, 'content');
    cpSync(EXAMPLE_CONTENT, content, { recursive: true });
    expect((await run(['import', content], workspace.url)).code).toBe(0);
    const before = await countEntries(workspace.url);
    rmSync(join(content, 'entries', 'access-reviews.md'));
    mkdirSync(join(content, 'translations', 'sv', 'entries'), { recursive: true });
    writeFileSync(
      join(content, 'translations', 'sv', 'entries', 'no-such-entry.md'),
      '---\nquestion: Finns inte?\n---\nNej.\n',
    );
    const refused = await run(['import', content], workspace.url);
    expect(refused.code).toBe(1);
    expect(refused.error).toContain('translations/sv/entries/no-such-entry.md:1');
    expect(refused.error).toContain('there is no entry "no-such-entry"');
    expect(await countEntries(workspace.url)).toBe(before);
  });

  it('refuses a symbolic link in the translations folder and imports nothing', async () => {
    const workspace = await createWorkspace();
    const content = join(workspace.folder, 'content');
    cpSync(EXAMPLE_CONTENT, content, { recursive: true });
    mkdirSync(join(content, 'translations', 'sv'), { recursive: true });
    writeFileSync(join(workspace.folder, 'tags.yaml'), '- slug: gdpr\n  name: GDPR\n');
    rmSync(join(content, 'translations', 'sv', 'tags.yaml'), { force: true });
    symlinkSync(join(workspace.folder, 'tags.yaml'), join(content, 'translations', 'sv', 'tags.yaml'));
    expect((await run(['migrate'], workspace.url)).code).toBe(0);
    const refused = await run(['import', content], workspace.url);
    expect(refused.code).toBe(1);
    expect(refused.error).toContain('translations/sv/tags.yaml: is a symbolic link');
    expect(await countEntries(workspace.url)).toBe(0);
  });

  it('prints the usage and exits 0 when asked for help', async () => {
    const workspace = await createWorkspace();
    for (const word of ['--help', '-h', 'help']) {
      const help = await run([word], workspace.url);
      expect({ word, code: help.code, error: help.error }).toEqual({ word, code: 0, error: '' });
      expect(help.out).toContain('Usage:');
      expect(help.out).toContain('tillit import <dir>');
    }
  });

  it('reports a wrong DATABASE_URL clearly', async () => {
    const result = await run(['migrate'], 'mysql://nope');
    expect(result.code).toBe(1);
    expect(result.error).toMatch(/DATABASE_URL: must start with file: \(SQLite\) or postgres:\/\//);
  });

  it('migrates a new database and reports what it applied', async () => {
    const workspace = await createWorkspace();
    const first = await run(['migrate'], workspace.url);
    const names = Object.keys(listMigrations('sqlite'));
    expect(names.slice(0, 3)).toEqual(['0001-content', '0002-search-analytics', '0003-staff']);
    expect(first.out).toContain(`Applied ${names.length} migration(s)`);
    expect(first.out).toContain(names.join(', '));
    const second = await run(['migrate'], workspace.url);
    expect(second.out).toMatch(/is up to date/);
  });
});
