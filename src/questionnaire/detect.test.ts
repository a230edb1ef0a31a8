import { describe, expect, it } from 'vitest';
import { parseQuestionnaire } from './index.js';

const encode = (text: string) => new TextEncoder().encode(text);

describe('section headings in a CSV', () => {
  it('reads a lone "Question" cell on the first row as the column heading, not as every row\'s section', async () => {
    const rows = Array.from({ length: 2_000 }, (_, index) => `Do you review access rights for system ${index}?`);
    const parsed = await parseQuestionnaire(encode(`Question\n${rows.join('\n')}\n`), 'one-column.csv');
    expect(parsed.questions).toHaveLength(2_000);
    expect(parsed.questions.filter((question) => question.section !== undefined)).toEqual([]);
    expect(parsed.sheets[0]).toMatchObject({ headerRow: 1, questionColumn: 'A' });
  });

  it('still reads a heading row between the questions as their section', async () => {
    const csv =
      'Question\nAccess control\nDo you enforce MFA for administrators?\nDo you review access rights yearly?\n';
    const parsed = await parseQuestionnaire(encode(csv), 'sections.csv');
    expect(parsed.questions.map((question) => [question.text, question.section])).toEqual([
      ['Do you enforce MFA for administrators?', 'Access control'],
      ['Do you review access rights yearly?', 'Access control'],
    ]);
  });
});
