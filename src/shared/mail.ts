/**
 * Outgoing mail through a real SMTP connection (nodemailer). Every mail is written to the table
 * `mails` first and updated with the result, so the platform can always show what was sent, what
 * failed and why. Without an SMTP host (a demo on a laptop) mails are logged as „nicht versendet“.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Clock } from './clock';
import type { Config } from './config';
import type { Db } from './db';
import { createMailRepository } from './mail.repository';

export interface MailInput {
  an: string;
  betreff: string;
  text: string;
  /** What the mail is about, e.g. `praedikat.verliehen`. */
  art: string;
  objectType?: string;
  objectId?: string;
  /**
   * What the mail log keeps instead of `text`, when the mail carries a secret (a one-time link)
   * that must exist nowhere but in the recipient's mailbox.
   */
  protokollText?: string;
}

export interface MailResult {
  id: string;
  status: 'versendet' | 'fehlgeschlagen' | 'nicht_versendet';
  fehler?: string;
}

export type Mailer = ReturnType<typeof createMailer>;

export function createMailer(settings: Config['mail'], db: Db, clock: Clock) {
  const repo = createMailRepository(db);
  let transporter: Transporter | undefined;
  const transport = () => {
    if (!settings.host) return undefined;
    transporter ??= nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      auth: settings.user ? { user: settings.user, pass: settings.password ?? '' } : undefined,
      // A slow or absent mail server must not hold a request for minutes.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    return transporter;
  };

  return {
    /**
     * Sends one mail and logs it. Never throws for a delivery problem: the result says what
     * happened (a failed notification must not undo an award).
     */
    async send(input: MailInput): Promise<MailResult> {
      const id = await repo.legeAn({ an: input.an, betreff: input.betreff, text: input.protokollText ?? input.text, art: input.art, objectType: input.objectType ?? null, objectId: input.objectId ?? null, status: 'in_arbeit', erstelltAm: clock.now() });
      const t = transport();
      if (!t) {
        await repo.setzeErgebnis(id, { status: 'nicht_versendet', fehler: 'Kein SMTP-Server eingerichtet (SMTP_HOST).' });
        return { id, status: 'nicht_versendet', fehler: 'Kein SMTP-Server eingerichtet (SMTP_HOST).' };
      }
      try {
        const info = await t.sendMail({ from: settings.from, to: input.an, subject: input.betreff, text: input.text, headers: { 'X-Digitales-Amt-Art': input.art } });
        await repo.setzeErgebnis(id, { status: 'versendet', messageId: info.messageId, versendetAm: clock.now() });
        return { id, status: 'versendet' };
      } catch (e) {
        const fehler = (e as Error).message.slice(0, 500);
        await repo.setzeErgebnis(id, { status: 'fehlgeschlagen', fehler });
        return { id, status: 'fehlgeschlagen', fehler };
      }
    },

    close() {
      transporter?.close();
    },
  };
}
