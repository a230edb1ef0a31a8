/**
 * The fingerprinted file name of each asset (`site.css` → `site.3f9a1c2e.css`), set once when the server loads its
 * assets. Until then (a view rendered in a unit test without an app) assets are named plainly, which the server
 * also answers.
 */
let fileNames: ReadonlyMap<string, string> = new Map();

/** Records the fingerprinted file name of each asset; the asset routes call it once, when they load the files. */
export function setAssetFileNames(names: ReadonlyMap<string, string>): void {
  fileNames = names;
}

/**
 * The address of a file served under /assets/: its fingerprinted name, which the server sends with immutable caching.
 * Every view names its assets through this one function. A lookup in memory: no I/O, the same answer on every call.
 */
export function assetUrl(name: string): string {
  return `/assets/${fileNames.get(name) ?? name}`;
}
