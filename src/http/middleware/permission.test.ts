import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/errors.js';
import type { Actor, Role } from '../../domain/staff.js';
import { requirePermission } from './permission.js';
import type { AdminEnv } from './session.js';

/** An app whose actor comes from a test header, guarding one route with `administer`. */
function createGuardedApp() {
  const app = new Hono<AdminEnv>();
  app.use('*', async (c, next) => {
    const role = c.req.header('x-test-role');
    if (role) {
      const actor: Actor = {
        userId: 1,
        email: 'ada@example.test',
        name: 'Ada',
        role: role === 'admin' ? 'admin' : 'viewer',
      };
      c.set('actor', actor);
    }
    await next();
  });
  app.on(['GET', 'POST'], '/admin/users', requirePermission('administer'), (c) => c.text('users'));
  app.onError((error, c) =>
    c.text(
      error instanceof AppError ? error.code : 'internal',
      error instanceof AppError && error.code === 'forbidden' ? 403 : 401,
    ),
  );
  return app;
}

const as = (role: Role) => ({ 'x-test-role': role });

describe('requirePermission', () => {
  it('sends a signed-out page view to sign in with a local next', async () => {
    const response = await createGuardedApp().request('/admin/users?page=2');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin/sign-in?next=%2Fadmin%2Fusers%3Fpage%3D2');
  });

  it('answers 401 to a signed-out POST', async () => {
    const response = await createGuardedApp().request('/admin/users', { method: 'POST' });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('unauthorized');
  });

  it('answers 403 to an actor without the permission and lets a holder through', async () => {
    const app = createGuardedApp();
    const viewer = await app.request('/admin/users', { headers: as('viewer') });
    expect(viewer.status).toBe(403);
    const admin = await app.request('/admin/users', { headers: as('admin') });
    expect(admin.status).toBe(200);
    expect(await admin.text()).toBe('users');
  });
});
