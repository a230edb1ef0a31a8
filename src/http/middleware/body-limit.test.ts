import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieClient, createAdminTestApp } from '../../../test/create-admin-test-app.js';
import { serveFetch } from '../../../test/e2e-support.js';
import { BODY_LIMITS } from './body-limit.js';

type TestApp = Awaited<ReturnType<typeof createAdminTestApp>>;

/** What came back on a raw connection: the status line's code, the headers, and how much we sent. */
interface RawAnswer {
  status: number;
  headers: Map<string, string>;
  bytesSent: number;
}

/**
 * Sends a request head on a raw socket and then, for a chunked body, keeps streaming 64 KB
 * chunks (up to `maxChunkedBytes`) until the server answers or closes. A declared Content-Length
 * is never followed by its body: the server must answer from the head alone.
 */
function sendRaw(
  baseUrl: string,
  options: { path: string; headers: Record<string, string>; chunked?: boolean; maxChunkedBytes?: number },
): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let received = '';
    let bytesSent = 0;
    let isAnswered = false;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within 10 s (sent ${bytesSent} bytes)`));
    }, 10_000);
    const finish = () => {
      const headEnd = received.indexOf('\r\n\r\n');
      if (headEnd === -1) return false;
      const [statusLine = '', ...headerLines] = received.slice(0, headEnd).split('\r\n');
      const headers = new Map(
        headerLines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()] as [string, string];
        }),
      );
      isAnswered = true;
      clearTimeout(timer);
      resolve({ status: Number(statusLine.split(' ')[1]), headers, bytesSent });
      socket.destroy();
      return true;
    };
    socket.on('data', (data) => {
      received += data.toString('latin1');
      finish();
    });
    socket.on('error', () => {
      if (!isAnswered && !finish()) {
        clearTimeout(timer);
        reject(new Error(`connection failed before an answer (sent ${bytesSent} bytes)`));
      }
    });
    socket.on('connect', () => {
      const head = [
        `POST ${options.path} HTTP/1.1`,
        `Host: ${hostname}:${port}`,
        ...Object.entries(options.headers).map(([name, value]) => `${name}: ${value}`),
        ...(options.chunked ? ['Transfer-Encoding: chunked'] : []),
        '',
        '',
      ].join('\r\n');
      socket.write(head);
      if (!options.chunked) return;
      const limit = options.maxChunkedBytes ?? 256 * 1024 * 1024;
      const pump = () => {
        while (!isAnswered && !socket.destroyed && bytesSent < limit) {
          bytesSent += chunk.length;
          const isFlushed =
            socket.write(`${chunk.length.toString(16)}\r\n`) && socket.write(chunk) && socket.write('\r\n');
          if (!isFlushed) {
            socket.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
  });
}

const HUGE = String(200 * 1024 * 1024);

describe('request body limits', () => {
  let testApp: TestApp;
  let server: Awaited<ReturnType<typeof serveFetch>>;
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    testApp = await createAdminTestApp({ content: 'minimal' });
    server = await serveFetch((request) => testApp.app.fetch(request));
    await testApp.createUser('viewer@example.com', 'correct horse battery staple', 'viewer');
    await testApp.createUser('editor@example.com', 'correct horse battery staple', 'editor');
    for (const role of ['viewer', 'editor']) {
      const client = new CookieClient(testApp.app);
      await client.signInForToken(`${role}@example.com`, 'correct horse battery staple');
      cookies.set(role, [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
  });
  afterAll(async () => {
    await server.close();
    await testApp.close();
  });

  it('answers an anonymous 200 MB sign-in post with 413 from its head alone, and closes the connection', async () => {
    const answer = await sendRaw(server.baseUrl, {
      path: '/admin/sign-in',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': HUGE },
    });
    expect(answer.status).toBe(413);
    expect(answer.headers.get('connection')).toBe('close');
  });

  it('stops reading a chunked anonymous body at the sign-in limit', async () => {
    const answer = await sendRaw(server.baseUrl, {
      path: '/admin/sign-in',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      chunked: true,
    });
    expect(answer.status).toBe(413);
    // The server drops the rest; far less than the 256 MB the sender would have pushed.
    expect(answer.bytesSent).toBeLessThan(100 * 1024 * 1024);
  });

  it('refuses an anonymous change anywhere else with 401 before reading its body', async () => {
    for (const path of ['/admin/entries', '/admin/questionnaires', '/admin/library', '/admin/settings']) {
      const answer = await sendRaw(server.baseUrl, {
        path,
        headers: { 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': HUGE },
      });
      expect({ path, status: answer.status }).toEqual({ path, status: 401 });
    }
  });

  it('refuses a body on the public surface over the anonymous limit', async () => {
    const answer = await sendRaw(server.baseUrl, {
      path: '/search',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': HUGE },
    });
    expect(answer.status).toBe(413);
    const small = await testApp.app.request('http://localhost/', { method: 'POST', body: 'x'.repeat(1000) });
    expect(small.status).toBe(404);
  });

  it('checks the upload permission before reading an upload', async () => {
    const answer = await sendRaw(server.baseUrl, {
      path: '/admin/questionnaires',
      headers: {
        Cookie: cookies.get('viewer') ?? '',
        'Content-Type': 'multipart/form-data; boundary=x',
        'Content-Length': String(15 * 1024 * 1024),
      },
    });
    expect(answer.status).toBe(403);
  });

  it('gives staff forms the form limit and uploads the upload limit', async () => {
    const editor = cookies.get('editor') ?? '';
    const form = await sendRaw(server.baseUrl, {
      path: '/admin/entries',
      headers: {
        Cookie: editor,
        'Content-Type': 'application/x-www-form-urlencoded',
        'Content-Length': String(BODY_LIMITS.formBytes + 1),
      },
    });
    expect(form.status).toBe(413);
    const upload = await sendRaw(server.baseUrl, {
      path: '/admin/questionnaires',
      headers: { Cookie: editor, 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': HUGE },
    });
    expect(upload.status).toBe(413);
  });

  it('still takes an ordinary signed-in form and says what was too large on the page', async () => {
    const client = new CookieClient(testApp.app);
    const token = await client.signInForToken('editor@example.com', 'correct horse battery staple');
    const tooLarge = await client.post('/admin/entries', { _csrf: token, answer: 'a'.repeat(BODY_LIMITS.formBytes) });
    expect(tooLarge.response.status).toBe(413);
    expect(tooLarge.text).toContain('more than 1 MB');
    const ordinary = await client.post('/admin/entries', { _csrf: token, answer: 'å'.repeat(20_000) });
    expect(ordinary.response.status).toBe(400);
  });
});
