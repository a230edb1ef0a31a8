// Compiles the server and CLI to dist/ with esbuild (well under a second). Bundling the
// dependencies too means a start reads two files instead of hundreds of modules, which halves
// start-up time; native addons stay external.
import { build } from 'esbuild';
import { buildAssets } from './build-assets.mjs';

const shared = {
  outdir: 'dist',
  bundle: true,
  external: ['better-sqlite3', '@node-rs/argon2', 'pg-native', 'tsx', 'esbuild'],
  platform: 'node',
  format: 'esm',
  target: 'node20',
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  sourcemap: true,
  // CommonJS dependencies call require(); give the ES module bundle one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
};

// Worker threads are built apart, split into chunks: a dynamic import (exceljs, ~2.4 MB) stays in its own file and
// is compiled only when a workbook passed the zip check, so a refused upload costs its worker ~14 MB less.
await build({
  ...shared,
  entryPoints: {
    // Questionnaire workbooks are parsed in a worker thread, off the request thread.
    'parse.worker': 'src/questionnaire/parse.worker.ts',
    // Questionnaire questions are matched in a worker thread too, so a large file does not stall requests.
    'match.worker': 'src/questionnaire/match.worker.ts',
    // Downloaded PDFs are watermarked in a worker thread: pdf-lib's parse and save would stall requests.
    'watermark.worker': 'src/documents/watermark.worker.ts',
  },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});

await build({
  ...shared,
  entryPoints: {
    main: 'src/main.ts',
    cli: 'src/cli/main.ts',
  },
});

// The assets beside the bundle (dist/assets/), fingerprinted and compressed once here instead of at every start.
buildAssets();
