import { getCountryName } from '../../../domain/country.js';
import {
  getSubprocessorPurpose,
  type PublicSubprocessor,
  type PublicSubprocessorFilter,
} from '../../../domain/subprocessor.js';
import { formatDate, localizePath } from '../../../i18n/index.js';
import { SelectFilter } from '../../components/select-filter.js';
import { type PageMeta, PublicLayout } from '../../layouts/public-layout.js';

/** The query string of a filter (empty when none is set), shared by the page's links and its exports. */
export function toFilterQuery(filter: PublicSubprocessorFilter): string {
  const params = new URLSearchParams();
  if (filter.country) params.set('country', filter.country);
  if (filter.category) params.set('category', filter.category);
  if (filter.nonEuLaw) params.set('non_eu_law', filter.nonEuLaw);
  if (filter.state) params.set('state', filter.state);
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

/** One subprocessor: its name and legal entity, then its facts as a description list. */
function SubprocessorCard(props: { meta: PageMeta; item: PublicSubprocessor }) {
  const { messages, language } = props.meta;
  const { item } = props;
  const purpose = getSubprocessorPurpose(item, language);
  const period =
    item.until !== null
      ? messages.subprocessorRange(formatDate(item.since, language), formatDate(item.until, language))
      : item.phase === 'upcoming'
        ? messages.subprocessorStarts(formatDate(item.since, language))
        : messages.subprocessorSince(formatDate(item.since, language));
  return (
    <li class="card" id={`subprocessor-${item.slug}`}>
      <h3>{item.name}</h3>
      <p class="count-line">
        {messages.subprocessorLegalEntity}: {item.legalEntity}
      </p>
      {item.nonEuLaw && <p class="law-badge">{messages.subprocessorNonEuLawBadge(item.nonEuLaw.law)}</p>}
      <dl class="document-facts">
        <div class="fact-wide">
          <dt>{messages.subprocessorPurpose}</dt>
          <dd lang={purpose.isFallback ? 'en' : undefined}>
            {purpose.text}
            {purpose.isFallback && (
              <>
                {' '}
                <span class="not-translated" lang={language}>
                  ({messages.subprocessorNotTranslated})
                </span>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>{messages.subprocessorDataCategories}</dt>
          <dd lang={language === 'en' ? undefined : 'en'}>{item.dataCategories.join(', ')}</dd>
        </div>
        <div>
          <dt>{messages.subprocessorLocations}</dt>
          <dd>{item.locations.map((code) => getCountryName(code, language)).join(', ')}</dd>
        </div>
        <div>
          <dt>{messages.subprocessorParent}</dt>
          <dd>
            {item.parentCompany === null
              ? messages.subprocessorParentNone
              : messages.subprocessorParentWithJurisdiction(
                  item.parentCompany,
                  getCountryName(item.parentJurisdiction ?? '', language),
                )}
          </dd>
        </div>
        {!item.nonEuLaw && (
          <div>
            <dt>{messages.subprocessorNonEuLaw}</dt>
            <dd>{messages.subprocessorNonEuLawNone}</dd>
          </div>
        )}
        <div>
          <dt>{messages.subprocessorPeriod}</dt>
          <dd>{period}</dd>
        </div>
        {item.nonEuLaw && (
          <div class="fact-wide">
            <dt>{messages.subprocessorNonEuLaw}</dt>
            <dd>
              <strong>{item.nonEuLaw.law}</strong>:{' '}
              <span lang={language === 'en' ? undefined : 'en'}>{item.nonEuLaw.explanation}</span>
            </dd>
          </div>
        )}
      </dl>
    </li>
  );
}

/** The public subprocessor list: filters as a plain GET form, current ones, then former ones, and the exports. */
export function PublicSubprocessorPage(props: {
  meta: PageMeta;
  current: PublicSubprocessor[];
  former: PublicSubprocessor[];
  countries: string[];
  categories: string[];
  filter: PublicSubprocessorFilter;
}) {
  const { meta, filter } = props;
  const { messages, language } = meta;
  const path = localizePath('/subprocessors', language);
  const query = toFilterQuery(filter);
  const isFiltered = query !== '';
  const countryOptions = props.countries
    .map((code) => ({ value: code, label: getCountryName(code, language) }))
    .sort((a, b) => a.label.localeCompare(b.label, language));
  return (
    <PublicLayout meta={meta}>
      <div class="wrap section">
        <h1>{messages.subprocessorsTitle}</h1>
        <p class="lead">{messages.subprocessorsIntro}</p>
        <form method="get" action={path} class="document-filters" aria-label={messages.subprocessorsFiltersLabel}>
          <SelectFilter
            id="filter-country"
            name="country"
            label={messages.subprocessorsFilterCountry}
            anyLabel={messages.subprocessorsFilterAny}
            value={filter.country}
            options={countryOptions}
          />
          <SelectFilter
            id="filter-category"
            name="category"
            label={messages.subprocessorsFilterCategory}
            anyLabel={messages.subprocessorsFilterAny}
            value={filter.category}
            options={props.categories.map((category) => ({ value: category, label: category }))}
          />
          <SelectFilter
            id="filter-non-eu-law"
            name="non_eu_law"
            label={messages.subprocessorsFilterNonEuLaw}
            anyLabel={messages.subprocessorsFilterAny}
            value={filter.nonEuLaw}
            options={[
              { value: 'yes', label: messages.subprocessorsFilterYes },
              { value: 'no', label: messages.subprocessorsFilterNo },
            ]}
          />
          <SelectFilter
            id="filter-state"
            name="state"
            label={messages.subprocessorsFilterState}
            anyLabel={messages.subprocessorsFilterAny}
            value={filter.state}
            options={[
              { value: 'current', label: messages.subprocessorsFilterCurrent },
              { value: 'ended', label: messages.subprocessorsFilterEnded },
            ]}
          />
          <p>
            <button type="submit">{messages.subprocessorsFilterButton}</button>
            {isFiltered && (
              <>
                {' '}
                <a href={path}>{messages.subprocessorsFilterClear}</a>
              </>
            )}
          </p>
        </form>
        <p class="count-line" role="status">
          {messages.subprocessorsCount(props.current.length, props.former.length)}
        </p>
        {filter.state !== 'ended' && (
          <section aria-labelledby="current-subprocessors">
            <h2 id="current-subprocessors">{messages.subprocessorsCurrentHeading}</h2>
            {props.current.length === 0 ? (
              <p>{messages.subprocessorsNone}</p>
            ) : (
              <ul class="document-list subprocessor-list">
                {props.current.map((item) => (
                  <SubprocessorCard meta={meta} item={item} />
                ))}
              </ul>
            )}
          </section>
        )}
        {filter.state !== 'current' && (
          <section aria-labelledby="former-subprocessors">
            <h2 id="former-subprocessors">{messages.subprocessorsFormerHeading}</h2>
            {props.former.length === 0 ? (
              <p>{messages.subprocessorsNone}</p>
            ) : (
              <ul class="document-list subprocessor-list">
                {props.former.map((item) => (
                  <SubprocessorCard meta={meta} item={item} />
                ))}
              </ul>
            )}
          </section>
        )}
        <section aria-labelledby="subprocessor-downloads">
          <h2 id="subprocessor-downloads">{messages.subprocessorsDownloadsLabel}</h2>
          <ul class="plain-list">
            <li>
              <a href={`${localizePath('/subprocessors.csv', language)}${query}`} download>
                {messages.subprocessorsCsvLink}
              </a>
            </li>
            <li>
              <a href={`${localizePath('/subprocessors.json', language)}${query}`}>{messages.subprocessorsJsonLink}</a>
            </li>
          </ul>
        </section>
      </div>
    </PublicLayout>
  );
}
