import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/create-test-app.js';
import { createCertification } from '../../test/factories.js';
import { createQuestionnaireServices } from '../../test/questionnaire-services.js';
import type { Actor } from '../domain/staff.js';
import { QuestionnaireRepository } from '../storage/questionnaire.repository.js';

/**
 * The trust center's certifications answer questionnaires too: "Are you ISO 27001 certified?" is suggested the
 * certification itself (issuer, number, validity, scope), which no entry of the library says.
 */
let testApp: Awaited<ReturnType<typeof createTestApp>>;
let services: ReturnType<typeof createQuestionnaireServices>;

const editor: Actor = { userId: 1, email: 'ada@example.test', name: 'Ada', role: 'editor' };
const context = { actor: editor, ip: '127.0.0.1' };

beforeEach(async () => {
  // The minimal content lists ISO/IEC 27001:2022 (TCB-0001, valid until 2099) and has no entry about it.
  testApp = await createTestApp({ content: 'minimal' });
  services = createQuestionnaireServices(testApp.container);
});
afterEach(async () => {
  await services.matching.whenIdle();
  await testApp.close();
});

async function upload(questions: string[]) {
  const csv = `Question\r\n${questions.map((question) => `"${question}"`).join('\r\n')}\r\n`;
  const { id } = await services.questionnaires.upload(context, {
    fileName: 'questions.csv',
    bytes: new TextEncoder().encode(csv),
  });
  await services.matching.whenIdle();
  return { id, questions: await new QuestionnaireRepository(testApp.container.database.db).listQuestions(id) };
}

describe('certifications in questionnaire answers', () => {
  it('suggests a listed certification for a question about it, and accepting it changes no entry', async () => {
    await createCertification(testApp.container, {
      name: 'ISO 14001:2015',
      certificateNumber: 'TCB-ENV',
      validFrom: '2017-07-01',
      validUntil: '2020-06-30',
    });
    const { id, questions } = await upload([
      'Is your organisation ISO 27001 certified?',
      'Do you hold an ISO 14001 certificate?',
    ]);
    const [iso27001, iso14001] = questions;
    const first = iso27001?.candidates[0];
    expect(first).toMatchObject({ slug: 'certification.iso-iec-27001-2022', shortAnswer: 'yes' });
    expect(first?.draftAnswer).toMatch(
      /^Yes\. We are certified to ISO\/IEC 27001:2022 by .*TCB-0001.*until 2099-12-31\./,
    );
    expect(['high', 'medium']).toContain(first?.confidence);
    // An expired one says so and offers no "yes".
    expect(iso14001?.candidates[0]).toMatchObject({ slug: 'certification.iso-14001-2015' });
    expect(iso14001?.candidates[0]?.draftAnswer).toContain('expired on 2020-06-30');
    expect(iso14001?.candidates[0]?.shortAnswer).toBeUndefined();

    const entriesBefore = await testApp.container.entries.listEntries({}, 1, 100);
    if (iso27001 === undefined || first === undefined) throw new Error('question missing');
    const accepted = await services.questionnaires.accept(context, iso27001.id, first.slug, first.draftAnswer);
    // A certification has no entry text to learn the question into as a phrasing.
    expect(accepted.isPhrasingAdded).toBe(false);
    expect(accepted.question).toMatchObject({ status: 'accepted', chosenSlug: first.slug, shortAnswer: 'yes' });
    expect(await testApp.container.entries.listEntries({}, 1, 100)).toEqual(entriesBefore);
    expect(await services.exports.exportCsv(editor, id)).toContain('TCB-0001');
  });

  it('answers a Swedish questionnaire about a certification in Swedish', async () => {
    const { questions } = await upload([
      'Är ni certifierade enligt ISO 27001?',
      'Har ni ett giltigt ISO 27001-certifikat?',
    ]);
    for (const question of questions) {
      expect(question.candidates[0]?.slug).toBe('certification.iso-iec-27001-2022');
      expect(question.candidates[0]?.draftAnswer).toMatch(/^Ja\. Vi är certifierade enligt ISO\/IEC 27001:2022/);
    }
  });
});
