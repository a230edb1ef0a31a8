/**
 * Builders that create exactly what a test needs, through the same services staff and `tillit import`
 * use, so that what a test stores passes the rules of src/domain/ and a test asserts on its own data
 * instead of on the example content folder (which changes for reasons of its own).
 */
import type { Container } from '../src/container.js';
import type {
  Category,
  Certification,
  ContentSet,
  Entry,
  EntryStatus,
  Highlight,
  Site,
  Tag,
} from '../src/domain/content.js';
import type { EntryRecord } from '../src/domain/entry-record.js';
import type { Actor, Role } from '../src/domain/staff.js';
import type { SubprocessorFields } from '../src/domain/subprocessor.js';
import type { ActionContext } from '../src/services/entry.service.js';

/** The site of the minimal content: a fictional provider that shares no text with the example folder. */
export const MINIMAL_SITE: Site = {
  name: 'Testvik Cloud',
  tagline: 'A small provider that exists only in tests.',
  intro: 'Answers about the made-up services of Testvik Cloud.',
  contactEmail: 'trust@testvik.example',
  securityContact: 'mailto:security@testvik.example',
  securityPolicyLink: 'disclosure-policy',
  preferredLanguages: ['en', 'sv'],
  accentColor: '#123456',
  sla: {
    title: 'Support times',
    summary: 'How fast we answer a case.',
    availability: '99.9 %',
    link: 'support-terms',
    responseTimes: [{ priority: 'P1', description: 'Everything is down', response: '30 minutes' }],
  },
};

/**
 * A tiny, valid content set: two categories, two tags, a highlight, a certification, two named links and
 * three published entries. A fresh copy each call, so a test may change it before importing. Every entry
 * was reviewed on 2026-01-01; `staff-screening` is in a 180-day category, so it is overdue from 2026-06-30.
 */
export function buildMinimalContent(): ContentSet {
  return {
    site: structuredClone(MINIMAL_SITE),
    highlights: [{ title: 'Kept in Testvik', text: 'Every byte stays in the Testvik zone.', icon: 'globe', order: 1 }],
    categories: [
      { slug: 'storage', name: 'Storage', description: 'Where data is kept.', order: 1, reviewIntervalDays: 365 },
      { slug: 'people', name: 'People', description: 'Who works here.', order: 2, reviewIntervalDays: 180 },
    ],
    tags: [
      { slug: 'gdpr', name: 'GDPR' },
      { slug: 'crypto', name: 'Crypto' },
    ],
    certifications: [
      {
        name: 'ISO/IEC 27001:2022',
        issuer: 'Test Certification Body',
        certificateNumber: 'TCB-0001',
        scope: 'The Testvik zone.',
        validFrom: '2025-01-01',
        validUntil: '2099-12-31',
        document: null,
      },
    ],
    links: [
      { key: 'disclosure-policy', title: 'Disclosure policy', url: 'https://testvik.example/disclosure' },
      { key: 'support-terms', title: 'Support terms', url: 'https://testvik.example/support' },
    ],
    entries: [
      buildEntry({
        slug: 'disk-encryption',
        question: 'Are the disks encrypted?',
        answer: 'Every disk is encrypted with AES-256; see the [support terms](link:support-terms).',
        category: 'storage',
        tags: ['crypto'],
        controls: ['A.8.24'],
        order: 1,
      }),
      buildEntry({
        slug: 'backup-location',
        question: 'Where are backups kept?',
        answer: 'Backups stay in the Testvik zone and are kept for thirty days.',
        category: 'storage',
        tags: ['gdpr'],
        order: 2,
      }),
      buildEntry({
        slug: 'staff-screening',
        question: 'Do you screen new staff?',
        answer: 'Every new hire is screened before they get any access.',
        category: 'people',
        order: 1,
      }),
    ],
  };
}

let entryCounter = 0;

/** An entry valid under src/domain/entry-rules.ts (published, in category `storage`), with `overrides` applied. */
export function buildEntry(overrides: Partial<Entry> = {}): Entry {
  entryCounter += 1;
  const slug = overrides.slug ?? `test-entry-${entryCounter}`;
  return {
    slug,
    question: `What is test entry ${slug}?`,
    answer: `Test entry ${slug} is an answer written by a factory.`,
    category: 'storage',
    tags: [],
    status: 'published',
    owner: 'owner@testvik.example',
    order: 100,
    lastReviewed: '2026-01-01',
    reviewIntervalDays: null,
    alternativePhrasings: [],
    controls: [],
    shortAnswer: null,
    questionnaireWording: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** Replaces the database's content with `content` (the minimal set by default), as `tillit import` does. */
export async function seedContent(container: Container, content: ContentSet = buildMinimalContent()) {
  await container.content.replaceContent(content);
  return content;
}

/** A staff account made by a factory, with the password it signs in with. */
export interface TestStaffUser {
  actor: Actor;
  password: string;
  /** The actor as the services take it. */
  context: ActionContext;
}

let userCounter = 0;

/** Creates a staff account with `role` (an unused e-mail unless given) through the staff service. */
export async function createStaffUser(
  container: Container,
  role: Role,
  overrides: { email?: string; name?: string; password?: string } = {},
): Promise<TestStaffUser> {
  userCounter += 1;
  const email = overrides.email ?? `${role}-${userCounter}@testvik.example`;
  const password = overrides.password ?? `correct horse battery ${role} ${userCounter}`;
  const actor = await container.staff.createAccount(
    { email, name: overrides.name ?? `Test ${role} ${userCounter}`, role, password },
    undefined,
  );
  return { actor, password, context: { actor } };
}

// One administrator per container does the factories' writes, so a test that does not care who
// acted need not make one; a test that does passes its own `by`.
const factoryAdmins = new WeakMap<Container, Promise<ActionContext>>();

function getFactoryAdmin(container: Container): Promise<ActionContext> {
  let admin = factoryAdmins.get(container);
  if (!admin) {
    admin = createStaffUser(container, 'admin', { email: 'factory-admin@testvik.example' }).then(
      (user) => user.context,
    );
    factoryAdmins.set(container, admin);
  }
  return admin;
}

/**
 * Gives the database a site: an empty content set with `overrides` applied to the minimal site when it has
 * no content yet, else the site settings as staff save them.
 */
export async function createSite(container: Container, overrides: Partial<Site> = {}, by?: ActionContext) {
  if (!(await container.content.hasContent())) {
    const site: Site = { ...structuredClone(MINIMAL_SITE), ...overrides };
    await container.content.replaceContent({
      site,
      highlights: [],
      categories: [],
      tags: [],
      certifications: [],
      links: structuredClone(buildMinimalContent().links),
      entries: [],
    });
    return site;
  }
  const current = await container.siteContent.getSite();
  const site: Site = { ...current, ...overrides };
  return container.siteContent.updateSite(by ?? (await getFactoryAdmin(container)), site);
}

let taxonomyCounter = 0;

/** Creates a category through the site-content service. */
export async function createCategory(container: Container, overrides: Partial<Category> = {}, by?: ActionContext) {
  taxonomyCounter += 1;
  const category: Category = {
    slug: `category-${taxonomyCounter}`,
    name: `Category ${taxonomyCounter}`,
    description: `Category ${taxonomyCounter}, made by a factory.`,
    order: 100 + taxonomyCounter,
    reviewIntervalDays: 365,
    ...overrides,
  };
  await container.siteContent.createCategory(by ?? (await getFactoryAdmin(container)), category);
  return category;
}

/** Creates a tag through the site-content service. */
export async function createTag(container: Container, overrides: Partial<Tag> = {}, by?: ActionContext) {
  taxonomyCounter += 1;
  const tag: Tag = { slug: `tag-${taxonomyCounter}`, name: `Tag ${taxonomyCounter}`, ...overrides };
  await container.siteContent.createTag(by ?? (await getFactoryAdmin(container)), tag);
  return tag;
}

/** Creates a "why trust us" card; returns it with its id. */
export async function createHighlight(container: Container, overrides: Partial<Highlight> = {}, by?: ActionContext) {
  const highlight: Highlight = {
    title: 'Tested daily',
    text: 'A highlight made by a factory.',
    icon: 'shield',
    order: 50,
    ...overrides,
  };
  const id = await container.siteContent.createHighlight(by ?? (await getFactoryAdmin(container)), highlight);
  return { id, ...highlight };
}

/** Creates a certification; returns it with its id. */
export async function createCertification(
  container: Container,
  overrides: Partial<Certification> = {},
  by?: ActionContext,
) {
  const certification: Certification = {
    name: 'ISO 22301:2019',
    issuer: 'Test Certification Body',
    certificateNumber: `TCB-${Date.now()}`,
    scope: 'Continuity of the Testvik zone.',
    validFrom: '2025-01-01',
    validUntil: '2099-12-31',
    document: null,
    ...overrides,
  };
  const id = await container.siteContent.createCertification(by ?? (await getFactoryAdmin(container)), certification);
  return { id, ...certification };
}

/** The fields of `createEntry`: an entry's editable fields and the status to bring it to. */
export type EntryOverrides = Partial<
  Pick<
    Entry,
    | 'slug'
    | 'question'
    | 'answer'
    | 'category'
    | 'tags'
    | 'owner'
    | 'controls'
    | 'alternativePhrasings'
    | 'reviewIntervalDays'
  >
> & { status?: EntryStatus };

/**
 * Creates an entry as staff do (a draft through the entry service, then the workflow steps to `status`,
 * published by default). Its category must exist (the minimal content has `storage`); returns the stored record.
 */
export async function createEntry(
  container: Container,
  overrides: EntryOverrides = {},
  by?: ActionContext,
): Promise<EntryRecord> {
  const context = by ?? (await getFactoryAdmin(container));
  const { slug, status = 'published', ...fields } = buildEntry(overrides);
  const input = {
    question: fields.question,
    answer: fields.answer,
    category: fields.category,
    tags: fields.tags,
    owner: fields.owner,
    reviewIntervalDays: fields.reviewIntervalDays,
    alternativePhrasings: fields.alternativePhrasings,
    controls: fields.controls,
  };
  let record = await container.entries.createEntry(context, slug, input);
  if (status === 'in_review') record = await container.entries.submitForReview(context, slug);
  if (status === 'published' || status === 'archived') record = await container.entries.approve(context, slug);
  if (status === 'archived') record = await container.entries.archive(context, slug);
  return record;
}

/**
 * The fields of a valid subprocessor (a CDN in France and Sweden since 2026-01-01, no parent, no non-EU law), in
 * English only, with `overrides` applied.
 */
export function buildSubprocessorFields(overrides: Partial<SubprocessorFields> = {}): SubprocessorFields {
  return {
    name: 'Kantnät CDN',
    legalEntity: 'Kantnät SAS',
    purpose: 'Content delivery for public web content.',
    dataCategories: ['IP addresses of visitors'],
    locations: ['FR', 'SE'],
    parentCompany: null,
    parentJurisdiction: null,
    nonEuLaw: null,
    since: '2026-01-01',
    until: null,
    ...structuredClone(overrides),
  };
}

/** The Swedish purpose of the subprocessor of `buildSubprocessorFields`. */
export const SUBPROCESSOR_SWEDISH = { sv: { purpose: 'Innehållsleverans av publikt webbinnehåll.' } };
