import { isCertificationExpired } from '../../../domain/content.js';
import type { PublishedContent } from '../../../domain/published-site.js';
import { localizePath } from '../../../i18n/index.js';
import { DatedText } from '../../components/dated-text.js';
import { EntryLink } from '../../components/entry-details.js';
import { Icon } from '../../components/icon.js';
import { SearchForm } from '../../components/search-form.js';
import { langWhenDifferent, TextIn, UntranslatedMark } from '../../components/untranslated.js';
import { LanguageSwitch, type PageMeta, PublicLayout, SiteNav } from '../../layouts/public-layout.js';

/**
 * Answers shown per category on the home page. A typical trust center has fewer, so the home page
 * is the whole FAQ; a knowledge base of thousands stays a page of reasonable size.
 */
export const HOME_ENTRIES_PER_CATEGORY = 20;

/** A scope up to this many characters is shown whole on its badge; a longer one opens on request. */
export const SHORT_SCOPE_LENGTH = 90;

/** The trust center's front page: promise, search, highlights, certifications, SLA, FAQ. */
export function HomePage(props: { meta: PageMeta; published: PublishedContent; today: string }) {
  const { meta, published, today } = props;
  const { messages, language } = meta;
  const { site, siteLanguages } = published;
  const mark = (textLanguage: 'en' | 'sv') => (
    <UntranslatedMark textLanguage={textLanguage} language={language} messages={messages} />
  );
  const slaLink = site.sla.link ? published.findLink(site.sla.link) : undefined;
  const categories = published.categories.filter((category) => category.entryCount > 0);
  return (
    <PublicLayout meta={meta}>
      <section class="hero" aria-labelledby="page-title">
        <div class="wrap">
          <h1 id="page-title">{site.name} Trust Center</h1>
          <p class="tagline" lang={langWhenDifferent(siteLanguages.tagline, language)}>
            {site.tagline} {mark(siteLanguages.tagline)}
          </p>
          <SearchForm
            messages={messages}
            entryCount={published.entries.length}
            isLive={true}
            id="home-search"
            language={language}
          />
          <SiteNav messages={messages} path="/" language={language} />
          <LanguageSwitch meta={meta} />
          <p class="intro" lang={langWhenDifferent(siteLanguages.intro, language)}>
            {site.intro} {mark(siteLanguages.intro)}
          </p>
        </div>
      </section>

      <section class="wrap section" aria-labelledby="highlights-title">
        <h2 id="highlights-title">{messages.whyTrustUs(site.name)}</h2>
        <ul class="card-grid">
          {published.highlights.map((highlight) => (
            <li class="card highlight" lang={langWhenDifferent(highlight.language, language)}>
              <Icon name={highlight.icon} class="card-icon" />
              <h3>{highlight.title}</h3>
              <p>{highlight.text}</p>
              {mark(highlight.language)}
            </li>
          ))}
        </ul>
      </section>

      <section class="wrap section certifications" aria-labelledby="certifications-title">
        <h2 id="certifications-title">{messages.certifications}</h2>
        <ul class="badges">
          {published.certifications.map((certification) => {
            const isExpired = isCertificationExpired(certification, today);
            return (
              <li class={isExpired ? 'badge expired' : 'badge'}>
                <div class="badge-head">
                  <Icon name={isExpired ? 'alert' : 'certificate'} class="badge-icon" />
                  <h3 class="badge-name">{certification.name}</h3>
                </div>
                <p class="badge-issuer">{messages.issuedBy(certification.issuer)}</p>
                <p class="badge-validity">
                  <DatedText
                    text={isExpired ? messages.certificationExpired : messages.certificationValidUntil}
                    date={certification.validUntil}
                    language={language}
                  />
                </p>
                <p class="badge-number">{messages.certificateNumber(certification.certificateNumber)}</p>
                {certification.scope.length <= SHORT_SCOPE_LENGTH ? (
                  <p class="badge-scope">
                    {messages.certificationScope('')}
                    <span lang={langWhenDifferent(certification.language, language)}>{certification.scope}</span>{' '}
                    {mark(certification.language)}
                  </p>
                ) : (
                  <details class="badge-scope">
                    <summary>
                      {messages.certificationScopeSummary}
                      <span class="visually-hidden">: {certification.name}</span>
                    </summary>
                    <p lang={langWhenDifferent(certification.language, language)}>
                      {certification.scope} {mark(certification.language)}
                    </p>
                  </details>
                )}
                {certification.document && (
                  <p class="badge-document">
                    <a href={localizePath(`/documents/${certification.document}`, language)}>
                      {messages.certificationDocument(certification.name)}
                    </a>
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      </section>

      <div class="wrap section sla-section">
        <section class="card sla" aria-labelledby="sla-title">
          <h2 id="sla-title" lang={langWhenDifferent(siteLanguages.sla, language)}>
            {site.sla.title}
          </h2>
          {mark(siteLanguages.sla)}
          <p lang={langWhenDifferent(siteLanguages.sla, language)}>{site.sla.summary}</p>
          <p class="sla-availability">
            <span class="sla-figure">{site.sla.availability}</span> <span>{messages.availability}</span>
          </p>
          {site.sla.responseTimes.length > 0 && (
            <table class="sla-table">
              <caption class="visually-hidden">{site.sla.title}</caption>
              <thead>
                <tr>
                  <th scope="col">{messages.priority}</th>
                  <th scope="col">{messages.situation}</th>
                  <th scope="col">{messages.responseTime}</th>
                </tr>
              </thead>
              <tbody>
                {site.sla.responseTimes.map((row) => (
                  <tr>
                    <th scope="row">{row.priority}</th>
                    <td lang={langWhenDifferent(siteLanguages.sla, language)}>{row.description}</td>
                    <td>{row.response}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {slaLink && (
            <p>
              <a href={slaLink.url.startsWith('/') ? localizePath(slaLink.url, language) : slaLink.url}>
                {messages.readFullSla}
              </a>
            </p>
          )}
        </section>
      </div>

      <section class="wrap section faq" aria-labelledby="faq-title">
        <div class="faq-heading">
          <h2 id="faq-title">{messages.faqHeading}</h2>
          <p class="print-link">
            <a href={localizePath('/print', language)}>{messages.printAllAnswers}</a>
          </p>
          <p class="print-only">
            {messages.answersForPaper}{' '}
            <a class="print-url" href={localizePath('/print', language)}>
              {`${meta.baseUrl}${localizePath('/print', language)}`}
            </a>
          </p>
        </div>
        <div class="faq-layout">
          <nav class="category-nav" aria-labelledby="category-nav-title">
            <h3 id="category-nav-title" class="nav-heading">
              {messages.categoriesHeading}
            </h3>
            <ul>
              {categories.map((category) => (
                <li>
                  <a href={`#category-${category.slug}`}>
                    <span lang={langWhenDifferent(category.language, language)}>{category.name}</span>{' '}
                    <span class="count" aria-hidden="true">
                      {category.entryCount}
                    </span>
                    <span class="visually-hidden">({messages.entryCount(category.entryCount)})</span>
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <form class="category-select" action={localizePath('/category', language)} method="get">
            <label for="category-jump">{messages.chooseCategory}</label>
            <select id="category-jump" name="slug">
              {categories.map((category) => (
                <option value={category.slug} lang={langWhenDifferent(category.language, language)}>
                  {category.name} ({category.entryCount})
                </option>
              ))}
            </select>
            <button type="submit">{messages.applyFilters}</button>
          </form>
          <div
            class="faq-groups"
            data-answer-loading={messages.answerLoading}
            data-answer-failed={messages.answerLoadFailed}
            data-answer-page={messages.answerOnItsPage}
          >
            {categories.map((category) => (
              <div
                class="faq-group"
                id={`category-${category.slug}`}
                data-answers={localizePath(`/category/${category.slug}/answers`, language)}
              >
                <h3 id={`heading-${category.slug}`}>
                  <a href={localizePath(`/category/${category.slug}`, language)}>
                    <TextIn text={category.name} textLanguage={category.language} language={language} />
                  </a>
                  {category.language !== language && ' '}
                  {mark(category.language)}
                </h3>
                <p class="group-description" lang={langWhenDifferent(category.language, language)}>
                  {category.description}
                </p>
                {published.entries
                  .filter((entry) => entry.category.slug === category.slug)
                  .slice(0, HOME_ENTRIES_PER_CATEGORY)
                  .map((entry) => (
                    <EntryLink entry={entry} language={language} messages={messages} />
                  ))}
                {category.entryCount > HOME_ENTRIES_PER_CATEGORY && (
                  <p class="more-link">
                    <a href={localizePath(`/category/${category.slug}`, language)}>
                      {messages.moreInCategory(category.entryCount, category.name)}
                    </a>
                  </p>
                )}
              </div>
            ))}
          </div>
        </div>
      </section>
    </PublicLayout>
  );
}
