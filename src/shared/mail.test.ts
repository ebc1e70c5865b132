import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../tests/support/db';
import { startTestSmtp, type TestSmtp } from '../../tests/support/smtp';
import { systemClock } from './clock';
import { testConfig } from './config';
import type { Database } from './db';
import { createMailer } from './mail';

let database: Database;
let smtp: TestSmtp;

beforeAll(async () => {
  database = await openTestDatabase();
  smtp = await startTestSmtp();
});
afterAll(async () => {
  await smtp.close();
  await database.close();
});

describe('mail', () => {
  it('sends through SMTP and logs the mail as sent', async () => {
    const mailer = createMailer(testConfig(smtp.env).mail, database.db, systemClock);
    const r = await mailer.send({ an: 'rathaus@gemeinde.example', betreff: 'Prädikat „Digitales Amt“ verliehen', text: 'Glückwunsch, Grüße aus München', art: 'test', objectType: 'behoerde', objectId: '095640000000' });
    expect(r.status).toBe('versendet');
    const [mail] = await smtp.waitFor(1);
    expect(mail.subject).toBe('Prädikat „Digitales Amt“ verliehen');
    expect(mail.text).toContain('Glückwunsch, Grüße aus München');
    expect((mail.to as { text: string }).text).toBe('rathaus@gemeinde.example');
    const [row] = (await database.db.execute(sql`select status, object_id from mails where id = ${r.id}`)).rows;
    expect(row).toEqual({ status: 'versendet', object_id: '095640000000' });
    mailer.close();
  });

  it('logs a failed delivery without throwing', async () => {
    const mailer = createMailer(testConfig({ SMTP_HOST: '127.0.0.1', SMTP_PORT: '1' }).mail, database.db, systemClock);
    const r = await mailer.send({ an: 'x@example.org', betreff: 'B', text: 'T', art: 'test' });
    expect(r.status).toBe('fehlgeschlagen');
    expect(r.fehler).toBeTruthy();
  });

  it('logs mails as not sent when no SMTP server is configured', async () => {
    const mailer = createMailer(testConfig().mail, database.db, systemClock);
    expect((await mailer.send({ an: 'x@example.org', betreff: 'B', text: 'T', art: 'test' })).status).toBe('nicht_versendet');
  });
});
