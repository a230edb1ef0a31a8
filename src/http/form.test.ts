import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sortByFieldOrder, toFieldErrors } from './form.js';

const schema = z.object({
  name: z.string().trim().min(1, { error: 'Name is required' }).max(5, { error: 'Name is too long' }),
  order: z.string().regex(/^\d+$/, { error: 'Order is a number' }),
});

describe('toFieldErrors', () => {
  it('gives one error per field, its first problem, in form order', () => {
    const issues = schema.safeParse({ order: 'x', name: '' }).error?.issues ?? [];
    expect(toFieldErrors(issues, { order: ['name', 'order'] })).toEqual([
      { field: 'name', message: 'Name is required' },
      { field: 'order', message: 'Order is a number' },
    ]);
  });

  const issues = schema.safeParse({ name: 'far too long', order: 'x' }).error?.issues ?? [];

  it('puts every problem on one field when asked, and words them our way', () => {
    expect(toFieldErrors(issues, { field: 'whole' })).toEqual([{ field: 'whole', message: 'Name is too long' }]);
    expect(toFieldErrors(issues, { word: (issue, field) => `${field}: ${issue.code}` })).toEqual([
      { field: 'name', message: 'name: too_big' },
      { field: 'order', message: 'order: invalid_format' },
    ]);
  });

  it('orders errors from several sources by the form', () => {
    const errors = [
      { field: 'order', message: 'b' },
      { field: 'name', message: 'a' },
    ];
    expect(sortByFieldOrder(errors, ['name', 'order']).map((error) => error.field)).toEqual(['name', 'order']);
  });
});
