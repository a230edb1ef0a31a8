import {
  ACCESS_LEVELS,
  type AccessLevel,
  type DocumentListItem,
  type DocumentVersion,
  formatFileSize,
  localizeDocumentText,
} from '../../../domain/document.js';
import { formatDate, type Language, localizePath, type Messages } from '../../../i18n/index.js';
import { SelectFilter } from '../../components/select-filter.js';
import { langWhenDifferent, UntranslatedMark } from '../../components/untranslated.js';
import { type PageMeta, PublicLayout } from '../../layouts/public-layout.js';

/** The filters a visitor chose on the document list; undefined means any. */
export interface DocumentFilterValues {
  category?: string;
  level?: AccessLevel;
  language?: string;
}

/** How an access level is named to visitors. */
export function describeAccessLevel(messages: Messages, level: AccessLevel): string {
  const names: Record<AccessLevel, string> = {
    public: messages.documentLevelPublic,
    nda: messages.documentLevelNda,
    request: messages.documentLevelRequest,
  };
  return names[level];
}

/** A language tag's name in the page's language (sv → Swedish), or the tag itself when unknown. */
export function describeLanguage(tag: string, language: Language): string {
  try {
    return new Intl.DisplayNames([language], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** The file's kind as visitors read it: its extension in capitals (PDF, DOCX), the same in every language. */
function fileKind(version: DocumentVersion): string {
  return (version.fileName.split('.').pop() ?? '').toUpperCase();
}

function Validity(props: { meta: PageMeta; document: DocumentListItem }) {
  const { messages, language } = props.meta;
  const version = props.document.current;
  if (!version) return null;
  if (version.validUntil === null) return <>{messages.documentValidFrom(formatDate(version.validFrom, language))}</>;
  return (
    <>
      {messages.documentValidRange(formatDate(version.validFrom, language), formatDate(version.validUntil, language))}
      {props.document.isExpired && (
        <>
          {' '}
          <strong class="expired-mark">{messages.documentExpired}</strong>
        </>
      )}
    </>
  );
}

/** The facts of one document as a description list: level, category, language, validity. */
function DocumentFacts(props: { meta: PageMeta; document: DocumentListItem; withVersion?: boolean }) {
  const { messages, language } = props.meta;
  const { document } = props;
  return (
    <dl class="document-facts">
      <div>
        <dt>{messages.documentLevelLabel}</dt>
        <dd>{describeAccessLevel(messages, document.accessLevel)}</dd>
      </div>
      <div>
        <dt>{messages.documentCategoryLabel}</dt>
        <dd>{document.category}</dd>
      </div>
      <div>
        <dt>{messages.documentLanguageLabel}</dt>
        <dd lang={document.language}>{describeLanguage(document.language, language)}</dd>
      </div>
      <div>
        <dt>{messages.documentValidityLabel}</dt>
        <dd>
          <Validity meta={props.meta} document={document} />
        </dd>
      </div>
      {props.withVersion && document.current && (
        <>
          <div>
            <dt>{messages.documentVersionLabel}</dt>
            <dd>{document.current.versionLabel}</dd>
          </div>
          <div>
            <dt>{messages.documentFileLabel}</dt>
            <dd>
              {messages.documentFileDetails(fileKind(document.current), formatFileSize(document.current.sizeBytes))}
            </dd>
          </div>
        </>
      )}
    </dl>
  );
}

/** Every document a visitor may know of, with filters that work as a plain GET form. */
export function PublicDocumentListPage(props: {
  meta: PageMeta;
  documents: DocumentListItem[];
  categories: string[];
  languages: string[];
  filter: DocumentFilterValues;
}) {
  const { meta } = props;
  const { messages, language } = meta;
  const isFiltered =
    props.filter.category !== undefined || props.filter.level !== undefined || props.filter.language !== undefined;
  return (
    <PublicLayout meta={meta}>
      <div class="wrap section">
        <h1>{messages.documentsTitle}</h1>
        <p class="lead">{messages.documentsIntro}</p>
        <form
          method="get"
          action={localizePath('/documents', language)}
          class="document-filters"
          aria-label={messages.documentsFiltersLabel}
        >
          <SelectFilter
            id="category"
            label={messages.documentsFilterCategory}
            anyLabel={messages.documentsFilterAny}
            value={props.filter.category}
            options={props.categories.map((category) => ({ value: category, label: category }))}
          />
          <SelectFilter
            id="level"
            label={messages.documentsFilterLevel}
            anyLabel={messages.documentsFilterAny}
            value={props.filter.level}
            options={ACCESS_LEVELS.map((level) => ({ value: level, label: describeAccessLevel(messages, level) }))}
          />
          <SelectFilter
            id="language"
            label={messages.documentsFilterLanguage}
            anyLabel={messages.documentsFilterAny}
            value={props.filter.language}
            options={props.languages.map((tag) => ({ value: tag, label: describeLanguage(tag, language) }))}
          />
          <p>
            <button type="submit">{messages.documentsFilterButton}</button>
            {isFiltered && (
              <>
                {' '}
                <a href={localizePath('/documents', language)}>{messages.documentsFilterClear}</a>
              </>
            )}
          </p>
        </form>
        <p class="count-line" role="status">
          {messages.documentsCount(props.documents.length)}
        </p>
        {props.documents.length === 0 ? (
          <p>{messages.documentsNone}</p>
        ) : (
          <ul class="document-list">
            {props.documents.map((document) => {
              const text = localizeDocumentText(document, language);
              return (
                <li class="card">
                  <h2>
                    <a
                      href={localizePath(`/documents/${document.slug}`, language)}
                      lang={langWhenDifferent(text.titleLanguage, language)}
                    >
                      {text.title}
                    </a>
                    {text.titleLanguage !== language && ' '}
                    <UntranslatedMark textLanguage={text.titleLanguage} language={language} messages={messages} />
                  </h2>
                  <DocumentFacts meta={meta} document={document} />
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </PublicLayout>
  );
}

/** One document: its description and facts, and a download link when it is public, or how to get it. */
export function PublicDocumentPage(props: { meta: PageMeta; document: DocumentListItem }) {
  const { meta, document } = props;
  const { messages, language } = meta;
  const version = document.current;
  const text = localizeDocumentText(document, language);
  const descriptionLang = langWhenDifferent(text.descriptionLanguage, language);
  return (
    <PublicLayout meta={meta}>
      <div class="wrap section">
        <nav aria-label="Breadcrumb" class="breadcrumb">
          <a href={localizePath('/documents', language)}>{messages.backToDocuments}</a>
        </nav>
        <h1 lang={langWhenDifferent(text.titleLanguage, language)}>{text.title}</h1>
        <UntranslatedMark textLanguage={text.titleLanguage} language={language} messages={messages} />
        {text.description !== '' &&
          text.description.split(/\n\s*\n/).map((paragraph) => (
            <p class="document-description" lang={descriptionLang}>
              {paragraph}
            </p>
          ))}
        {document.isExpired && version?.validUntil && (
          <p class="badge expired">{messages.documentExpiredNotice(formatDate(version.validUntil, language))}</p>
        )}
        <DocumentFacts meta={meta} document={document} withVersion />
        {document.accessLevel === 'public' && version ? (
          <p>
            <a class="button-link" href={`/documents/${document.slug}/download`} download>
              {messages.documentDownload(document.title)}
            </a>{' '}
            <span class="count-line">
              ({messages.documentFileDetails(fileKind(version), formatFileSize(version.sizeBytes))})
            </span>
          </p>
        ) : (
          <div class="card">
            <p>
              {document.accessLevel === 'nda' ? messages.documentNdaExplanation : messages.documentRequestExplanation}
            </p>
            <p>
              <a class="button-link" href={`${localizePath('/request-access', language)}?document=${document.slug}`}>
                {messages.documentRequestAccess(document.title)}
              </a>
            </p>
          </div>
        )}
      </div>
    </PublicLayout>
  );
}
