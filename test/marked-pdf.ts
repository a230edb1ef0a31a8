import { PDFDocument, PDFName, PDFString } from 'pdf-lib';

const MARKER_KEY = PDFName.of('TillitTestMarker');

/**
 * A real one-page PDF (one the watermarker can stamp) whose page carries `marker` as a plain string: readable in the
 * file's raw bytes, since it is saved without object streams, and after stamping through readPdfMarker().
 */
export async function buildMarkedPdf(marker: string): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  document.addPage([595, 842]).node.set(MARKER_KEY, PDFString.of(marker));
  return document.save({ useObjectStreams: false });
}

/** The marker of the first page of a PDF made by buildMarkedPdf (stamped or not); undefined when it has none. */
export async function readPdfMarker(bytes: Uint8Array): Promise<string | undefined> {
  const document = await PDFDocument.load(bytes);
  const value = document.getPage(0).node.get(MARKER_KEY);
  return value instanceof PDFString ? value.decodeText() : undefined;
}
