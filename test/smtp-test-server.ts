import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message the test server received, decoded enough for assertions. */
export interface ReceivedMail {
  /** The envelope sender (MAIL FROM). */
  envelopeFrom: string;
  /** The envelope recipients (RCPT TO). */
  envelopeTo: string[];
  /** Header values by lower-case name (the last one when repeated), encoded words decoded. */
  headers: Map<string, string>;
  from: string;
  to: string;
  subject: string;
  /** The text/plain part, transfer encoding undone, as UTF-8. */
  text: string;
  /** The text/html part, when there is one. */
  html: string | undefined;
  /** The message exactly as received. */
  raw: string;
}

/** A real SMTP server on 127.0.0.1 for tests: it keeps what it receives and can be made to fail. */
export interface SmtpTestServer {
  /** The port it listens on; the same after stop() and start(). */
  readonly port: number;
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  readonly url: string;
  /** Every message received so far, oldest first. */
  readonly messages: ReceivedMail[];
  /** The first message (already received or still to come) that matches; rejects after `timeoutMs`. */
  waitForMessage(predicate?: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Answers every MAIL FROM with this temporary failure (451 by default) until accept() is called. */
  refuse(responseCode?: number): void;
  /** Accepts mail again after refuse(). */
  accept(): void;
  /** Listens again on the same port after stop() (a port nobody listens on refuses connections). */
  start(): Promise<void>;
  /** Stops listening and drops open connections; call it in afterAll. */
  stop(): Promise<void>;
}

function decodeEncodedWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=(\s+(?==\?))?/g, (_all, _charset, encoding: string, text) => {
    if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
    const bytes = text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m: string, hex: string) => `%${hex}`);
    return decodeURIComponent(bytes);
  });
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  // The message is read byte for byte; headers may carry raw UTF-8 (SMTPUTF8 addresses).
  const text = Buffer.from(block, 'binary').toString('utf8');
  for (const line of text.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), decodeEncodedWords(line.slice(colon + 1).trim()));
  }
  return headers;
}

function splitHeadersAndBody(source: string): [string, string] {
  const match = /\r?\n\r?\n/.exec(source);
  return match ? [source.slice(0, match.index), source.slice(match.index + match[0].length)] : [source, ''];
}

function decodeBody(body: string, transferEncoding: string | undefined): string {
  const encoding = (transferEncoding ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const softBreaksRemoved = body.replace(/=\r?\n/g, '');
    const bytes: number[] = [];
    for (let index = 0; index < softBreaksRemoved.length; index++) {
      const hex = softBreaksRemoved.slice(index + 1, index + 3);
      if (softBreaksRemoved[index] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
        bytes.push(Number.parseInt(hex, 16));
        index += 2;
      } else {
        bytes.push(...Buffer.from(softBreaksRemoved[index] ?? '', 'utf8'));
      }
    }
    return Buffer.from(bytes).toString('utf8');
  }
  return Buffer.from(body, 'binary').toString('utf8');
}

/** The text and HTML parts of a single-part or multipart message. */
function readParts(headers: Map<string, string>, body: string): { text: string; html: string | undefined } {
  const contentType = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!/^multipart\//i.test(contentType) || boundary === undefined) {
    const decoded = decodeBody(body, headers.get('content-transfer-encoding'))
      .replace(/\r\n/g, '\n')
      .replace(/\n$/, '');
    return /^text\/html/i.test(contentType) ? { text: '', html: decoded } : { text: decoded, html: undefined };
  }
  let text = '';
  let html: string | undefined;
  for (const part of body.split(`--${boundary}`).slice(1)) {
    if (part.startsWith('--')) break;
    const [partHeaderBlock, partBody] = splitHeadersAndBody(part.replace(/^\r?\n/, ''));
    const inner = readParts(parseHeaders(partHeaderBlock), partBody.replace(/\r?\n$/, ''));
    if (text === '' && inner.text !== '') text = inner.text;
    html ??= inner.html;
  }
  return { text, html };
}

function parseMessage(raw: string, envelopeFrom: string, envelopeTo: string[]): ReceivedMail {
  const [headerBlock, body] = splitHeadersAndBody(raw);
  const headers = parseHeaders(headerBlock);
  return {
    envelopeFrom,
    envelopeTo,
    headers,
    from: headers.get('from') ?? '',
    to: headers.get('to') ?? '',
    subject: headers.get('subject') ?? '',
    ...readParts(headers, body),
    raw,
  };
}

/** Starts an SMTP server on 127.0.0.1 on a free port, without TLS or required authentication. */
export async function startSmtpTestServer(): Promise<SmtpTestServer> {
  const messages: ReceivedMail[] = [];
  const waiters: { predicate: (mail: ReceivedMail) => boolean; resolve: (mail: ReceivedMail) => void }[] = [];
  let refusalCode: number | undefined;
  let server: SMTPServer | undefined;
  let port = 0;

  const listen = async () => {
    const instance = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 50,
      onMailFrom(_address, _session, callback) {
        if (refusalCode === undefined) return callback();
        const error: Error & { responseCode?: number } = new Error('Try again later (test server refusing)');
        error.responseCode = refusalCode;
        callback(error);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          const mail = parseMessage(
            Buffer.concat(chunks).toString('binary'),
            envelopeFrom,
            session.envelope.rcptTo.map((recipient) => recipient.address),
          );
          messages.push(mail);
          for (const waiter of [...waiters]) {
            if (waiter.predicate(mail)) {
              waiters.splice(waiters.indexOf(waiter), 1);
              waiter.resolve(mail);
            }
          }
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      instance.server.once('error', reject);
      instance.listen(port, '127.0.0.1', () => resolve());
    });
    port = (instance.server.address() as AddressInfo).port;
    server = instance;
  };
  await listen();

  return {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    messages,
    waitForMessage(predicate = () => true, timeoutMs = 5000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (mail: ReceivedMail) => {
            clearTimeout(timer);
            resolve(mail);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no matching mail within ${timeoutMs} ms (${messages.length} received)`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    refuse(responseCode = 451) {
      refusalCode = responseCode;
    },
    accept() {
      refusalCode = undefined;
    },
    async start() {
      if (!server) await listen();
    },
    async stop() {
      const instance = server;
      server = undefined;
      if (instance) await new Promise<void>((resolve) => instance.close(() => resolve()));
    },
  };
}
