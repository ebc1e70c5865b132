/** The only place with SQL for the mail log (`mails`): every outgoing mail and its result. */
import { eq } from 'drizzle-orm';
import type { Db } from './db';
import { mails } from './schema';

export type MailRepository = ReturnType<typeof createMailRepository>;
export type MailRow = typeof mails.$inferSelect;

export const createMailRepository = (db: Db) => ({
  /** Logs a mail before it is sent; returns its id. */
  async legeAn(values: typeof mails.$inferInsert): Promise<string> {
    const [row] = await db.insert(mails).values(values).returning({ id: mails.id });
    return row.id;
  },

  /** Records what became of a mail. */
  async setzeErgebnis(id: string, set: Partial<MailRow>): Promise<void> {
    await db.update(mails).set(set).where(eq(mails.id, id));
  },
});
