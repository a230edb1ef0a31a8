import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The layer rules of docs/architecture.md are enforced by Biome's noRestrictedImports, one override
// per folder in biome.json, so `biome ci .` (part of npm test) lists every offending file and import.
// These tests plant imports in a scratch copy of that configuration, so a rule that is dropped or
// mistyped in biome.json fails here instead of silently letting imports through.

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const biome = join(root, 'node_modules', '.bin', 'biome');

/** One planted import: the file it sits in, what it imports, and whether the layers allow it. */
interface PlantedImport {
  file: string;
  source: string;
  isAllowed: boolean;
}

const planted: PlantedImport[] = [
  { file: 'src/domain/planted-a.ts', source: "import { z } from 'zod';", isAllowed: true },
  { file: 'src/domain/planted-b.ts', source: "import { AppError } from './errors.js';", isAllowed: true },
  { file: 'src/domain/planted-c.ts', source: "import { x } from '../storage/schema.js';", isAllowed: false },
  { file: 'src/domain/planted-d.ts', source: "import { x } from '../search/index.js';", isAllowed: false },
  { file: 'src/domain/planted-e.ts', source: "import { Hono } from 'hono';", isAllowed: false },
  { file: 'src/domain/planted-f.ts', source: "import { x } from 'node:crypto';", isAllowed: false },
  {
    file: 'src/views/pages/admin/planted-a.tsx',
    source: "import { x } from '../../../domain/content.js';",
    isAllowed: true,
  },
  {
    file: 'src/views/pages/admin/planted-b.tsx',
    source: "import { t } from '../../../i18n/index.js';",
    isAllowed: true,
  },
  {
    file: 'src/views/pages/admin/planted-c.tsx',
    source: "import type { x } from '../../../storage/audit.repository.js';",
    isAllowed: false,
  },
  {
    file: 'src/views/pages/admin/planted-d.tsx',
    source: "import type { x } from '../../../services/entry.service.js';",
    isAllowed: false,
  },
  { file: 'src/views/components/planted-e.tsx', source: "import { x } from '../../http/app.js';", isAllowed: false },
  {
    file: 'src/views/components/planted-f.tsx',
    source: "export { x } from '../../storage/schema.js';",
    isAllowed: false,
  },
  {
    file: 'src/views/components/planted-g.tsx',
    source: "export const x = () => import('../../services/entry.service.js');",
    isAllowed: false,
  },
  {
    file: 'src/http/admin/planted-a.tsx',
    source: "import { x } from '../../services/entry.service.js';",
    isAllowed: true,
  },
  {
    file: 'src/http/admin/planted-b.tsx',
    source: "import { x } from '../../views/pages/admin/audit-page.js';",
    isAllowed: true,
  },
  {
    file: 'src/http/admin/planted-c.tsx',
    source: "import type { x } from '../../storage/entry.repository.js';",
    isAllowed: false,
  },
  { file: 'src/http/planted-d.ts', source: "import { x } from '../storage/dialect.js';", isAllowed: false },
  { file: 'src/http/middleware/planted-e.ts', source: "import type { Kysely } from 'kysely';", isAllowed: false },
  { file: 'src/services/planted-a.ts', source: "import { x } from '../storage/entry.repository.js';", isAllowed: true },
  { file: 'src/services/planted-b.ts', source: "import { x } from '../http/app.js';", isAllowed: false },
  {
    file: 'src/services/planted-c.ts',
    source: "import { x } from '../views/layouts/admin-layout.js';",
    isAllowed: false,
  },
  { file: 'src/services/planted-d.ts', source: "import { Hono } from 'hono';", isAllowed: false },
  { file: 'src/search/planted-a.ts', source: "import { x } from '../domain/content.js';", isAllowed: true },
  {
    file: 'src/search/planted-b.ts',
    source: "import { x } from '../services/public-site.service.js';",
    isAllowed: false,
  },
  { file: 'src/search/planted-c.ts', source: "import { x } from '../storage/schema.js';", isAllowed: false },
  { file: 'src/questionnaire/planted-a.ts', source: "import { x } from '../search/index.js';", isAllowed: true },
  {
    file: 'src/questionnaire/planted-b.ts',
    source: "import type { x } from '../services/public-site.service.js';",
    isAllowed: false,
  },
  { file: 'src/questionnaire/planted-c.ts', source: "import { x } from '../storage/schema.js';", isAllowed: false },
  { file: 'src/documents/planted-a.ts', source: "import { x } from '../domain/errors.js';", isAllowed: true },
  {
    file: 'src/documents/planted-b.ts',
    source: "import { x } from '../questionnaire/worker-script.js';",
    isAllowed: true,
  },
  { file: 'src/documents/planted-c.ts', source: "import { x } from '../storage/schema.js';", isAllowed: false },
  {
    file: 'src/documents/planted-d.ts',
    source: "import { x } from '../services/entry.service.js';",
    isAllowed: false,
  },
  { file: 'src/documents/planted-e.ts', source: "import { x } from '../http/app.js';", isAllowed: false },
  {
    file: 'src/documents/planted-f.ts',
    source: "import { x } from '../views/layouts/admin-layout.js';",
    isAllowed: false,
  },
  // Tests may reach past the layers to set up what they check.
  {
    file: 'src/views/pages/admin/planted.test.tsx',
    source: "import { x } from '../../../storage/schema.js';",
    isAllowed: true,
  },
  { file: 'src/http/planted.test.ts', source: "import { x } from '../storage/schema.js';", isAllowed: true },
];

const scratch = mkdtempSync(join(tmpdir(), 'tillit-layers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs Biome over the planted files with the project's configuration and returns the flagged paths. */
function lintPlanted(): Set<string> {
  const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8')) as Record<string, unknown>;
  // The scratch folder is not a git checkout and has no node_modules.
  delete config.vcs;
  delete config.$schema;
  writeFileSync(join(scratch, 'biome.json'), JSON.stringify(config));
  for (const { file, source } of planted) {
    mkdirSync(join(scratch, dirname(file)), { recursive: true });
    writeFileSync(join(scratch, file), `${source}\n`);
  }
  let output: string;
  try {
    output = execFileSync(biome, ['lint', '--reporter=json', '--max-diagnostics=none', '.'], {
      cwd: scratch,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (error) {
    // Biome exits 1 when it reports an error; its report is still on stdout.
    output = String((error as { stdout?: unknown }).stdout ?? '');
  }
  const report = JSON.parse(output) as {
    diagnostics: { category?: string; location?: { path?: string } }[];
  };
  return new Set(
    report.diagnostics
      .filter((diagnostic) => diagnostic.category === 'lint/style/noRestrictedImports')
      .map((diagnostic) => diagnostic.location?.path ?? ''),
  );
}

describe('layer rules (biome.json noRestrictedImports)', () => {
  it('refuses exactly the imports docs/architecture.md forbids', () => {
    const flagged = lintPlanted();
    const wrong = planted
      .filter(({ file, isAllowed }) => flagged.has(file) === isAllowed)
      .map(({ file, source, isAllowed }) => `${isAllowed ? 'refused' : 'let through'}: ${file}: ${source}`);
    expect(wrong).toEqual([]);
  });
});

/** Every source file under src, tests left out. */
function listSourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((item) => {
    const path = join(folder, item.name);
    if (item.isDirectory()) return listSourceFiles(path);
    return /\.tsx?$/.test(item.name) && !/\.test\.tsx?$/.test(item.name) ? [path] : [];
  });
}

// process.env, process['env'] and `{ env } = process` all read the environment.
const readsEnvironment =
  /\bprocess\s*(\.\s*env\b|\[\s*['"`]env['"`]\s*\])|\benv\b[^}]*\}\s*=\s*(globalThis\.)?process\b/;

/** Files other than src/config.ts allowed to touch the environment, each with its reason. */
const environmentExceptions: Record<string, string> = {
  'src/cli/main.ts': 'the entry point hands process.env to runCli, which gives it to loadConfig (tests pass their own)',
};

describe('only src/config.ts reads the environment', () => {
  it('finds process.env nowhere else in src', () => {
    const offending = listSourceFiles(join(root, 'src')).flatMap((path) => {
      const file = relative(root, path).split('\\').join('/');
      if (file === 'src/config.ts' || file in environmentExceptions) return [];
      return readFileSync(path, 'utf8')
        .split('\n')
        .flatMap((line, index) => (readsEnvironment.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : []));
    });
    expect(offending).toEqual([]);
  });

  it('keeps no stale exception', () => {
    const stale = Object.keys(environmentExceptions).filter(
      (file) => !readsEnvironment.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(stale).toEqual([]);
  });

  it('recognises each way of reading the environment', () => {
    const samples = [
      'process.env.PORT',
      "process['env']",
      'const { env } = process;',
      'const { argv, env } = process;',
    ];
    expect(samples.filter((sample) => !readsEnvironment.test(sample))).toEqual([]);
    expect(readsEnvironment.test('process.stderr.write(line)')).toBe(false);
  });
});
