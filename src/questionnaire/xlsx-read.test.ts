import { describe, expect, it } from 'vitest';
import { countRowsWithValues, defuseWorksheetXml, isPartRead, keepHyperlinkRelationships } from './workbook-package.js';
import { cellText } from './xlsx-read.js';

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

describe('parts passed to exceljs', () => {
  it('are the workbook, its sheets, shared strings and styles; never images, drawings or embedded files', () => {
    const read = [
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/_rels/sheet1.xml.rels',
      'xl/sharedStrings.xml',
      'xl/styles.xml',
    ];
    const dropped = [
      'xl/media/image1.png',
      'xl/drawings/drawing1.xml',
      'xl/embeddings/oleObject1.bin',
      'xl/comments1.xml',
      'xl/theme/theme1.xml',
      'docProps/core.xml',
      '[Content_Types].xml',
      'xl/worksheets/media/sheet1.xml',
    ];
    expect(read.filter(isPartRead)).toEqual(read);
    expect(dropped.filter(isPartRead)).toEqual([]);
  });

  it('keep only hyperlink relationships of a sheet, and no references to drawings or tables', () => {
    const rels =
      '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org" TargetMode="External"/>' +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"/></Relationships>';
    expect(keepHyperlinkRelationships(rels)).toBe(
      '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org" TargetMode="External"/></Relationships>',
    );
    expect(
      defuseWorksheetXml(
        '<worksheet><sheetData/><drawing r:id="rId2"/><legacyDrawing r:id="rId3"/><tableParts count="1"><tablePart r:id="rId4"/></tableParts></worksheet>',
      ),
    ).toBe('<worksheet><sheetData/></worksheet>');
  });
});
