/**
 * The outreach send rate holds for all campaigns and instances together: two instances (two
 * services with their own connection pools on one database) each sending two campaigns at once
 * never put more than `mailsProMinute` mails into any 60 seconds of `versendet_am`, and every
 * mail goes out once, to a real local SMTP server.
 *
 * Time is a clock that moves only when a run waits for the rate (no real minutes pass); the
 * arbitration between the runs is the database's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser } from '../../tests/support/app';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import { startTestSmtp, type TestSmtp } from '../../tests/support/smtp';

import { fixedClock } from '../shared/clock';
import { testConfig } from '../shared/config';
import { type Database, openDatabase } from '../shared/db';
import { createOutreachRepository } from './outreach.repository';
import { createOutreachService } from './outreach.service';
import { type Handelnde } from '../shared/handelnde';
import { createServices } from '../services/services';

const PRO_MINUTE = 3;
const SECRET = 'outreach-rate-test-geheimnis-0123456789-abcdef';

let database: Database;
/** The second instance's own pool (PostgreSQL); on PGlite both share the one database. */
let zweite: Database;
let smtp: TestSmtp;
const uhr = fixedClock(new Date());

beforeAll(async () => {
  database = await openTestDatabase();
  zweite = database.kind === 'postgres' ? await openDatabase({ databaseUrl: database.url as string, poolSize: 4 }) : database;
  smtp = await startTestSmtp();
});
afterAll(async () => {
  if (zweite !== database) await zweite?.close();
  await database?.close();
  await smtp?.close();
});

/** An instance: services on its own pool, sending with the shared clock; waiting moves the clock. */
function instanz(db: Database, gewartet: number[]) {
  const s = createServices({ config: testConfig({ ...smtp.env, SESSION_SECRET: SECRET }), database: db, clock: uhr });
  return createOutreachService({
    repo: createOutreachRepository(db.db),
    mailer: s.mailer,
    clock: uhr,
    verlinkung: s.verlinkung,
    digitallotse: s.digitallotse,
    veranstaltungen: s.veranstaltungen,
    settings: { mailsProMinute: PRO_MINUTE, publicBaseUrl: 'https://digitales-amt.bayern.example', secret: SECRET, schwellen: { default: 50, bezirk: 30 } },
    warte: async (ms) => {
      gewartet.push(ms);
      const ziel = uhr.now().getTime() + ms;
      // Let the other runs go on first; then the time has passed (unless another run moved it further).
      await new Promise((r) => setTimeout(r, 5));
      if (uhr.now().getTime() < ziel) uhr.set(new Date(ziel));
    },
  });
}

describe('the outreach send rate across instances and campaigns', () => {
  it('two instances sending two campaigns each never send more than N mails within any 60 seconds, and every mail once', { timeout: 120_000 }, async () => {
    const ars = (await aBehoerde(database, { name: 'Ratenhausen' })).ars;
    const admin = await aUser(database, 'ministry_admin');
    const ministerium = { id: admin.id, email: admin.email, role: 'ministry_admin', behoerden: [] } as unknown as Handelnde;
    const kampagnen: string[] = [];
    const adressen: string[] = [];
    for (const [titel, n] of [
      ['Rate eins', 7],
      ['Rate zwei', 5],
    ] as const) {
      const [k] = await database.query<{ id: string }>("insert into outreach_kampagnen (titel, filter, erstellt_von, erstellt_am) values ($1, '{}', $2, now()) returning id", [titel, admin.id]);
      kampagnen.push(k.id);
      for (let i = 0; i < n; i++) {
        const an = `${titel.replace(' ', '-').toLowerCase()}.${i}@rate.example`;
        adressen.push(an);
        await database.query("insert into outreach_empfaenger (kampagne_id, behoerde_ars, an, betreff, text, status) values ($1, $2, $3, 'Outreach mit Rate', 'Guten Tag', 'wartend')", [k.id, ars, an]);
      }
    }

    const gewartet: number[] = [];
    const [a, b] = [instanz(database, gewartet), instanz(zweite, gewartet)];
    const laeufe: Promise<void>[] = [];
    for (const k of kampagnen) {
      for (const s of [a, b]) {
        const r = await s.sende(ministerium, k);
        expect(r.gestartet).toBe(true);
        if (r.lauf) laeufe.push(r.lauf);
      }
    }
    await Promise.all(laeufe);

    // Every mail once, at the SMTP server and in the queue.
    await smtp.waitFor(adressen.length);
    const empfangen = smtp.received.map((m) => (m.to as { text: string }).text).sort();
    expect(empfangen).toEqual([...adressen].sort());
    const zeilen = await database.query<{ status: string; versendet_am: Date | string }>(
      'select status, versendet_am from outreach_empfaenger where kampagne_id = any($1::uuid[]) order by versendet_am',
      [kampagnen],
    );
    expect(zeilen.map((z) => z.status)).toEqual(adressen.map(() => 'versendet'));
    // No 60-second span of send times holds more than N mails.
    const zeiten = zeilen.map((z) => new Date(z.versendet_am).getTime());
    const hoechstens = Math.max(...zeiten.map((t) => zeiten.filter((u) => u >= t && u < t + 60_000).length));
    expect(hoechstens).toBe(PRO_MINUTE);
    // 12 mails at 3 a minute: the runs waited for the rate.
    expect(gewartet.length).toBeGreaterThan(0);
  });
});
