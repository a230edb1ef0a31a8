import { describe, expect, it } from 'vitest';
import { cellText, countRowsWithValues, defuseWorksheetXml } from './xlsx-read.js';

describe('countRowsWithValues', () => {
  it('counts rows holding a value or inline string, not style-only rows', () => {
    const xml =
      '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2" s="3" customFormat="1"/>' +
      '<row r="3"><c r="A3" s="1"/></row><row r="4"><c r="A4" t="inlineStr"><is><t>Do you?</t></is></c></row></sheetData></worksheet>';
    expect(countRowsWithValues(xml)).toBe(2);
  });
});

describe('defuseWorksheetXml', () => {
  it('removes data validations and merges too large to be headings, keeps ordinary merges', () => {
    const xml =
      '<worksheet><sheetData/><mergeCells count="2"><mergeCell ref="A5:D5"/><mergeCell ref="A1:XFD1048576"/></mergeCells>' +
      '<dataValidations count="1"><dataValidation type="list" sqref="A2:A1048576"><formula1>"Yes,No"</formula1></dataValidation></dataValidations></worksheet>';
    expect(defuseWorksheetXml(xml)).toBe(
      '<worksheet><sheetData/><mergeCells count="2"><mergeCell ref="A5:D5"/></mergeCells></worksheet>',
    );
  });
});

describe('cellText', () => {
  it('reads every kind of exceljs value as text, using a formula’s cached result', () => {
    expect(cellText({ richText: [{ text: 'Is data ' }, { text: 'encrypted?' }] })).toBe('Is data encrypted?');
    expect(cellText({ formula: 'A1&"?"', result: 'Is MFA on?' })).toBe('Is MFA on?');
    expect(cellText({ sharedFormula: 'A1', result: 42 })).toBe('42');
    expect(cellText({ text: { richText: [{ text: 'Policy' }] }, hyperlink: 'https://example.org' })).toBe('Policy');
    expect(cellText(new Date(Date.UTC(2024, 0, 31)))).toBe('2024-01-31');
    expect(cellText({ error: '#N/A' })).toBe('');
    expect(cellText(null)).toBe('');
  });
});
