import { raw } from 'hono/html';
import type { EntryStatus } from '../../../domain/content.js';
import { ENTRY_LIMITS, REVIEW_INTERVAL_DAYS } from '../../../domain/entry-rules.js';
import type { ShortAnswer } from '../../../domain/short-answer.js';
import type { AdminMessages } from '../../../i18n/admin-en.js';
import { type FieldError, FieldLabel, FormField } from '../../components/admin-form.js';

/** The entry form exactly as typed, so a form with problems can be shown again unchanged. */
export interface EntryFormValues {
  slug: string;
  question: string;
  answer: string;
  category: string;
  tags: string[];
  owner: string;
  /** Empty means "use the category default". */
  reviewIntervalDays: string;
  /** One phrasing per line. */
  alternativePhrasings: string;
  /** Control ids separated by commas or spaces. */
  controls: string;
  /** One of SHORT_ANSWERS, or empty for none. */
  shortAnswer: string;
  /** Empty means "the answer goes into questionnaires". */
  questionnaireWording: string;
  /** The Swedish translation; every Swedish field empty means not translated yet. */
  svQuestion: string;
  svAnswer: string;
  /** One phrasing per line. */
  svAlternativePhrasings: string;
  svQuestionnaireWording: string;
}

/** The short answers as the form labels them, "none" first. */
export function listShortAnswerOptions(messages: AdminMessages): { value: ShortAnswer | ''; label: string }[] {
  return [
    { value: '', label: messages.entryShortAnswerNone },
    { value: 'yes', label: messages.entryShortAnswerYes },
    { value: 'no', label: messages.entryShortAnswerNo },
    { value: 'partial', label: messages.entryShortAnswerPartial },
    { value: 'not_applicable', label: messages.entryShortAnswerNotApplicable },
  ];
}

/** A category or tag the form offers. */
export interface TaxonomyOption {
  slug: string;
  name: string;
  reviewIntervalDays?: number;
}

/** A short label per status, shown as text (never colour alone). */
export function statusLabel(messages: AdminMessages, status: EntryStatus): string {
  const labels: Record<EntryStatus, string> = {
    draft: messages.entryStatusDraft,
    in_review: messages.entryStatusInReview,
    published: messages.entryStatusPublished,
    archived: messages.entryStatusArchived,
  };
  return labels[status];
}

/** The status badge of an entry. */
export function StatusBadge(props: { messages: AdminMessages; status: EntryStatus }) {
  const className = props.status === 'published' ? 'pill' : props.status === 'archived' ? 'chip chip-static' : 'chip';
  return <span class={className}>{statusLabel(props.messages, props.status)}</span>;
}

/** The review-freshness badge: due soon or overdue, with the due date. */
export function FreshnessBadge(props: {
  messages: AdminMessages;
  freshness: 'fresh' | 'due' | 'overdue';
  dueOn: string;
}) {
  const { messages } = props;
  const date = <time datetime={props.dueOn}>{props.dueOn}</time>;
  if (props.freshness === 'overdue') {
    return (
      <span class="pill">
        <strong>{messages.entryFreshnessOverdue}</strong> {messages.entryDueSince} {date}
      </span>
    );
  }
  if (props.freshness === 'due') {
    return (
      <span class="chip">
        {messages.entryFreshnessDue} {date}
      </span>
    );
  }
  return (
    <span class="reviewed">
      {messages.entryNextReview} {date}
    </span>
  );
}

/** The entry's fields; the surrounding form and buttons belong to the page. */
export function EntryFields(props: {
  messages: AdminMessages;
  values: EntryFormValues;
  errors: FieldError[];
  categories: TaxonomyOption[];
  tags: TaxonomyOption[];
  /** Shown only when creating: the slug cannot change afterwards. */
  withSlug: boolean;
  /** Rendered answer HTML (already sanitized) to show under the answer field. */
  previewHtml?: string;
}) {
  const { messages, values } = props;
  const errorFor = (field: string) => {
    const found = props.errors.filter((error) => error.field === field).map((error) => error.message);
    return found.length > 0 ? found.join(' ') : undefined;
  };
  const tagsError = errorFor('tags');
  const categoryError = errorFor('category');
  return (
    <>
      {props.withSlug && (
        <FormField
          type="text"
          size={60}
          autocomplete="off"
          messages={messages}
          id="slug"
          maxlength={ENTRY_LIMITS.slug}
          label={messages.entrySlugLabel}
          value={values.slug}
          hint={messages.entrySlugHint(ENTRY_LIMITS.slug)}
          error={errorFor('slug')}
          required
        />
      )}
      <div class="two-column">
        <fieldset>
          <legend>{messages.entryEnglishLegend}</legend>
          <FormField
            type="text"
            size={60}
            autocomplete="off"
            messages={messages}
            id="question"
            maxlength={ENTRY_LIMITS.question}
            label={messages.entryQuestionLabel}
            value={values.question}
            hint={messages.entryQuestionHint(ENTRY_LIMITS.question)}
            error={errorFor('question')}
            required
          />
          <FormField
            type="textarea"
            messages={messages}
            id="answer"
            label={messages.entryAnswerLabel}
            value={values.answer}
            rows={12}
            hint={messages.entryAnswerHint(ENTRY_LIMITS.answer)}
            error={errorFor('answer')}
            required
          />
          {props.previewHtml !== undefined && (
            <section class="card" aria-labelledby="preview-title">
              <h2 id="preview-title">{messages.entryPreviewTitle}</h2>
              <p class="count-line">{messages.entryPreviewNotSaved}</p>
              <div class="answer">{raw(props.previewHtml)}</div>
            </section>
          )}
          <FormField
            type="textarea"
            messages={messages}
            id="alternativePhrasings"
            label={messages.entryPhrasingsLabel}
            value={values.alternativePhrasings}
            rows={4}
            hint={messages.entryPhrasingsHint(ENTRY_LIMITS.phrasings)}
            error={errorFor('alternativePhrasings')}
          />
          <FormField
            type="textarea"
            messages={messages}
            id="questionnaireWording"
            label={messages.entryWordingLabel}
            value={values.questionnaireWording}
            rows={4}
            hint={messages.entryWordingHint(ENTRY_LIMITS.questionnaireWording)}
            error={errorFor('questionnaireWording')}
          />
        </fieldset>
        <fieldset>
          <legend>{messages.entrySwedishLegend}</legend>
          <p class="count-line">{messages.entrySwedishHint}</p>
          <FormField
            type="text"
            size={60}
            autocomplete="off"
            messages={messages}
            id="svQuestion"
            maxlength={ENTRY_LIMITS.question}
            label={messages.entrySvQuestionLabel}
            value={values.svQuestion}
            error={errorFor('svQuestion')}
          />
          <FormField
            type="textarea"
            messages={messages}
            id="svAnswer"
            label={messages.entrySvAnswerLabel}
            value={values.svAnswer}
            rows={12}
            hint={messages.entrySvAnswerHint}
            error={errorFor('svAnswer')}
          />
          <FormField
            type="textarea"
            messages={messages}
            id="svAlternativePhrasings"
            label={messages.entrySvPhrasingsLabel}
            value={values.svAlternativePhrasings}
            rows={4}
            error={errorFor('svAlternativePhrasings')}
          />
          <FormField
            type="textarea"
            messages={messages}
            id="svQuestionnaireWording"
            label={messages.entrySvWordingLabel}
            value={values.svQuestionnaireWording}
            rows={4}
            error={errorFor('svQuestionnaireWording')}
          />
        </fieldset>
      </div>
      <p>
        <button type="submit" name="intent" value="preview">
          {messages.entryPreviewButton}
        </button>
      </p>
      <div>
        <FieldLabel messages={messages} id="category" label={messages.entryCategoryLabel} error={categoryError} />
        <p>
          <select
            id="category"
            name="category"
            required
            aria-invalid={categoryError ? 'true' : undefined}
            aria-describedby={categoryError ? 'category-error' : undefined}
          >
            <option value="" selected={values.category === ''}>
              {messages.entryChooseCategory}
            </option>
            {props.categories.map((category) => (
              <option value={category.slug} selected={category.slug === values.category}>
                {category.name}
              </option>
            ))}
          </select>
        </p>
      </div>
      <fieldset id="tags" class="filter-row" aria-describedby={tagsError ? 'tags-error' : undefined}>
        <legend>{messages.entryTagsLabel}</legend>
        {tagsError && (
          <p id="tags-error">
            <strong>{messages.errorPrefix}</strong> {tagsError}
          </p>
        )}
        <div class="chips">
          {props.tags.map((tag) => (
            <label class="chip chip-check">
              <input type="checkbox" name="tags" value={tag.slug} checked={values.tags.includes(tag.slug)} /> {tag.name}
            </label>
          ))}
        </div>
      </fieldset>
      <FormField
        type="text"
        size={60}
        autocomplete="off"
        messages={messages}
        id="owner"
        maxlength={ENTRY_LIMITS.owner}
        label={messages.entryOwnerLabel}
        value={values.owner}
        hint={messages.entryOwnerHint}
        error={errorFor('owner')}
        required
      />
      <FormField
        type="text"
        autocomplete="off"
        messages={messages}
        id="reviewIntervalDays"
        label={messages.entryIntervalLabel}
        value={values.reviewIntervalDays}
        hint={messages.entryIntervalHint(REVIEW_INTERVAL_DAYS.max)}
        error={errorFor('reviewIntervalDays')}
        inputMode="numeric"
        size={6}
      />
      <FormField
        type="text"
        size={60}
        autocomplete="off"
        messages={messages}
        id="controls"
        label={messages.entryControlsLabel}
        value={values.controls}
        hint={messages.entryControlsHint(ENTRY_LIMITS.controls)}
        error={errorFor('controls')}
      />
      <FormField
        type="select"
        messages={messages}
        id="shortAnswer"
        label={messages.entryShortAnswerLabel}
        value={values.shortAnswer}
        options={listShortAnswerOptions(messages)}
        hint={messages.entryShortAnswerHint}
        error={errorFor('shortAnswer')}
      />
    </>
  );
}
