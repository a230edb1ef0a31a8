import nodemailer from 'nodemailer';

/** One message as the outbox hands it to a transport. */
export interface TransportMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers: Record<string, string>;
}

/** Where the outbox sends mail (SMTP in production; the port tests can replace). */
export interface MailTransport {
  /** Sends one message; throws MailSendError when the server refuses it or cannot be reached. */
  send(message: TransportMessage): Promise<void>;
  /** Closes any open connections. */
  close(): void;
}

/** Builds a transport; the container calls it once. */
export type MailTransportFactory = () => MailTransport;

/** A failed send, reduced to what may be logged and stored: a code and a short reason, never a secret. */
export class MailSendError extends Error {
  override name = 'MailSendError';
  constructor(
    /** nodemailer's code (ECONNECTION, EAUTH, EENVELOPE…) or SMTP when there is none. */
    readonly code: string,
    /** The SMTP reply code, when the server answered. */
    readonly responseCode: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** Longest reason kept from a failed send. */
const REASON_MAX_LENGTH = 200;

function readSecrets(smtpUrl: string): string[] {
  try {
    const url = new URL(smtpUrl);
    return [url.password, decodeURIComponent(url.password), url.username, decodeURIComponent(url.username)].filter(
      (part) => part.length >= 3,
    );
  } catch {
    return [];
  }
}

/** A failure as a MailSendError whose message has the URL's user name and password blanked out. */
function toMailSendError(error: unknown, secrets: string[]): MailSendError {
  const fields: { code?: unknown; responseCode?: unknown; message?: unknown } =
    typeof error === 'object' && error !== null ? error : {};
  const code = typeof fields.code === 'string' && /^[A-Z0-9_]{1,40}$/.test(fields.code) ? fields.code : 'SMTP';
  const responseCode = typeof fields.responseCode === 'number' ? fields.responseCode : undefined;
  let reason = typeof fields.message === 'string' ? fields.message : String(error);
  for (const secret of secrets) reason = reason.split(secret).join('***');
  // One line: the reason is shown on a staff page and kept in a column, not a log of the SMTP dialogue.
  reason = reason.replace(/\s+/g, ' ').trim().slice(0, REASON_MAX_LENGTH);
  return new MailSendError(code, responseCode, reason);
}

/** A transport over the SMTP server that `smtpUrl` names (smtp:// or smtps://, credentials in the URL). */
export function createSmtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpUrl);
  const secrets = readSecrets(smtpUrl);
  return {
    async send(message) {
      try {
        await transporter.sendMail({
          from: message.from,
          // An address object, so nodemailer takes the checked address as it is and parses nothing out of it.
          to: { name: '', address: message.to },
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: message.headers,
          // Addresses only from the fields above; never read from the body or a header.
          disableFileAccess: true,
          disableUrlAccess: true,
        });
      } catch (error) {
        throw toMailSendError(error, secrets);
      }
    },
    close() {
      transporter.close();
    },
  };
}
