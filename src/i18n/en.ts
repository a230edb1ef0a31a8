/** Every user-visible string of the public site, in English; the type other languages must match. */
export const en = {
  languageName: 'English',
  skipToContent: 'Skip to content',
  searchLabel: 'Search the trust center',
  searchPlaceholder: (count: number) => `Search ${count} answers about security, compliance and data`,
  searchButton: 'Search',
  whyTrustUs: (site: string) => `Why organisations trust ${site}`,
  certifications: 'Certifications',
  certificationValidUntil: (date: string) => `Valid until ${date}`,
  certificationExpired: (date: string) => `Expired ${date}`,
  certificateNumber: (number: string) => `Certificate ${number}`,
  issuedBy: (issuer: string) => `Issued by ${issuer}`,
  availability: 'Availability',
  priority: 'Priority',
  situation: 'Situation',
  responseTime: 'First response',
  readFullSla: 'Read the full SLA',
  faqHeading: 'Questions and answers',
  categoriesHeading: 'Categories',
  chooseCategory: 'Jump to a category',
  allCategories: 'All categories',
  entryCount: (count: number) => (count === 1 ? '1 answer' : `${count} answers`),
  category: 'Category',
  tags: 'Tags',
  reviewedOn: (date: string) => `Reviewed on ${date}`,
  permalinkTo: (question: string) => `Permanent link to: ${question}`,
  relatedHeading: 'Related questions',
  changeHistoryHeading: 'This answer changed on',
  controlsHeading: 'ISO/IEC 27001:2022 Annex A controls',
  backToAll: 'All questions',
  tagHeading: (tag: string) => `Questions tagged ${tag}`,
  categoryHeading: (category: string) => category,
  searchHeading: 'Search',
  searchResultsFor: (query: string, count: number) =>
    count === 1 ? `1 answer for “${query}”` : `${count} answers for “${query}”`,
  searchNoResults: (query: string) => `No answers match “${query}”.`,
  searchDidYouMean: 'Did you mean',
  searchNoResultsHelp: 'Try fewer or more general words, or browse the categories below.',
  searchEmpty: 'Type a word or a question, for example “encryption” or “NIS2”.',
  searchFilters: 'Filter results',
  filterCategory: 'Category',
  filterTags: 'Tags',
  filterAny: 'Any',
  clearFilters: 'Clear filters',
  applyFilters: 'Apply',
  liveResults: 'Suggested answers',
  liveResultOne: '1 result',
  liveResultMany: '{n} results',
  liveResultNone: 'No results',
  liveSeeAll: 'See all {n} results',
  moreInCategory: (count: number, category: string) => `All ${count} answers about ${category}`,
  seeAllResults: (count: number) => `See all ${count} results`,
  pagination: 'Pages',
  previousPage: 'Previous page',
  nextPage: 'Next page',
  pageOf: (page: number, pages: number) => `Page ${page} of ${pages}`,
  notFoundTitle: 'Page not found',
  notFoundText: 'We could not find that page. It may have moved, or the address may be mistyped.',
  errorTitle: 'Something went wrong',
  errorText: 'The page could not be shown. Please try again in a moment.',
  badRequestTitle: 'That request could not be handled',
  tooManyRequestsTitle: 'Too many requests',
  tooManyRequestsText: (seconds: number) =>
    `Your address sent more searches than we answer in a short time. Please try again in ${seconds === 1 ? '1 second' : `${seconds} seconds`}.`,
  goHome: 'Go to the trust center home page',
  footerSecurityContact: 'Report a vulnerability',
  footerSecurityTxt: 'security.txt',
  footerContact: 'Contact',
  footerSubscribe: 'Subscribe to updates',
  footerLanguage: 'Language',
  footerUpdated: (date: string) => `Content last updated ${date}`,
  footerPoweredBy: 'Served by Tillit, a self-hosted trust center',
  footerMachineReadable: 'Machine-readable',
  /** The mails Tillit sends, one group of strings per kind, in the recipient's language. */
  mail: {
    testSubject: 'Tillit test mail',
    testText: (staffName: string, time: string) =>
      `This is a test mail from Tillit, queued by ${staffName} at ${time} (UTC) to check that the trust center can send mail.\n\nIt reached you, so mail works. Nothing else needs to be done.`,
  },
  watermarkIssuedTo: (recipient: string, time: string) => `Issued to ${recipient} on ${time}`,
  watermarkFailed: (reason: 'encrypted' | 'unreadable' | 'busy' | 'timeout' | 'closed') =>
    ({
      encrypted:
        'This PDF is encrypted or password-protected, so it cannot be watermarked. Upload an unprotected copy.',
      unreadable: 'This file could not be read as a PDF: it is damaged or not a PDF.',
      busy: 'The server is busy preparing other documents. Please try again in a minute.',
      timeout: 'Preparing this document took too long and was stopped. Please try again later.',
      closed: 'The server is shutting down. Please try again in a minute.',
    })[reason],
} as const;

/** A group of strings with every text widened to string, so a translation can say it in its own words. */
type Translated<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => string
    ? (...args: A) => string
    : T[K] extends string
      ? string
      : Translated<T[K]>;
};

/** The shape every translation has. */
export type Messages = Translated<typeof en>;
