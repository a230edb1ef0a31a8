/**
 * The site icon as a data: URI, so that a first visit makes no request for it (the Content-Security-Policy
 * allows data: images). It is public/favicon.svg, which /favicon.ico and the staff pages still use; a test keeps
 * the two the same.
 */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path d="M16 2l12 4.5v8c0 7.4-5 13.3-12 15.5C9 27.8 4 21.9 4 14.5v-8z" fill="#0f5c5a"/><path d="M11 16l3.5 3.5L21.5 12" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></svg>';

/** FAVICON_SVG as a data: URI. */
export const FAVICON_DATA_URI = `data:image/svg+xml,${encodeURIComponent(FAVICON_SVG)}`;
