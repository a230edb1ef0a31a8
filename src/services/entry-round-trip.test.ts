import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/temporary-database.js';
import { type Container, createContainer, prepareDatabase } from '../container.js';
import { type ContentSet, ENTRY_STATUSES, type Entry, type EntryStatus } from '../domain/content.js';
import { ENTRY_LIMITS, REVIEW_INTERVAL_DAYS } from '../domain/entry-rules.js';
import { AppError } from '../domain/errors.js';
import { SHORT_ANSWERS } from '../domain/short-answer.js';
import type { Actor } from '../domain/staff.js';
import type { EntryInput } from './entry.service.js';

// Property: whatever the entry service accepts from staff, `tillit export` writes and `tillit import` reads
// back unchanged; whatever breaks a rule is refused at save, on its field. The entries are generated from a
// fixed seed, at and near every limit, so a failure names an entry that fails again on the next run.

const SEED = 0x7111_1702;
const ENTRY_COUNT = 200;
const editor: Actor = { userId: 1, email: 'editor@example.test', name: 'Editor', role: 'editor' };

/** mulberry32: a small seeded generator, so every run draws the same entries. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const integer = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[integer(0, items.length - 1)] as T;
  return { next, integer, pick, chance: (probability: number) => next() < probability };
}
type Random = ReturnType<typeof createRandom>;

// Pieces of text that have broken serializers before: Swedish letters, emoji (two UTF-16 units), YAML
// indicators and words YAML reads as other types, Markdown markers.
const INLINE_PIECES = [
  'a',
  'b',
  'z',
  'Q',
  '7',
  ' ',
  ' ',
  'å',
  'ä',
  'ö',
  'Å',
  'Ä',
  'Ö',
  'é',
  '🔒',
  '✅',
  '🇸🇪',
  ':',
  ': ',
  ' #',
  '#',
  '-',
  '? ',
  '!',
  '"',
  "'",
  '&',
  '*',
  '|',
  '>',
  '%',
  '@',
  '`',
  '{',
  '}',
  '[',
  ']',
  ',',
  '\\',
  'null',
  'true',
  'no',
  '~',
  '0x1F',
  '1e3',
];
const LINE_PIECES = ['\n', '\n\n', '\r\n', '\n- ', '\n> ', '\n# ', '\n---\n', '\n1. ', '\n    code'];
const EDGE_VALUES = [
  'null',
  'true',
  'yes',
  '~',
  '123',
  '- item',
  '"quoted"',
  "'single'",
  '#hash',
  'key: value',
  '@at',
  '*',
];

/** A text of exactly `length` UTF-16 units that starts and ends with a letter, so trimming leaves it whole. */
function draw(random: Random, length: number, pieces: readonly string[]): string {
  if (length <= 2) return 'xy'.slice(0, length);
  let text = random.pick(['S', 'å', 'Ä', 'q']);
  while (text.length < length - 1) {
    const piece = random.pick(pieces);
    text += text.length + piece.length <= length - 1 ? piece : 'o';
  }
  return `${text}${random.pick(['n', 'ö', 'Z', '9'])}`;
}

/** A length at, just under, over (when `allowOver`), or anywhere below `max`. */
function drawLength(random: Random, max: number, allowOver: boolean): number {
  const roll = random.next();
  if (allowOver && roll < 0.03) return max + random.integer(1, 3);
  if (roll < 0.3) return max;
  if (roll < 0.4) return max - 1;
  if (roll < 0.45) return 1;
  return random.integer(1, max);
}

/** Whitespace staff may leave around a field; the saved value is the text without it. */
function pad(random: Random, text: string): string {
  return random.chance(0.15) ? `${random.pick([' ', '  ', '\t'])}${text}${random.pick(['', ' ', '\n'])}` : text;
}

/** A slug of letters and digits in hyphenated groups, `length` long at most. */
function drawSlug(random: Random, length: number, suffix: string): string {
  let slug = suffix;
  while (slug.length < length) {
    const room = length - slug.length - 1;
    if (room < 1) break;
    const group = Array.from({ length: Math.min(room, random.integer(1, 9)) }, () =>
      random.pick([...'abcdefghijklmnopqrstuvwxyz0123456789']),
    ).join('');
    slug = `${group}-${slug}`;
  }
  return slug;
}

const CATEGORY_SLUGS = ['security', 'iso-27001', `k${'-8q'.repeat(26)}x`.slice(0, ENTRY_LIMITS.slug), 'a1'];
const TAG_SLUGS = Array.from({ length: ENTRY_LIMITS.tags + 4 }, (_, index) =>
  index === 0 ? `t${'-0'.repeat(39)}9`.slice(0, ENTRY_LIMITS.slug) : `tag-${index}-x${index % 3}`,
);

interface GeneratedEntry {
  slug: string;
  /** What staff type, whitespace included. */
  input: EntryInput;
  status: EntryStatus;
  /** Whether it is saved as a first draft (true) or as an edit of a placeholder draft. */
  isCreated: boolean;
  /** The fields the service must refuse; empty when the entry is valid. */
  brokenFields: string[];
}

function generateEntry(random: Random, index: number): GeneratedEntry {
  const broken = new Set<string>();
  const lengthFor = (field: string, max: number) => {
    const length = drawLength(random, max, true);
    if (length > max) broken.add(field);
    return length;
  };
  const question = random.chance(0.05)
    ? random.pick(EDGE_VALUES)
    : draw(random, lengthFor('question', ENTRY_LIMITS.question), INLINE_PIECES);
  const answer = draw(random, lengthFor('answer', ENTRY_LIMITS.answer), [...INLINE_PIECES, ...LINE_PIECES]);
  const owner = random.chance(0.1)
    ? random.pick(EDGE_VALUES)
    : draw(random, lengthFor('owner', ENTRY_LIMITS.owner), INLINE_PIECES);

  const phrasingCount = drawLength(random, ENTRY_LIMITS.phrasings + 1, false) - 1;
  if (phrasingCount > ENTRY_LIMITS.phrasings) broken.add('alternativePhrasings');
  const phrasings = Array.from({ length: phrasingCount }, () =>
    pad(random, draw(random, drawLength(random, ENTRY_LIMITS.phrasingLength, false), INLINE_PIECES)),
  );
  if (random.chance(0.04)) {
    phrasings.push(random.pick(['   ', draw(random, ENTRY_LIMITS.phrasingLength + 1, INLINE_PIECES)]));
    broken.add('alternativePhrasings');
  }

  const tagCount = random.chance(0.03) ? ENTRY_LIMITS.tags + 1 : random.pick([0, 1, 3, ENTRY_LIMITS.tags]);
  if (tagCount > ENTRY_LIMITS.tags) broken.add('tags');
  const tags = [...TAG_SLUGS].sort(() => random.next() - 0.5).slice(0, tagCount);

  const controlCount = random.chance(0.03) ? ENTRY_LIMITS.controls + 1 : random.pick([0, 1, 5, ENTRY_LIMITS.controls]);
  if (controlCount > ENTRY_LIMITS.controls) broken.add('controls');
  const controls = Array.from({ length: controlCount }, () => `A.${random.integer(5, 8)}.${random.integer(1, 99)}`);
  if (random.chance(0.03)) {
    controls.push(random.pick(['A.9.1', 'A.8.100', 'a.8.24', 'A.8.24 ']));
    broken.add('controls');
  }

  const intervalRoll = random.next();
  let reviewIntervalDays: number | null = null;
  if (intervalRoll < 0.2) reviewIntervalDays = REVIEW_INTERVAL_DAYS.min;
  else if (intervalRoll < 0.4) reviewIntervalDays = REVIEW_INTERVAL_DAYS.max;
  else if (intervalRoll < 0.6) reviewIntervalDays = random.integer(REVIEW_INTERVAL_DAYS.min, REVIEW_INTERVAL_DAYS.max);
  else if (intervalRoll < 0.63) {
    reviewIntervalDays = random.pick([0, REVIEW_INTERVAL_DAYS.max + 1, 2.5]);
    broken.add('reviewIntervalDays');
  }

  const shortAnswer = random.pick([null, null, ...SHORT_ANSWERS]);
  const wordingRoll = random.next();
  // None, only whitespace (saved as none), or Markdown up to and over its limit.
  const questionnaireWording =
    wordingRoll < 0.35
      ? null
      : wordingRoll < 0.42
        ? random.pick(['', '  ', '\n\t'])
        : wordingRoll < 0.46
          ? draw(random, ENTRY_LIMITS.questionnaireWording + random.integer(1, 3), INLINE_PIECES)
          : pad(
              random,
              draw(random, drawLength(random, ENTRY_LIMITS.questionnaireWording, false), [
                ...INLINE_PIECES,
                ...LINE_PIECES,
              ]),
            );
  // Saved with LF line ends, so a CRLF drawn over the limit may bring it back under.
  if ((savedWording(questionnaireWording)?.length ?? 0) > ENTRY_LIMITS.questionnaireWording) {
    broken.add('questionnaireWording');
  }

  const suffix = String(index);
  let slug = drawSlug(random, random.chance(0.4) ? ENTRY_LIMITS.slug : random.integer(suffix.length, 40), suffix);
  if (random.chance(0.03)) {
    slug = random.pick([
      `${'x'.repeat(ENTRY_LIMITS.slug)}-${suffix}`,
      `Upper-${suffix}`,
      `å-${suffix}`,
      `a--${suffix}`,
    ]);
    broken.add('slug');
  }
  const isCreated = random.chance(0.5);
  // A broken slug only matters when the entry is created with it; edits keep the placeholder's slug.
  if (!isCreated && broken.has('slug')) slug = `edited-${suffix}`;
  if (!isCreated) broken.delete('slug');
  return {
    slug,
    input: {
      question: pad(random, question),
      answer: pad(random, answer),
      category: random.pick(CATEGORY_SLUGS),
      tags,
      owner: pad(random, owner),
      reviewIntervalDays,
      alternativePhrasings: phrasings,
      controls,
      shortAnswer,
      questionnaireWording,
    },
    status: ENTRY_STATUSES[index % ENTRY_STATUSES.length] ?? 'draft',
    isCreated,
    brokenFields: [...broken].sort(),
  };
}

/** A small content set the generated entries refer to: nothing from the example content. */
function buildContent(): ContentSet {
  return {
    site: {
      name: 'Round Trip AB',
      tagline: 'Trust, exported and imported',
      intro: 'A trust center used only by this test.',
      contactEmail: 'trust@example.test',
      securityContact: 'mailto:security@example.test',
      securityPolicyLink: null,
      preferredLanguages: ['sv', 'en'],
      accentColor: '#0f5c5a',
      sla: { title: 'Service', summary: 'We answer.', availability: '99.9 %', link: null, responseTimes: [] },
    },
    highlights: [],
    categories: CATEGORY_SLUGS.map((slug, index) => ({
      slug,
      name: `Category ${index}`,
      description: 'Generated.',
      order: index,
      reviewIntervalDays: 365,
    })),
    tags: TAG_SLUGS.map((slug, index) => ({ slug, name: `Tag ${index}` })),
    certifications: [],
    links: [],
    entries: [],
  };
}

/** The entry as the service should store it: its texts trimmed, as content import reads them. */
function expectedFields(input: EntryInput) {
  return {
    ...input,
    question: input.question.trim(),
    answer: input.answer.trim(),
    owner: input.owner.trim(),
    alternativePhrasings: input.alternativePhrasings.map((phrasing) => phrasing.trim()),
    questionnaireWording: savedWording(input.questionnaireWording),
  };
}

/** A questionnaire wording as saved: LF line ends, trimmed, null when empty. */
function savedWording(wording: string | null | undefined): string | null {
  return wording?.replace(/\r\n?/g, '\n').trim() || null;
}

async function openContainer(database: TestDatabase): Promise<Container> {
  const container = createContainer({
    databaseUrl: database.url,
    now: () => new Date('2026-03-14T09:26:53.589Z'),
    revisionCheckIntervalMs: 0,
  });
  await prepareDatabase(container, undefined);
  return container;
}

async function saveAsStaff(container: Container, generated: GeneratedEntry): Promise<unknown> {
  const context = { actor: editor };
  try {
    if (generated.isCreated) {
      await container.entries.createEntry(context, generated.slug, generated.input);
    } else {
      await container.entries.createEntry(context, generated.slug, {
        ...generated.input,
        question: 'Placeholder?',
        answer: 'Placeholder.',
        owner: 'placeholder@example.test',
        tags: [],
        reviewIntervalDays: null,
        alternativePhrasings: [],
        controls: [],
        shortAnswer: null,
        questionnaireWording: null,
      });
      await container.entries.updateEntry(context, generated.slug, generated.input);
    }
  } catch (error) {
    return error;
  }
  if (generated.status === 'in_review') await container.entries.submitForReview(context, generated.slug);
  if (generated.status === 'published') await container.entries.approve(context, generated.slug);
  if (generated.status === 'archived') await container.entries.archive(context, generated.slug);
  return undefined;
}

const bySlug = (entries: Entry[]) => [...entries].sort((a, b) => (a.slug < b.slug ? -1 : 1));

describe('an entry staff can save exports and imports unchanged', () => {
  const random = createRandom(SEED);
  const generated = Array.from({ length: ENTRY_COUNT }, (_, index) => generateEntry(random, index));
  let source: TestDatabase;
  let target: TestDatabase;
  let saved: Container;
  let imported: Container;
  const refusals = new Map<string, unknown>();

  beforeAll(async () => {
    source = await createTestDatabase();
    target = await createTestDatabase();
    saved = await openContainer(source);
    imported = await openContainer(target);
    await saved.content.replaceContent(buildContent());
    for (const entry of generated) {
      const refusal = await saveAsStaff(saved, entry);
      if (refusal !== undefined) refusals.set(entry.slug, refusal);
    }
  }, 60_000);
  afterAll(async () => {
    await saved?.close();
    await imported?.close();
    await source?.remove();
    await target?.remove();
  });

  it('draws entries at the limits, some valid in every status and some over a limit', () => {
    const valid = generated.filter((entry) => entry.brokenFields.length === 0);
    expect(valid.length).toBeGreaterThan(ENTRY_COUNT * 0.6);
    expect(new Set(valid.map((entry) => entry.status))).toEqual(new Set(ENTRY_STATUSES));
    expect(generated.some((entry) => entry.brokenFields.length > 0)).toBe(true);
    expect(valid.some((entry) => entry.input.owner.trim().length === ENTRY_LIMITS.owner)).toBe(true);
    expect(valid.some((entry) => entry.input.alternativePhrasings.length === ENTRY_LIMITS.phrasings)).toBe(true);
    expect(valid.some((entry) => entry.slug.length === ENTRY_LIMITS.slug)).toBe(true);
    expect(valid.some((entry) => entry.input.question.trim().length === ENTRY_LIMITS.question)).toBe(true);
    expect(new Set(valid.map((entry) => entry.input.shortAnswer))).toEqual(new Set([null, ...SHORT_ANSWERS]));
    const wordingLengths = valid.map((entry) => entry.input.questionnaireWording?.trim().length ?? 0);
    expect(wordingLengths).toContain(ENTRY_LIMITS.questionnaireWording);
    expect(wordingLengths).toContain(0);
    expect(generated.some((entry) => entry.brokenFields.includes('questionnaireWording'))).toBe(true);
  });

  it('refuses exactly the entries that break a rule, naming each broken field', () => {
    for (const entry of generated) {
      const refusal = refusals.get(entry.slug);
      if (entry.brokenFields.length === 0) {
        expect(refusal, `${entry.slug} should be saved`).toBeUndefined();
        continue;
      }
      expect(refusal, `${entry.slug} breaks ${entry.brokenFields.join(', ')}`).toBeInstanceOf(AppError);
      const error = refusal as AppError;
      expect(error.code, entry.slug).toBe('invalid_input');
      expect([...new Set(error.problems.map((problem) => problem.field ?? ''))].sort(), entry.slug).toEqual(
        entry.brokenFields,
      );
    }
  });

  it('stores each saved entry as typed, and the export of them all imports into a fresh database unchanged', async () => {
    const stored = bySlug((await saved.content.getContent()).entries);
    const valid = generated.filter((entry) => !refusals.has(entry.slug));
    // A refused edit leaves its placeholder draft, which must round-trip too.
    const kept = generated.filter((entry) => !refusals.has(entry.slug) || !entry.isCreated);
    expect(stored.map((entry) => entry.slug)).toEqual(kept.map((entry) => entry.slug).sort());
    for (const entry of valid) {
      const found = stored.find((candidate) => candidate.slug === entry.slug);
      expect(found, entry.slug).toMatchObject({ ...expectedFields(entry.input), status: entry.status });
    }

    const folder = join(source.folder, 'export');
    await saved.content.exportDirectory(folder);
    await imported.content.importDirectory(folder);
    const reimported = bySlug((await imported.content.getContent()).entries);
    expect(reimported.length).toBe(stored.length);
    stored.forEach((entry, index) => {
      expect(reimported[index], entry.slug).toEqual(entry);
    });
  });
});
