// Writes the files of public/ into dist/assets/ under fingerprinted names, each beside its brotli (quality 11) and
// gzip (level 9) forms, with a manifest. The server reads those instead of compressing at start-up; from source
// (tests, npm run dev) it compresses public/ itself. Its names must match fingerprintFileName() in
// src/http/public/asset-catalogue.ts: a test builds both and compares them.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** `site.css` with the SHA-256 of its bytes → `site.3f9a1c2e.css`. */
export function fingerprintFileName(name, sha256Hex) {
  const extension = extname(name);
  return `${name.slice(0, name.length - extension.length)}.${sha256Hex.slice(0, 8)}${extension}`;
}

/** Builds every file of `from` into `to` (emptied first, so no old fingerprint lingers) and returns the manifest. */
export function buildAssets(from = 'public', to = join('dist', 'assets')) {
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  const manifest = { version: 1, assets: {} };
  for (const name of readdirSync(from).sort()) {
    if (!statSync(join(from, name)).isFile()) continue;
    const raw = readFileSync(join(from, name));
    const sha256 = createHash('sha256').update(raw).digest('hex');
    const file = fingerprintFileName(name, sha256);
    const brotli = brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    });
    const gzip = gzipSync(raw, { level: 9 });
    writeFileSync(join(to, file), raw);
    writeFileSync(join(to, `${file}.br`), brotli);
    writeFileSync(join(to, `${file}.gz`), gzip);
    manifest.assets[name] = { file, sha256, size: raw.length, brotliSize: brotli.length, gzipSize: gzip.length };
  }
  writeFileSync(join(to, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
