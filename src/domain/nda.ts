/**
 * The non-disclosure agreement visitors accept before NDA documents: versioned texts, each known by
 * the SHA-256 of its Markdown, and acceptances that are never changed (only their personal details
 * can be blanked by an erasure).
 */

/** Length limits of an NDA version. */
export const NDA_LIMITS = { label: 80, body: 50_000 } as const;

/** One published NDA text. */
export interface NdaVersion {
  id: number;
  /** What staff call it, such as "2026-1". */
  label: string;
  /** The text, Markdown. */
  body: string;
  /** SHA-256 of the body as UTF-8, hex: what an acceptance names. */
  sha256: string;
  publishedAt: string;
  publishedBy: string;
}

/** One acceptance as staff see and export it. */
export interface NdaAcceptanceRecord {
  id: number;
  ndaVersionId: number;
  ndaLabel: string;
  ndaSha256: string;
  requestId: number;
  requesterId: number;
  acceptedAt: string;
  /** Blank once the requester was erased. */
  name: string;
  email: string;
  company: string;
  ip: string;
  userAgent: string;
  /** SHA-256 over the details as accepted; stays after an erasure. */
  evidenceSha256: string;
}

/** The fields the evidence digest covers, in this order, joined by newlines. */
export function ndaEvidenceText(details: {
  ndaSha256: string;
  name: string;
  email: string;
  company: string;
  ip: string;
  userAgent: string;
  acceptedAt: string;
}): string {
  return [
    details.ndaSha256,
    details.name,
    details.email,
    details.company,
    details.ip,
    details.userAgent,
    details.acceptedAt,
  ].join('\n');
}
