import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** What the mail is for, so that tests and the outbox viewer can find it. */
  kind: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/**
 * Writes each mail as a JSON file into a folder: the local default, where no mail server
 * exists. One file per mail, named so that they sort by time.
 */
export function createFileMailer(dir: string): Mailer {
  let counter = 0;
  return {
    async send(mail) {
      await mkdir(dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${String(counter++).padStart(4, '0')}-${mail.kind}.json`;
      await writeFile(
        join(dir, name),
        JSON.stringify({ ...mail, sentAt: new Date().toISOString() }, null, 2),
      );
    },
  };
}

/** Keeps mails in memory; for tests. */
export function createMemoryMailer(): Mailer & { sent: Mail[] } {
  const sent: Mail[] = [];
  return {
    sent,
    send(mail) {
      sent.push(mail);
      return Promise.resolve();
    },
  };
}

/**
 * Sends mail through an SMTP server (`smtp://user:pass@host:587`, `smtps://…:465`), one
 * connection per mail; plain text in UTF-8, so Chinese subjects and bodies arrive intact.
 */
export function createSmtpMailer(url: string, from: string): Mailer & { close(): void } {
  const transport = createTransport(url, { from });
  return {
    async send(mail) {
      await transport.sendMail({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        headers: { 'X-Jiedui-Kind': mail.kind },
      });
    },
    close() {
      transport.close();
    },
  };
}
