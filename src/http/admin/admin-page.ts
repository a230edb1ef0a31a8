import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppErrorCode } from '../../domain/errors.js';
import { type AdminMessages, adminEn } from '../../i18n/admin-en.js';
import type { AdminPageMeta } from '../../views/layouts/admin-layout.js';
import type { AdminEnv } from '../middleware/session.js';
import { STATUS_BY_CODE } from '../status-codes.js';

/** HTTP status of each service error code on the admin surface: the same as everywhere else. */
export const ADMIN_STATUS_BY_CODE: Record<AppErrorCode, ContentfulStatusCode> = STATUS_BY_CODE;

/** The admin strings (English only until the admin surface is translated). */
export function getAdminMessages(): AdminMessages {
  return adminEn;
}

/** Builds the admin layout's metadata from the request context. */
export function buildAdminMeta(c: Context<AdminEnv>, title: string, flash?: string): AdminPageMeta {
  return {
    title,
    messages: getAdminMessages(),
    path: c.req.path,
    actor: c.get('actor'),
    csrfToken: c.get('csrfToken'),
    flash,
    accentColor: c.get('accentColor'),
  };
}

/** Accepts `next` only when it names a page of the admin surface on this site; otherwise undefined. */
export function parseAdminNext(value: string | undefined): string | undefined {
  if (!value?.startsWith('/') || value.startsWith('//') || value.includes('\\')) return undefined;
  // Resolve against a placeholder origin so `..` segments and encoded tricks are normalised before the check.
  const base = 'http://tillit.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return undefined;
  }
  if (url.origin !== base) return undefined;
  if (url.pathname !== '/admin' && !url.pathname.startsWith('/admin/')) return undefined;
  return `${url.pathname}${url.search}`;
}

/**
 * The message a page shows after a redirect with `?done=<flag>`: the fixed text `texts` gives that
 * flag (never text from the request), or none for a flag the page does not know.
 */
export function readDoneFlash(texts: Record<string, string>, value: string | undefined): string | undefined {
  return value !== undefined && Object.hasOwn(texts, value) ? texts[value] : undefined;
}
