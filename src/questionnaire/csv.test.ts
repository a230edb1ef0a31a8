import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv, toCsvCell } from './csv.js';
import { QuestionnaireError } from './questionnaire-error.js';

describe('parseCsv', () => {
  it('splits plain comma-separated records', () => {
    expect(parseCsv('id,question\n1,Do you encrypt data?\n')).toEqual([
      ['id', 'question'],
      ['1', 'Do you encrypt data?'],
    ]);
  });

  it('keeps commas, doubled quotes and newlines inside quoted fields', () => {
    const text = 'id,question\n1,"Do you, or your ""subprocessors"", log access?\nDescribe retention."\n2,x\n';
    expect(parseCsv(text)).toEqual([
      ['id', 'question'],
      ['1', 'Do you, or your "subprocessors", log access?\nDescribe retention.'],
      ['2', 'x'],
    ]);
  });

  it('strips a UTF-8 byte order mark and accepts CRLF line ends', () => {
    expect(parseCsv('\uFEFFid,fråga\r\n1,"a\r\nb"\r\n2,c')).toEqual([
      ['id', 'fråga'],
      ['1', 'a\r\nb'],
      ['2', 'c'],
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(parseCsv('a,,c\n,,\nx,')).toEqual([
      ['a', '', 'c'],
      ['', '', ''],
      ['x', ''],
    ]);
  });

  it('detects a semicolon delimiter when the header has more semicolons than commas', () => {
    expect(parseCsv('id;question;answer\n1;Is data encrypted, at rest?;\n')).toEqual([
      ['id', 'question', 'answer'],
      ['1', 'Is data encrypted, at rest?', ''],
    ]);
  });

  it('detects a tab delimiter', () => {
    expect(parseCsv('id\tquestion\n1\tDo you, really?\n')).toEqual([
      ['id', 'question'],
      ['1', 'Do you, really?'],
    ]);
  });

  it('ignores delimiters inside a quoted header cell when detecting', () => {
    expect(parseCsv('"a;b;c",d\n1,2\n')).toEqual([
      ['a;b;c', 'd'],
      ['1', '2'],
    ]);
  });

  it('returns no rows for empty text', () => {
    expect(parseCsv('')).toEqual([]);
  });

  it('reports an unterminated quote with the line it opened on', () => {
    const text = 'id,question\n1,ok\n2,"never closed\nstill open\n';
    let caught: unknown;
    try {
      parseCsv(text, 'upload.csv');
    } catch (error) {
      caught = error;
    }
    if (!(caught instanceof QuestionnaireError)) throw new Error('expected a QuestionnaireError');
    const error = caught;
    expect(error.code).toBe('invalid_input');
    expect(error.problems[0]).toMatchObject({ source: 'upload.csv', line: 3 });
    expect(error.message).toMatch(/unterminated quoted field.*line 3/);
  });

  it('counts lines inside earlier quoted fields when reporting an unterminated quote', () => {
    expect(() => parseCsv('a,"x\ny"\nb,"open')).toThrow(/line 3/);
  });
});

describe('toCsv', () => {
  it.each([
    ['=HYPERLINK("http://evil.test")', `"'=HYPERLINK(""http://evil.test"")"`],
    ['+1+1', `"'+1+1"`],
    ['-2', `"'-2"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tcmd', `"'\tcmd"`],
    ['\rcmd', `"'\rcmd"`],
    // Spreadsheets set to split on ; (Swedish, German, French Excel) or tabs make a cell of what follows.
    ['x;=1+1', `"x;'=1+1"`],
    ['a,@SUM(1)', `"a,'@SUM(1)"`],
    ['a\t-2', `"a\t'-2"`],
    ['\t-2', `"'\t'-2"`],
    ['first line\n=cmd', `"first line\n'=cmd"`],
    ['say "hi", then; go', `"say ""hi"", then; go"`],
    ['plain, with comma', '"plain, with comma"'],
    ['ordinary', '"ordinary"'],
    ['', '""'],
  ])('quotes and neutralises %j', (value, expected) => {
    expect(toCsvCell(value)).toBe(expected);
  });

  it('writes a quoted header and quoted CRLF rows that read back as the neutralised text', () => {
    const csv = toCsv(
      ['a', 'b'],
      [
        [1, null],
        ['x;=1+1', 'line one\r\nline "two"'],
      ],
    );
    expect(csv).toBe(`"a","b"\r\n"1",""\r\n"x;'=1+1","line one\r\nline ""two"""\r\n`);
    expect(parseCsv(csv)).toEqual([
      ['a', 'b'],
      ['1', ''],
      ["x;'=1+1", 'line one\r\nline "two"'],
    ]);
  });
});
