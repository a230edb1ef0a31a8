/**
 * The address of a file served under /assets/. Every view names its assets through this one function, so that the
 * way assets are addressed (fingerprinted names, for immutable caching) is decided in one place.
 */
export function assetUrl(name: string): string {
  return `/assets/${name}`;
}
