import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { z } from 'zod';

/** One asset as served: its bytes in each encoding, its fingerprinted file name and its strong ETag. */
export interface Asset {
  /** The plain name, as in public/ (`site.css`). */
  name: string;
  /** The name with a fingerprint of the bytes (`site.3f9a1c2e.css`), which may be cached for ever. */
  fileName: string;
  type: string;
  raw: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer>;
  brotli: Uint8Array<ArrayBuffer>;
  etag: string;
}

/** The assets of this process, and which of them had to be compressed at start-up (none when built). */
export interface AssetCatalogue {
  assets: ReadonlyMap<string, Asset>;
  compressedAtStart: readonly string[];
}

/** Where the assets come from: public/ (always the source of truth) and, after a build, dist/assets/. */
export interface AssetFolders {
  source: string;
  /** The folder scripts/build-assets.mjs wrote, with its manifest.json; absent when running from source. */
  built?: string;
}

const manifestSchema = z.object({
  version: z.literal(1),
  assets: z.record(
    z.string(),
    z.object({
      file: z.string().regex(/^[\w.-]+$/),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      size: z.number().int().nonnegative(),
      brotliSize: z.number().int().nonnegative(),
      gzipSize: z.number().int().nonnegative(),
    }),
  ),
});

/** The build's manifest: what each asset is called once fingerprinted, its hash and sizes. */
export type AssetManifest = z.infer<typeof manifestSchema>;

/** `site.css` with the SHA-256 (hex) of its bytes → `site.3f9a1c2e.css` (the same rule as scripts/build-assets.mjs). */
export function fingerprintFileName(name: string, sha256Hex: string): string {
  const extension = extname(name);
  return `${name.slice(0, name.length - extension.length)}.${sha256Hex.slice(0, 8)}${extension}`;
}

/** The manifest in `folder`, or undefined when there is none or it cannot be read (the assets are then compressed). */
function readManifest(folder: string): AssetManifest | undefined {
  try {
    return manifestSchema.parse(JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')));
  } catch {
    return undefined;
  }
}

/** The built compressed forms of `name`, if the manifest describes exactly these source bytes and the files are whole. */
function readBuiltForms(
  folder: string,
  entry: AssetManifest['assets'][string] | undefined,
  sha256: string,
): { gzip: Buffer; brotli: Buffer } | undefined {
  if (entry === undefined || entry.sha256 !== sha256) return undefined;
  try {
    const brotli = readFileSync(join(folder, `${entry.file}.br`));
    const gzip = readFileSync(join(folder, `${entry.file}.gz`));
    return brotli.length === entry.brotliSize && gzip.length === entry.gzipSize ? { gzip, brotli } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads every asset named in `types` from public/ and takes its brotli and gzip forms from the build when the build
 * made them from these same bytes; otherwise (running from source, or public/ edited since the build) compresses it
 * here. Reading and hashing the sources costs well under a millisecond; compressing them is what a build saves.
 */
export function loadAssetCatalogue(types: Readonly<Record<string, string>>, folders: AssetFolders): AssetCatalogue {
  const manifest = folders.built === undefined ? undefined : readManifest(folders.built);
  const compressedAtStart: string[] = [];
  const assets = new Map<string, Asset>();
  for (const [name, type] of Object.entries(types)) {
    const raw = readFileSync(join(folders.source, name));
    const sha256 = createHash('sha256').update(raw).digest('hex');
    let forms = folders.built === undefined ? undefined : readBuiltForms(folders.built, manifest?.assets[name], sha256);
    if (forms === undefined) {
      compressedAtStart.push(name);
      forms = {
        gzip: gzipSync(raw, { level: 9 }),
        brotli: brotliCompressSync(raw, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
        }),
      };
    }
    // Copied once into arrays of their own, which a response body takes as they are.
    assets.set(name, {
      name,
      fileName: fingerprintFileName(name, sha256),
      type,
      raw: new Uint8Array(raw),
      gzip: new Uint8Array(forms.gzip),
      brotli: new Uint8Array(forms.brotli),
      etag: `"${sha256.slice(0, 32)}"`,
    });
  }
  return { assets, compressedAtStart };
}
