/**
 * A published change to the subprocessor list, as the subprocessor service reports it to whoever must
 * hear of it: the updates (a draft update is created for staff to post) and the subscribers (a GDPR
 * Art. 28 notice ahead of the effective date).
 */
export interface SubprocessorChange {
  /** `added`: a new subprocessor; `changed`: what it does or where changed; `ended`: it stops processing. */
  kind: 'added' | 'changed' | 'ended';
  slug: string;
  name: string;
  /** The day the change takes effect (ISO date): the since date, or the until date for `ended`. */
  effectiveOn: string;
  /** One or two plain sentences saying what changed, in English (for the draft update and the notice). */
  summary: string;
  /** The same in Swedish, when the subprocessor has a Swedish purpose; else null. */
  summarySv: string | null;
}
