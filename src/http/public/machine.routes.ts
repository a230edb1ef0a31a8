import { Hono } from 'hono';
import { LANGUAGES, localizePath } from '../../i18n/index.js';
import type { PublicSiteService } from '../../services/public-site.service.js';
import type { AppEnv } from '../middleware/request-context.js';
import { getBaseUrl } from './render.js';

/** What the machine-readable routes need. */
export interface MachineRoutesOptions {
  publicSite: PublicSiteService;
  now: () => Date;
}

function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** robots.txt, sitemap.xml, security.txt, llms.txt and faq.json. */
export function createMachineRoutes(options: MachineRoutesOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { publicSite } = options;

  app.get('/robots.txt', (c) => {
    const baseUrl = getBaseUrl(c);
    return c.text(`User-agent: *\nAllow: /\nDisallow: /search\nDisallow: /admin\n\nSitemap: ${baseUrl}/sitemap.xml\n`);
  });

  app.get('/sitemap.xml', async (c) => {
    const published = await publicSite.getPublishedSite();
    const baseUrl = getBaseUrl(c);
    const urls: { path: string; lastmod?: string }[] = [
      { path: '/', lastmod: published.lastUpdated.slice(0, 10) },
      // The other pages every trust center has, whatever it holds.
      { path: '/documents' },
      { path: '/subprocessors' },
      { path: '/updates' },
      { path: '/print' },
      ...published.categories.filter((cat) => cat.entryCount > 0).map((cat) => ({ path: `/category/${cat.slug}` })),
      ...published.tags.filter((tag) => tag.entryCount > 0).map((tag) => ({ path: `/tag/${tag.slug}` })),
      ...published.entries.map((entry) => ({ path: `/faq/${entry.slug}`, lastmod: entry.updatedAt.slice(0, 10) })),
    ];
    const body = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
      // Each page in every language, each naming the others (the sitemap form of hreflang).
      ...urls.flatMap((url) => {
        const alternates = LANGUAGES.map(
          (language) =>
            `<xhtml:link rel="alternate" hreflang="${language}" href="${escapeXml(baseUrl + localizePath(url.path, language))}"/>`,
        ).join('');
        return LANGUAGES.map(
          (language) =>
            `  <url><loc>${escapeXml(baseUrl + localizePath(url.path, language))}</loc>${url.lastmod ? `<lastmod>${url.lastmod}</lastmod>` : ''}${alternates}</url>`,
        );
      }),
      '</urlset>',
      '',
    ].join('\n');
    return c.body(body, 200, { 'Content-Type': 'application/xml; charset=utf-8' });
  });

  app.get('/.well-known/security.txt', async (c) => {
    const published = await publicSite.getPublishedSite();
    const baseUrl = getBaseUrl(c);
    const { site } = published;
    const expires = new Date(options.now().getTime() + 180 * 24 * 3600 * 1000);
    expires.setUTCHours(0, 0, 0, 0);
    const policy = site.securityPolicyLink ? published.findLink(site.securityPolicyLink) : undefined;
    const lines = [
      `Contact: ${site.securityContact}`,
      `Expires: ${expires.toISOString().replace('.000Z', 'Z')}`,
      ...(policy ? [`Policy: ${policy.url.startsWith('/') ? baseUrl + policy.url : policy.url}`] : []),
      `Preferred-Languages: ${site.preferredLanguages.join(', ')}`,
      `Canonical: ${baseUrl}/.well-known/security.txt`,
      '',
    ];
    return c.text(lines.join('\n'));
  });
  app.get('/security.txt', (c) => c.redirect('/.well-known/security.txt', 301));

  app.get('/llms.txt', async (c) => {
    const published = await publicSite.getPublishedSite();
    const baseUrl = getBaseUrl(c);
    const { site } = published;
    const parts: string[] = [`# ${site.name} Trust Center`, '', `> ${site.tagline}`, '', site.intro, ''];
    for (const category of published.categories) {
      const entries = published.entries.filter((entry) => entry.category.slug === category.slug);
      if (entries.length === 0) continue;
      parts.push(`## ${category.name}`, '');
      for (const entry of entries) {
        parts.push(
          `### ${entry.question}`,
          '',
          entry.answerText,
          '',
          `Source: ${baseUrl}/faq/${entry.slug} (reviewed ${entry.lastReviewed})`,
          '',
        );
      }
    }
    if (published.certifications.length > 0) {
      parts.push('## Certifications', '');
      for (const cert of published.certifications) {
        parts.push(
          `- ${cert.name}, issued by ${cert.issuer}, certificate ${cert.certificateNumber}, valid ${cert.validFrom} to ${cert.validUntil}`,
        );
      }
      parts.push('');
    }
    return c.body(parts.join('\n'), 200, { 'Content-Type': 'text/markdown; charset=utf-8' });
  });

  app.get('/faq.json', async (c) => {
    const published = await publicSite.getPublishedSite();
    await publicSite.prepareAnswers(published);
    const baseUrl = getBaseUrl(c);
    return c.json({
      site: { name: published.site.name, tagline: published.site.tagline, url: baseUrl },
      updatedAt: published.lastUpdated,
      categories: published.categories.map((category) => ({
        slug: category.slug,
        name: category.name,
        description: category.description,
        entryCount: category.entryCount,
      })),
      entries: published.entries.map((entry) => ({
        slug: entry.slug,
        url: `${baseUrl}/faq/${entry.slug}`,
        question: entry.question,
        answer: entry.answerText,
        answerHtml: entry.answerHtml,
        category: entry.category.slug,
        tags: entry.tags.map((tag) => tag.slug),
        controls: entry.controls,
        lastReviewed: entry.lastReviewed,
        updatedAt: entry.updatedAt,
      })),
      certifications: published.certifications,
    });
  });

  return app;
}
