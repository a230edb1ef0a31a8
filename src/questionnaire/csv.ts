import { QuestionnaireError } from './questionnaire-error.js';

const QUOTE = 34; // "
const LF = 10;
const CR = 13;

/** Parses RFC 4180 CSV (quoted commas, doubled quotes, newlines in quotes; `,`, `;` or tab) into rows of cells. */
export function parseCsv(text: string, source = 'CSV'): string[][] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = detectDelimiter(input);
  const rows: string[][] = [];
  let row: string[] = [];
  let position = 0;
  let line = 1;
  const length = input.length;

  // One pass over the text; quoted fields are copied with indexOf jumps rather than per character,
  // because this runs on uploads of several megabytes on the request path.
  while (position <= length) {
    if (position === length) {
      // The text ended right after a delimiter or with no trailing newline.
      if (row.length > 0) {
        row.push('');
        rows.push(row);
      }
      break;
    }
    let field: string;
    if (input.charCodeAt(position) === QUOTE) {
      const startLine = line;
      let value = '';
      let cursor = position + 1;
      for (;;) {
        const close = input.indexOf('"', cursor);
        if (close === -1) {
          throw new QuestionnaireError(
            `unterminated quoted field (the quote opened on line ${startLine} is never closed)`,
            {
              source,
              line: startLine,
            },
          );
        }
        const chunk = input.slice(cursor, close);
        line += countLineBreaks(chunk);
        value += chunk;
        if (input.charCodeAt(close + 1) === QUOTE) {
          value += '"';
          cursor = close + 2;
          continue;
        }
        cursor = close + 1;
        break;
      }
      // Lenient about text between the closing quote and the delimiter (`"a"b,`): keep it rather than fail.
      const end = findFieldEnd(input, cursor, delimiter);
      field = value + input.slice(cursor, end);
      position = end;
    } else {
      const end = findFieldEnd(input, position, delimiter);
      field = input.slice(position, end);
      position = end;
    }
    row.push(field);
    if (position >= length) {
      rows.push(row);
      break;
    }
    const code = input.charCodeAt(position);
    if (code === delimiter) {
      position += 1;
      continue;
    }
    // A record ends at CRLF, LF or a lone CR.
    position += code === CR && input.charCodeAt(position + 1) === LF ? 2 : 1;
    line += 1;
    rows.push(row);
    row = [];
    if (position === length) break;
  }
  return rows;
}

function findFieldEnd(input: string, from: number, delimiter: number): number {
  for (let index = from; index < input.length; index += 1) {
    const code = input.charCodeAt(index);
    if (code === delimiter || code === LF || code === CR) return index;
  }
  return input.length;
}

function countLineBreaks(chunk: string): number {
  let count = 0;
  for (let index = 0; index < chunk.length; index += 1) {
    const code = chunk.charCodeAt(index);
    if (code === LF) count += 1;
    else if (code === CR && chunk.charCodeAt(index + 1) !== LF) count += 1;
  }
  return count;
}

/** Picks `;` or tab when the header record has more of them than commas (European Excel exports use `;`). */
function detectDelimiter(input: string): number {
  let commas = 0;
  let semicolons = 0;
  let tabs = 0;
  let isQuoted = false;
  for (let index = 0; index < input.length; index += 1) {
    const code = input.charCodeAt(index);
    if (code === QUOTE) isQuoted = !isQuoted;
    else if (isQuoted) continue;
    else if (code === LF || code === CR) break;
    else if (code === 44) commas += 1;
    else if (code === 59) semicolons += 1;
    else if (code === 9) tabs += 1;
  }
  if (tabs > commas && tabs >= semicolons) return 9;
  if (semicolons > commas) return 59;
  return 44;
}

// =, +, -, @, tab or carriage return at the start of a cell make spreadsheets evaluate it. Spreadsheets set
// to split on ; (Swedish, German and French Excel) or tabs, or that ignore quotes, start a new cell after
// any separator or line break inside a cell too, so a formula start there is defused as well.
const FORMULA_START = /(?<=^|[,;\t\r\n])[=+\-@\t\r]/g;

/** A CSV cell that no spreadsheet will run as a formula: always in RFC 4180 double quotes, inner quotes doubled. */
export function toCsvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return `"${text.replace(FORMULA_START, "'$&").replace(/"/g, '""')}"`;
}

/** Writes rows as CSV with CRLF line ends; the one CSV writer of every export. */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return [header, ...rows]
    .map((row) => row.map(toCsvCell).join(','))
    .join('\r\n')
    .concat('\r\n');
}
