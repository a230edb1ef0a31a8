/**
 * The classes that carry the site's accent colour to site.css: one per hexadecimal digit (`#0f5c5a` →
 * `a1-0 a2-f a3-5 a4-c a5-5 a6-a`), each setting one custom property that the stylesheet turns back into the
 * colour. The page carries the colour without an inline style (the Content-Security-Policy allows none), and the
 * stylesheet stays the same bytes for every colour, so it can be built, compressed and cached once.
 * Undefined for anything but `#` and six hexadecimal digits: the stylesheet then keeps its default accent.
 */
export function accentClasses(color: string): string | undefined {
  const digits = /^#([0-9a-fA-F]{6})$/.exec(color)?.[1];
  if (digits === undefined) return undefined;
  return [...digits.toLowerCase()].map((digit, index) => `a${index + 1}-${digit}`).join(' ');
}
