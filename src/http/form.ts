import type { Context, Env } from 'hono';
import type { z } from 'zod';
import type { FieldError } from '../views/components/admin-form.js';

/** How the problems of a posted form become the errors its page shows beside each field. */
export interface FieldErrorOptions {
  /** Put every problem on this field, for a schema that checks a single value. */
  field?: string;
  /** The fields in the order the form shows them, so the error summary reads top to bottom. */
  order?: readonly string[];
  /** Our wording of a problem; the schema's own message by default. */
  word?: (issue: z.core.$ZodIssue, field: string) => string;
}

/** Errors of several sources (the form, the service) in the order the form shows its fields. */
export function sortByFieldOrder(errors: readonly FieldError[], order: readonly string[]): FieldError[] {
  return [...errors].sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
}

/** One error per field, its first problem (the most basic one, such as "required"), in form order. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[], options: FieldErrorOptions = {}): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const field = options.field ?? String(issue.path[0] ?? '');
    if (errors.some((error) => error.field === field)) continue;
    errors.push({ field, message: options.word ? options.word(issue, field) : issue.message });
  }
  return options.order ? sortByFieldOrder(errors, options.order) : errors;
}

/** A posted form as the handler gets it: its typed data, or what is wrong, one error per field. */
export type ParsedForm<Data> = { ok: true; data: Data } | { ok: false; errors: FieldError[] };

/**
 * Reads the posted form and checks it with `schema`: the typed data, or the first problem of each
 * field (worded and ordered by `options`). With `all`, a field sent more than once is a list.
 */
export async function parseForm<E extends Env, Schema extends z.ZodType>(
  c: Context<E>,
  schema: Schema,
  options: FieldErrorOptions & { all?: boolean } = {},
): Promise<ParsedForm<z.output<Schema>>> {
  const parsed = schema.safeParse(await c.req.parseBody({ all: options.all ?? false }));
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, errors: toFieldErrors(parsed.error.issues, options) };
}

/** A form field's text, trimmed; anything that is not text (a missing field, a file) reads as empty. */
export function readFormText(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}
