import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseForm, sortByFieldOrder, toFieldErrors } from './form.js';

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

describe('parseForm', () => {
  const app = new Hono();
  app.post('/one', async (c) => c.json(await parseForm(c, schema, { order: ['name', 'order'] })));
  app.post('/all', async (c) =>
    c.json(await parseForm(c, z.object({ tags: z.array(z.string()) }), { all: true, field: 'tags' })),
  );
  const post = async (path: string, body: URLSearchParams) =>
    (await app.request(path, { method: 'POST', body })).json();

  it('gives the typed data of a valid form', async () => {
    expect(await post('/one', new URLSearchParams({ name: ' Ann ', order: '3' }))).toEqual({
      ok: true,
      data: { name: 'Ann', order: '3' },
    });
  });

  it('gives one error per field, in form order, for an invalid form', async () => {
    expect(await post('/one', new URLSearchParams({ order: 'x', name: '' }))).toEqual({
      ok: false,
      errors: [
        { field: 'name', message: 'Name is required' },
        { field: 'order', message: 'Order is a number' },
      ],
    });
  });

  it('reads repeated fields as lists when asked', async () => {
    const body = new URLSearchParams([
      ['tags', 'a'],
      ['tags', 'b'],
    ]);
    expect(await post('/all', body)).toEqual({ ok: true, data: { tags: ['a', 'b'] } });
  });
});
