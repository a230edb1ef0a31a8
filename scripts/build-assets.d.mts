/** What scripts/build-assets.mjs writes to manifest.json: the fingerprinted name, hash and sizes of each asset. */
export interface BuiltAssetManifest {
  version: 1;
  assets: Record<string, { file: string; sha256: string; size: number; brotliSize: number; gzipSize: number }>;
}

/** `site.css` with the SHA-256 (hex) of its bytes → `site.3f9a1c2e.css`. */
export function fingerprintFileName(name: string, sha256Hex: string): string;

/** Builds every file of `from` (default public/) into `to` (default dist/assets/), emptied first; returns the manifest. */
export function buildAssets(from?: string, to?: string): BuiltAssetManifest;
