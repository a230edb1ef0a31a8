import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import {
  beginText,
  concatTransformationMatrix,
  drawObject,
  endText,
  PDFContentStream,
  PDFDocument,
  type PDFFont,
  type PDFName,
  type PDFOperator,
  type PDFPage,
  type PDFRef,
  popGraphicsState,
  pushGraphicsState,
  setFillingGrayscaleColor,
  setFontAndSize,
  setGraphicsState,
  showText,
} from 'pdf-lib';
import { getMessages } from '../i18n/index.js';
import { WatermarkError, type WatermarkStamp } from './watermark-error.js';

export { WatermarkError, type WatermarkFailure, type WatermarkStamp } from './watermark-error.js';

const FOOTER_SIZE = 7;
const FOOTER_MIN_SIZE = 4;
const MARGIN = 14;
const DIAGONAL_MAX_SIZE = 28;
const DIAGONAL_OPACITY = 0.18;
// A PDF's header may follow a little junk; readers look in the first kilobyte, and so do we.
const HEADER_WINDOW = 1024;

/** What pdf-lib asks of fontkit: a `create` that parses font bytes. */
type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];

interface LoadedFont {
  bytes: Uint8Array;
  characters: Set<number>;
  /** Hands pdf-lib the font parsed once, instead of parsing the 740 KB file again for every PDF. */
  fontkit: Fontkit;
}

let loadedFont: LoadedFont | undefined;

/** DejaVu Sans from the dejavu-fonts-ttf package, read once per thread; it covers Latin, Greek and Cyrillic names. */
function loadFont(): LoadedFont {
  if (loadedFont === undefined) {
    const path = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
    const bytes = new Uint8Array(readFileSync(path));
    // Each PDF takes its own subset of the glyphs (createSubset); the parsed font itself is only read.
    const parsed = fontkit.create(bytes);
    loadedFont = { bytes, characters: new Set(parsed.characterSet), fontkit: { create: () => parsed } };
  }
  return loadedFont;
}

/** NFC, one line, and only characters the font draws: a name in a script DejaVu lacks loses those letters, it does not fail. */
function printable(text: string, characters: Set<number>): string {
  let kept = '';
  for (const character of text.normalize('NFC').replace(/\s+/g, ' ')) {
    const codePoint = character.codePointAt(0);
    // Format characters (zero-width spaces, direction marks) are in the font but would hide in the line.
    if (codePoint !== undefined && characters.has(codePoint) && !/[\p{Cc}\p{Cf}]/u.test(character)) kept += character;
  }
  // A dropped character leaves its neighbouring spaces behind.
  return kept.replace(/ {2,}/g, ' ').trim();
}

/** `2026-12-05 14:03 UTC`: the minute is enough to tell copies apart and reads the same in every language. */
export function formatIssuedAt(issuedAt: Date): string {
  return `${issuedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function hasPdfHeader(bytes: Uint8Array): boolean {
  const window = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, HEADER_WINDOW));
  return window.includes('%PDF-', 0, 'latin1');
}

async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  if (!hasPdfHeader(bytes)) throw new WatermarkError('unreadable');
  let document: PDFDocument;
  try {
    // pdf-lib's EncryptedPDFError is compiled to ES5 and fails `instanceof`, so encryption is read from the document.
    document = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
    if (document.isEncrypted) throw new WatermarkError('encrypted');
    // pdf-lib parses leniently: a file that is broken past its header only fails when its pages are looked at.
    if (document.getPageCount() === 0) throw new WatermarkError('unreadable');
  } catch (error) {
    if (error instanceof WatermarkError) throw error;
    throw new WatermarkError('unreadable', { cause: error });
  }
  return document;
}

/**
 * Stamps every page of a PDF with who it was issued to and when: a footer line along the bottom edge and a light
 * diagonal line across the page, both upright as the page is shown (rotation and box offsets respected). Runs on
 * the calling thread; the server uses createWatermarker to run it in a worker. Throws WatermarkError.
 */
export async function watermarkPdf(bytes: Uint8Array, stamp: WatermarkStamp): Promise<Uint8Array> {
  if (Number.isNaN(stamp.issuedAt.getTime())) throw new TypeError('issuedAt is not a valid date');
  const document = await loadPdf(bytes);
  const { bytes: fontFile, characters, fontkit: parsedFont } = loadFont();
  document.registerFontkit(parsedFont);
  const font = await document.embedFont(fontFile, { subset: true });
  const recipient = [stamp.name, stamp.company, stamp.email]
    .map((part) => printable(part, characters))
    .filter((part) => part !== '');
  const issued = formatIssuedAt(stamp.issuedAt);
  const title = stamp.documentTitle === undefined ? '' : printable(stamp.documentTitle, characters);
  const shortFooter = getMessages(stamp.language ?? 'en').watermarkIssuedTo(recipient.join(', '), issued);
  const footer = title === '' ? shortFooter : `${shortFooter} · ${title}`;
  const diagonal = [...recipient, issued].join(' · ');
  try {
    const stampLines: Stamp = {
      opening: document.context.register(PDFContentStream.of(document.context.obj({}), [pushGraphicsState()], false)),
      closing: document.context.register(PDFContentStream.of(document.context.obj({}), [popGraphicsState()], false)),
      footer: createStampLine(document, font, footer, { gray: 0.25 }),
      shortFooter: createStampLine(document, font, shortFooter, { gray: 0.25 }),
      diagonal: createStampLine(document, font, diagonal, { gray: 0.5, opacity: DIAGONAL_OPACITY }),
    };
    for (const page of document.getPages()) stampPage(document, page, stampLines);
    return await document.save();
  } catch (error) {
    // A damaged page tree or object only shows here; the library's words stay in the cause.
    throw new WatermarkError('unreadable', { cause: error });
  }
}

/** The page as a reader sees it: its visible box and how to turn a point in that view into the page's own space. */
interface PageView {
  width: number;
  height: number;
  /** Degrees added to text so that it reads upright on screen. */
  angle: number;
  toPage(u: number, v: number): { x: number; y: number };
}

function viewOf(page: PDFPage): PageView {
  const box = page.getCropBox();
  const angle = (((page.getRotation().angle % 360) + 360) % 360) as number;
  const { x, y, width, height } = box;
  // /Rotate turns the page clockwise for display; (u, v) are measured from the displayed bottom-left corner.
  switch (angle) {
    case 90:
      return { width: height, height: width, angle: 90, toPage: (u, v) => ({ x: x + width - v, y: y + u }) };
    case 180:
      return { width, height, angle: 180, toPage: (u, v) => ({ x: x + width - u, y: y + height - v }) };
    case 270:
      return { width: height, height: width, angle: 270, toPage: (u, v) => ({ x: x + v, y: y + height - u }) };
    default:
      return { width, height, angle: 0, toPage: (u, v) => ({ x: x + u, y: y + v }) };
  }
}

/** A line of text drawn once per document as a form XObject at size 1, which every page places with its own transform. */
interface StampLine {
  ref: PDFRef;
  /** Width at size 1. */
  width: number;
}

// Laying out text with fontkit is most of the cost of a stamp; each line is laid out once per document, not per page.
function createStampLine(
  document: PDFDocument,
  font: PDFFont,
  text: string,
  paint: { gray: number; opacity?: number },
): StampLine {
  const width = font.widthOfTextAtSize(text, 1);
  const operators = [beginText(), setFontAndSize('F', 1), setFillingGrayscaleColor(paint.gray)];
  if (paint.opacity !== undefined) operators.unshift(setGraphicsState('GS'));
  operators.push(showText(font.encodeText(text)), endText());
  const stream = document.context.formXObject(operators, {
    BBox: [0, -0.3, width, 1.2],
    Resources: {
      Font: { F: font.ref },
      ...(paint.opacity === undefined
        ? {}
        : { ExtGState: { GS: { Type: 'ExtGState', ca: paint.opacity, CA: paint.opacity } } }),
    },
  });
  return { ref: document.context.register(stream), width };
}

/** Operators that draw the XObject `name` at `size` from the page-space point `at`, turned `angle` degrees counter-clockwise. */
function placeLine(name: PDFName, size: number, at: { x: number; y: number }, angle: number): PDFOperator[] {
  const radians = (angle * Math.PI) / 180;
  const cos = Math.cos(radians) * size;
  const sin = Math.sin(radians) * size;
  return [
    pushGraphicsState(),
    concatTransformationMatrix(cos, sin, -sin, cos, at.x, at.y),
    drawObject(name),
    popGraphicsState(),
  ];
}

/** What is drawn on every page: the footer in a long and a short form (for narrow pages), and the diagonal. */
interface Stamp {
  opening: PDFRef;
  closing: PDFRef;
  footer: StampLine;
  shortFooter: StampLine;
  diagonal: StampLine;
}

function stampPage(document: PDFDocument, page: PDFPage, stamp: Stamp): void {
  const { diagonal } = stamp;
  const view = viewOf(page);
  const room = Math.max(view.width - 2 * MARGIN, 1);
  // The long footer (with the document's title) where it fits at a readable size; else the short one, made to fit.
  const footer = room / stamp.footer.width >= FOOTER_MIN_SIZE ? stamp.footer : stamp.shortFooter;
  const footerSize = Math.min(FOOTER_SIZE, room / footer.width);
  const footerAt = view.toPage(MARGIN, Math.min(MARGIN / 2 + 2, view.height / 4));

  // The diagonal runs corner to corner through the centre, sized to leave a margin at both ends.
  const slope = Math.atan2(view.height, view.width);
  const length = Math.hypot(view.width, view.height) * 0.8;
  const diagonalSize = Math.max(FOOTER_MIN_SIZE, Math.min(DIAGONAL_MAX_SIZE, length / diagonal.width));
  const textWidth = diagonal.width * diagonalSize;
  const textHeight = diagonalSize * 0.7;
  // Start so that the line's middle sits on the page's centre.
  const u = view.width / 2 - (Math.cos(slope) * textWidth) / 2 + (Math.sin(slope) * textHeight) / 2;
  const v = view.height / 2 - (Math.sin(slope) * textWidth) / 2 - (Math.cos(slope) * textHeight) / 2;

  page.node.normalize();
  // Fresh names, so that a page already carrying XObjects (a copy watermarked before, say) keeps its own.
  const footerName = page.node.newXObject('TillitFooter', footer.ref);
  const diagonalName = page.node.newXObject('TillitDiagonal', diagonal.ref);
  // The page's own drawing may leave a transform or colour set; wrapping it in q … Q puts the stamp in page space
  // (a page without content has nothing to wrap). The stamp's stream is tiny, so it is left uncompressed:
  // deflating one per page costs more than it saves.
  page.node.wrapContentStreams(stamp.opening, stamp.closing);
  const drawing = PDFContentStream.of(
    document.context.obj({}),
    [
      ...placeLine(footerName, footerSize, footerAt, view.angle),
      ...placeLine(diagonalName, diagonalSize, view.toPage(u, v), view.angle + (slope * 180) / Math.PI),
    ],
    false,
  );
  page.node.addContentStream(document.context.register(drawing));
}
