import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser } from '../../tests/support/app';
import { aVerfahren } from '../../tests/support/builders';
import { openImportedTestDatabase } from '../../tests/support/imported-db';

import { seedDemoData } from '../demo/demo.service';
import { fixedClock } from '../shared/clock';
import { testConfig } from '../shared/config';
import type { Database } from '../shared/db';
import { ConflictError, ForbiddenError, NotFoundError } from '../shared/errors';
import { parseUploadCsv, schreibeCsv } from './csv-upload.parser';
import { packeZeilen, pruefeZeilen } from './upload.pruefung';
import { behaltePlan, nimmPlan, PLAN_GRENZE, planBehalten } from './upload.plan';
import { normalisiereUrl } from '../verlinkung/url-normalisierung';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { EreignisText } from '../verlinkung/views/verlinkungen.views';
import { createUploadRepository } from './upload.repository';
import { type Handelnde } from '../shared/handelnde';
import { createServices, type Services } from '../services/services';

let database: Database;
let services: Services;
const clock = fixedClock('2026-11-26T10:00:00Z');
/** Gemeinden (12-digit ARS) of the imported data; each test takes its own. */
let gemeinden: string[];
let leika: string[];
const HUNDESTEUER = '99102013000000';

const naechste = (n: number) => gemeinden.splice(0, n);

const handelnde = async (role: Handelnde['role'], behoerden: string[] = []): Promise<Handelnde> => {
  const u = await aUser(database, role, behoerden);
  return { id: u.id, email: u.email, role, behoerden };
};

const q = async <T = Record<string, unknown>>(query: ReturnType<typeof sql>) => (await database.db.execute(query)).rows as T[];
const zahl = async (table: string) => Number((await q<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`)))[0].n);
const bestand = async () => ({
  verfahren: await zahl('online_verfahren'),
  leistungen: await zahl('verfahren_leistungen'),
  verlinkungen: await zahl('verlinkungen'),
  ereignisse: await zahl('verlinkung_ereignisse'),
});

type Zeile = Partial<Record<'ars' | 'name' | 'beschreibung' | 'url' | 'leika_schluessel' | 'verfahren_id' | 'externe_id' | 'art' | 'vertrauensniveau', string>>;
const SPALTEN = ['ars', 'name', 'beschreibung', 'url', 'leika_schluessel', 'verfahren_id', 'externe_id', 'art', 'vertrauensniveau'] as const;
const csv = (zeilen: Zeile[]) => schreibeCsv(SPALTEN, zeilen.map((z) => SPALTEN.map((s) => z[s] ?? '')));
/** A valid row of an own procedure. */
const zeile = (ars: string, n: string, extra: Zeile = {}): Zeile => ({
  ars,
  name: `Testverfahren ${n}`,
  beschreibung: `Beschreibung ${n}`,
  url: `https://rz.example.org/verfahren/${n}`,
  leika_schluessel: HUNDESTEUER,
  ...extra,
});

const hochladen = (user: Handelnde, text: string, dateiname = 'test.csv') => {
  const r = parseUploadCsv(text);
  return services.uploads.pruefeUndSpeichere(user, { format: 'csv', dateiname, zeilen: r.zeilen, lesefehler: r.fehler, hinweise: r.hinweise });
};

beforeAll(async () => {
  database = await openImportedTestDatabase();
  await seedDemoData(database, { seed: 20210729, today: '2026-11-26' });
  services = createServices({ config: testConfig(), database, clock });
  await services.verlinkung.alleNeuBerechnen();
  gemeinden = (await q<{ ars: string }>(sql`select ars from behoerden where length(ars) = 12 and aktiv order by ars`)).map((r) => r.ars);
  leika = (await q<{ schluessel: string }>(sql`select schluessel from leika_leistungen where schluessel is not null order by id limit 5`)).map((r) => r.schluessel);
});
afterAll(async () => {
  await database.close();
});

describe('dry run', () => {
  it('reports every error of the file at once, each with line and column, and writes nothing but the upload', async () => {
    const [a, b, fremd] = naechste(3);
    const user = await handelnde('it_dienstleister', [a, b]);
    const fremdesVerfahren = await aVerfahren(database, { bereitstellung: 'kommunal', anbieterArs: fremd });
    const vorher = await bestand();
    const text = csv([
      zeile(a, 'ok'), // line 2: valid
      zeile('0916200000', 'e1'), // 3: ARS format
      zeile('099999999999', 'e2'), // 4: no such Behörde
      zeile(fremd, 'e3'), // 5: not served
      zeile(a, 'e4', { name: '' }), // 6: name missing
      zeile(a, 'e5', { name: 'N'.repeat(301) }), // 7: name too long
      zeile(a, 'e6', { beschreibung: 'B'.repeat(5001) }), // 8: description too long
      zeile(a, 'e7', { url: 'http://rz.example.org/x' }), // 9: not https
      zeile(a, 'e8', { leika_schluessel: '12345' }), // 10: LeiKa format
      zeile(a, 'e9', { leika_schluessel: '99999999999999' }), // 11: LeiKa unknown
      zeile(a, 'e10', { verfahren_id: 'kein-uuid' }), // 12: id format
      zeile(a, 'e11', { verfahren_id: '00000000-0000-4000-8000-000000000000' }), // 13: id unknown
      zeile(a, 'e12', { verfahren_id: fremdesVerfahren.id }), // 14: another Behörde's own
      zeile(a, 'e13', { art: 'antrag' }), // 15: art
      zeile(a, 'e14', { vertrauensniveau: 'mittel' }), // 16: vertrauensniveau
      zeile(a, 'ok'), // 17: same procedure for the same Behörde as line 2
      zeile(a, 'x1', { externe_id: 'X-1' }), // 18: valid
      zeile(b, 'x1', { externe_id: 'X-1', name: 'Anderer Name' }), // 19: same externe_id, other name
    ]);
    const u = await hochladen(user, text);
    expect(u.status).toBe('fehlerhaft');
    expect(u.fehler.map((f) => [f.zeile, f.spalte])).toEqual([
      [3, 'ars'],
      [4, 'ars'],
      [5, 'ars'],
      [6, 'name'],
      [7, 'name'],
      [8, 'beschreibung'],
      [9, 'url'],
      [10, 'leika_schluessel'],
      [11, 'leika_schluessel'],
      [12, 'verfahren_id'],
      [13, 'verfahren_id'],
      [14, 'verfahren_id'],
      [15, 'art'],
      [16, 'vertrauensniveau'],
      [17, 'name'],
      [19, 'name'],
    ]);
    const meldung = (zeile: number) => u.fehler.find((f) => f.zeile === zeile)?.meldung;
    expect(meldung(4)).toContain('099999999999');
    expect(meldung(5)).toContain(fremd);
    expect(meldung(11)).toContain('99999999999999');
    expect(meldung(17)).toContain('schon in Zeile 2');
    expect(meldung(19)).toContain('wie Zeile 18');
    expect(u.fehlerAnzahl).toBe(16);
    expect(await bestand()).toEqual(vorher);
    const [gespeichert] = await q<{ status: string; zeilen: number }>(sql`select status, zeilen from uploads where id = ${u.id}`);
    expect(gespeichert).toEqual({ status: 'fehlerhaft', zeilen: 18 });
  });

  it('refuses rows for a Behörde the uploader does not serve, naming the line and the ARS', async () => {
    const [a, fremd] = naechste(2);
    const user = await handelnde('it_dienstleister', [a]);
    const u = await hochladen(user, csv([zeile(a, 's1'), zeile(fremd, 's2'), zeile(fremd, 's3')]));
    expect(u.status).toBe('fehlerhaft');
    expect(u.fehler).toEqual([
      { zeile: 3, spalte: 'ars', meldung: expect.stringContaining(`Behörde ${fremd}`) },
      { zeile: 4, spalte: 'ars', meldung: expect.stringContaining(`Behörde ${fremd}`) },
    ]);
  });

  it('keeps reading errors of the file: they make the upload faulty too', async () => {
    const [a] = naechste(1);
    const user = await handelnde('it_dienstleister', [a]);
    const text = `${csv([zeile(a, 'r1')])}${a};"kaputt;x;https://rz.example.org/x;${HUNDESTEUER};;;;\r\n`;
    const u = await hochladen(user, text);
    expect(u.status).toBe('fehlerhaft');
    expect(u.fehler).toHaveLength(1);
    expect(u.fehler[0].zeile).toBe(3);
  });

  it('is refused for a role that may not upload', async () => {
    const user = await handelnde('grant_officer');
    await expect(hochladen(user, csv([zeile(gemeinden[0], 'g1')]))).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('plans set-based lookups that stay correct with a pre-existing catalogue entry by externe_id of another provider', async () => {
    const [a] = naechste(1);
    const andererDienstleister = await handelnde('it_dienstleister', [a]);
    const user = await handelnde('it_dienstleister', [a]);
    const u1 = await hochladen(andererDienstleister, csv([zeile(a, 'p1', { externe_id: 'FREMD-1' })]));
    await services.uploads.uebernehme(u1.id, andererDienstleister);
    const { fehler } = await pruefeZeilen(parseUploadCsv(csv([zeile(a, 'p1', { externe_id: 'FREMD-1' })])).zeilen, user, database);
    expect(fehler).toEqual([{ zeile: 2, spalte: 'externe_id', meldung: expect.stringContaining('eines anderen Anbieters') }]);
  });
});

describe('commit', () => {
  it('stores the normalised address keys of every link and new procedure it writes', async () => {
    const [a, b] = naechste(2);
    const user = await handelnde('it_dienstleister', [a, b]);
    const katalog = await aVerfahren(database, { bereitstellung: 'zentral', url: 'https://Zentral.Example.org/antrag/' });
    const u = await hochladen(
      user,
      csv([
        zeile(a, 'adr1', { url: 'https://WWW.rz.example.org/Verfahren/adr1/?gemeinde=a#x' }), // new procedure, its URL
        zeile(b, 'adr1', { url: 'https://rz.example.org/verfahren/adr1?gemeinde=b' }), // same procedure, own URL of b
        zeile(a, 'adr2', { externe_id: 'ADR-2', url: 'https://rz.example.org/verfahren/adr2/' }),
        { ars: b, verfahren_id: katalog.id, url: 'https://zentral.example.org/antrag/?ort=b' }, // catalogue entry, own URL
        { ars: a, verfahren_id: katalog.id }, // catalogue entry, its URL
      ]),
    );
    expect(u.fehler).toEqual([]);
    await services.uploads.uebernehme(u.id, user);
    const geschrieben = await q<{ url: string; url_schluessel: string | null; url_hostpfad: string | null }>(sql`
      select v.url, v.url_schluessel, v.url_hostpfad from verlinkungen v where v.linked_by = ${user.id}::uuid and v.url is not null
      union all
      select o.url, o.url_schluessel, o.url_hostpfad from online_verfahren o where o.anbieter_user_id = ${user.id}::uuid`);
    // Two own link URLs (b's for adr1, b's for the catalogue entry) and the two new procedures.
    expect(geschrieben).toHaveLength(4);
    for (const w of geschrieben) {
      const n = normalisiereUrl(w.url);
      expect({ url: w.url, schluessel: w.url_schluessel, hostPfad: w.url_hostpfad }).toEqual({ url: w.url, ...n });
    }
    expect(await q(sql`select 1 from verlinkungen where linked_by = ${user.id}::uuid and url is null and url_schluessel is not null`)).toEqual([]);
  });

  it('writes procedures, LeiKa links, links, one event per link and one audit entry, and the counts rise accordingly', async () => {
    const [a, b] = naechste(2);
    const user = await handelnde('it_dienstleister', [a, b]);
    const [zentral] = await q<{ id: string; url: string }>(sql`
      select id::text as id, url from online_verfahren o where bereitstellung = 'zentral' and art = 'online' and aktiv
        and not exists (select 1 from verlinkungen v where v.verfahren_id = o.id and v.behoerde_ars = ${a}) order by id limit 1`);
    const vorherA = (await services.verlinkung.zaehlstand(a)).anzahl;
    const vorherB = (await services.verlinkung.zaehlstand(b)).anzahl;
    const vorher = await bestand();
    const text = csv([
      zeile(a, 'c1', { externe_id: 'C-1', url: `https://rz.example.org/c1?gemeinde=${a}`, leika_schluessel: `${leika[0]}|${leika[1]}` }),
      zeile(b, 'c1', { externe_id: 'C-1', url: `https://rz.example.org/c1?gemeinde=${b}`, leika_schluessel: `${leika[1]} ${leika[0]}` }),
      zeile(a, 'c2'),
      zeile(b, 'c2'),
      zeile(a, 'c3', { art: 'information' }), // linked, but never counts
      { ars: a, verfahren_id: zentral.id }, // a zentral procedure
    ]);
    const u = await hochladen(user, text);
    expect(u.fehler).toEqual([]);
    expect(u.status).toBe('geprueft');
    expect(u.statistik).toMatchObject({ zeilen: 6, verfahrenNeu: 3, verfahrenVorhanden: 1, verlinkungenNeu: 6, verlinkungenUnveraendert: 0, behoerdenBetroffen: 2 });
    expect(await bestand()).toEqual(vorher);

    const r = await services.uploads.uebernehme(u.id, user);
    expect(r.status).toBe('uebernommen');
    expect(r.uebernommenAm).toBe('2026-11-26T10:00:00.000Z');
    expect(await bestand()).toEqual({
      verfahren: vorher.verfahren + 3,
      leistungen: vorher.leistungen + 4,
      verlinkungen: vorher.verlinkungen + 6,
      // One event per Behörde for the links the upload added, not one per link.
      ereignisse: vorher.ereignisse + 2,
    });
    expect((await services.verlinkung.zaehlstand(a)).anzahl).toBe(vorherA + 3);
    expect((await services.verlinkung.zaehlstand(b)).anzahl).toBe(vorherB + 2);

    const neu = await q<{ name: string; url: string; bereitstellung: string; anbieter_user_id: string; anbieter_ars: string | null; externe_id: string | null }>(sql`
      select name, url, bereitstellung, anbieter_user_id::text as anbieter_user_id, anbieter_ars, externe_id from online_verfahren
      where anbieter_user_id = ${user.id} order by name`);
    expect(neu.map((v) => [v.name, v.bereitstellung, v.anbieter_user_id, v.anbieter_ars, v.externe_id])).toEqual([
      ['Testverfahren c1', 'kommunal', user.id, null, 'C-1'],
      ['Testverfahren c2', 'kommunal', user.id, null, null],
      ['Testverfahren c3', 'kommunal', user.id, null, null],
    ]);
    // The first row's URL is the catalogue's; the other Behörde keeps its own.
    expect(neu[0].url).toBe(`https://rz.example.org/c1?gemeinde=${a}`);
    const links = await q<{ behoerde_ars: string; url: string | null }>(sql`
      select v.behoerde_ars, v.url from verlinkungen v join online_verfahren o on o.id = v.verfahren_id where o.externe_id = 'C-1' order by 1`);
    expect(links).toEqual(
      [
        { behoerde_ars: a, url: null },
        { behoerde_ars: b, url: `https://rz.example.org/c1?gemeinde=${b}` },
      ].sort((x, y) => x.behoerde_ars.localeCompare(y.behoerde_ars)),
    );

    const ereignisse = await q<{ behoerde_ars: string; verfahren_id: string | null; aktion: string; quelle: string; actor_id: string; nachher: unknown }>(sql`
      select behoerde_ars, verfahren_id::text as verfahren_id, aktion, quelle, actor_id::text as actor_id, nachher from verlinkung_ereignisse
      where upload_id = ${u.id} order by behoerde_ars`);
    const verlinktVon = async (ars: string) =>
      (await q<{ id: string }>(sql`select verfahren_id::text as id from verlinkungen where behoerde_ars = ${ars} and linked_at = ${r.uebernommenAm}::timestamptz order by 1`)).map((x) => x.id);
    expect(ereignisse).toEqual(
      [
        { ars: a, ids: await verlinktVon(a) },
        { ars: b, ids: await verlinktVon(b) },
      ]
        .sort((x, y) => x.ars.localeCompare(y.ars))
        .map((x) => ({
          behoerde_ars: x.ars,
          verfahren_id: null,
          aktion: 'upload',
          quelle: 'csv',
          actor_id: user.id,
          nachher: { anzahl: x.ids.length, dateiname: 'test.csv', verfahren: x.ids },
        })),
    );
    expect((await verlinktVon(a)).length).toBe(4);
    // The history of the Behörde says it in one line, in both languages.
    const [ereignis] = await services.verlinkung.historie(a, 1);
    expect(ereignis).toMatchObject({ aktion: 'upload', verfahrenId: null, verfahren: null });
    const zeile1 = (l: 'de' | 'en') => renderToString(h(EreignisText, { e: ereignis, l }));
    expect(zeile1('de')).toBe('4 Online-Verfahren per Upload „<bdi>test.csv</bdi>“ verlinkt');
    expect(zeile1('en')).toBe('4 online procedures linked by the upload “<bdi>test.csv</bdi>”');
    const audit = await q<{ action: string }>(sql`select action from audit_log where object_type = 'upload' and object_id = ${u.id} order by id`);
    expect(audit.map((x) => x.action)).toEqual(['upload.pruefen', 'upload.uebernehmen']);
  });

  it('counts near-duplicates of one service once: later rows are reported with the line they repeat and not taken over', async () => {
    const [a, b] = naechste(2);
    const user = await handelnde('it_dienstleister', [a, b]);
    // A link Behörde a has already: a zentral procedure, linked with its catalogue address.
    const [zentral] = await q<{ id: string; name: string; url: string }>(sql`
      select id::text as id, name, url from online_verfahren o where bereitstellung = 'zentral' and art = 'online' and aktiv
        and not exists (select 1 from verlinkungen v where v.verfahren_id = o.id and v.behoerde_ars = ${a}) order by id limit 1`);
    await services.verlinkung.verlinke({ ...user, role: 'ministry_admin' }, a, zentral.id, { quelle: 'formular' });
    const vorherA = (await services.verlinkung.zaehlstand(a)).anzahl;
    const vorherB = (await services.verlinkung.zaehlstand(b)).anzahl;
    const parken = 'https://parken.erlangen.example/bewohner';
    /** The same address written differently: scheme and host in capitals, a trailing slash, a fragment. */
    const anders = (url: string) => {
      const x = new URL(url);
      return `HTTPS://${x.host.toUpperCase()}${x.pathname}/${x.search}#start`;
    };
    const text = csv([
      zeile(a, 'p1', { name: 'Bewohnerparkausweis beantragen', url: parken, leika_schluessel: leika[2] }), // 2
      zeile(a, 'p2', { name: 'Bewohnerparkausweis beantragen (online)', url: `${parken}/`, leika_schluessel: leika[2] }), // 3: trailing slash
      zeile(a, 'p3', { name: 'Parkausweis für Bewohner – Antrag', url: `${parken}?schritt=1&utm_source=rathaus`, leika_schluessel: leika[2] }), // 4: same path and LeiKa key
      zeile(a, 'p4', { name: 'Kopie des zentralen Verfahrens', url: anders(zentral.url) }), // 5: same address as the existing link
      zeile(b, 'p1', { name: 'Bewohnerparkausweis beantragen', url: parken, leika_schluessel: leika[2] }), // 6: another Behörde: its own service
      zeile(a, 'p5', { name: 'Hundesteuer anmelden', url: 'https://parken.erlangen.example/hund' }), // 7: another service
    ]);
    const u = await hochladen(user, text);
    expect(u.fehler).toEqual([]);
    expect(u.statistik?.doppelt).toBe(3);
    expect(u.statistik?.doppelte?.map((d) => [d.zeile, d.ars, d.wieZeile ?? d.wieVerfahren?.name, d.grund])).toEqual([
      [3, a, 2, 'gleiche_adresse'],
      [4, a, 2, 'gleiche_leistung_und_adresse'],
      [5, a, zentral.name, 'gleiche_adresse'],
    ]);
    expect(u.statistik?.doppelte?.[0].meldung).toContain('wie Zeile 2');
    expect(u.statistik).toMatchObject({ zeilen: 6, datensaetze: 6, verlinkungenNeu: 3, verfahrenNeu: 2 });
    const r = await services.uploads.uebernehme(u.id, user);
    expect(r.status).toBe('uebernommen');
    expect((await services.verlinkung.zaehlstand(a)).anzahl).toBe(vorherA + 2);
    expect((await services.verlinkung.zaehlstand(b)).anzahl).toBe(vorherB + 1);
    const namen = await q<{ name: string }>(sql`select name from online_verfahren where anbieter_user_id = ${user.id} and name like '%arkausweis%' order by name`);
    expect(namen.map((n) => n.name)).toEqual(['Bewohnerparkausweis beantragen']);
  });

  it('refuses names that are addresses, paths or carry invisible controls, with line and column', async () => {
    const [a] = naechste(1);
    const user = await handelnde('it_dienstleister', [a]);
    const u = await hochladen(
      user,
      csv([
        zeile(a, 'x1', { name: 'javascript:alert(1)' }),
        zeile(a, 'x2', { name: '../../etc/passwd' }),
        zeile(a, 'x3', { name: 'Parkausweis\u202Egpj.exe' }),
        zeile(a, 'x4', { beschreibung: 'Text \u2067mit Isolat' }),
        zeile(a, 'x5', { name: 'Kita: Platz beantragen' }),
      ]),
    );
    expect(u.fehler.map((f) => [f.zeile, f.spalte])).toEqual([
      [2, 'name'],
      [3, 'name'],
      [4, 'name'],
      [5, 'beschreibung'],
    ]);
    expect(u.fehler[2].meldung).toContain('U+202E (RIGHT-TO-LEFT OVERRIDE) an Stelle 12');
    expect(u.fehler[0].meldung).toContain('ist eine Adresse, kein Name');
  });

  it('is idempotent: the same file again changes nothing, a changed URL changes one link', async () => {
    const [a, b] = naechste(2);
    const user = await handelnde('it_dienstleister', [a, b]);
    const zeilen = [zeile(a, 'i1', { url: 'https://rz.example.org/i1?g=1' }), zeile(b, 'i1', { url: 'https://rz.example.org/i1?g=2' }), zeile(a, 'i2', { externe_id: 'I-2' })];
    const erst = await hochladen(user, csv(zeilen));
    expect(erst.statistik).toMatchObject({ verfahrenNeu: 2, verlinkungenNeu: 3 });
    await services.uploads.uebernehme(erst.id, user);
    const nachErst = await bestand();
    const zaehlA = (await services.verlinkung.zaehlstand(a)).anzahl;

    const nochmal = await hochladen(user, csv(zeilen));
    expect(nochmal.statistik).toMatchObject({ verfahrenNeu: 0, verfahrenVorhanden: 2, verlinkungenNeu: 0, verlinkungenUnveraendert: 3, verlinkungenUrlGeaendert: 0, behoerdenBetroffen: 0 });
    await services.uploads.uebernehme(nochmal.id, user);
    expect(await bestand()).toEqual(nachErst);
    expect((await services.verlinkung.zaehlstand(a)).anzahl).toBe(zaehlA);

    const geaendert = await hochladen(user, csv([zeilen[0], { ...zeilen[1], url: 'https://rz.example.org/i1?g=neu' }, zeilen[2]]));
    expect(geaendert.statistik).toMatchObject({ verfahrenNeu: 0, verlinkungenNeu: 0, verlinkungenUnveraendert: 2, verlinkungenUrlGeaendert: 1, behoerdenBetroffen: 1, behoerden: [b] });
    await services.uploads.uebernehme(geaendert.id, user);
    expect(await bestand()).toEqual({ ...nachErst, ereignisse: nachErst.ereignisse + 1 });
    const [e] = await q<{ aktion: string; vorher: unknown; nachher: unknown }>(sql`select aktion, vorher, nachher from verlinkung_ereignisse where upload_id = ${geaendert.id}`);
    expect(e).toEqual({ aktion: 'geaendert', vorher: { url: 'https://rz.example.org/i1?g=2' }, nachher: { url: 'https://rz.example.org/i1?g=neu' } });
  });

  it('writes new links by a plain insert and, when a link of a pair appeared since the check, updates it instead with its own event', async () => {
    const [a, b] = naechste(2);
    const user = await handelnde('it_dienstleister', [a, b]);
    const v = await aVerfahren(database, { bereitstellung: 'zentral' });
    const w = await aVerfahren(database, { bereitstellung: 'zentral' });
    // The link of (a, v) appears after the check (a single link change between the check and the lock).
    await services.verlinkung.verlinke(user, a, v.id, { quelle: 'formular' });
    const uploadId = (await hochladen(user, csv([zeile(b, 'sp1')]))).id;
    const kontext = { at: new Date('2026-11-26T10:00:00Z'), actorId: user.id, actorLabel: user.email, quelle: 'csv', uploadId, dateiname: 'verfahren.csv' };
    const neu = [
      { ars: a, verfahrenId: v.id, url: 'https://rz.example.org/spaeter?g=a' },
      { ars: b, verfahrenId: w.id, url: null },
    ];
    const geschrieben = await database.db.transaction((tx) => createUploadRepository(tx).schreibeNeueLinks(neu, kontext));
    expect(geschrieben).toBe(2);
    const links = await q<{ behoerde_ars: string; url: string | null }>(sql`select behoerde_ars, url from verlinkungen where (behoerde_ars, verfahren_id) in ((${a}, ${v.id}::uuid), (${b}, ${w.id}::uuid)) order by behoerde_ars`);
    expect(links).toEqual([
      { behoerde_ars: a, url: 'https://rz.example.org/spaeter?g=a' },
      { behoerde_ars: b, url: null },
    ]);
    const ereignisse = await q<{ behoerde_ars: string; verfahren_id: string | null; aktion: string; nachher: unknown }>(sql`
      select behoerde_ars, verfahren_id::text as verfahren_id, aktion, nachher from verlinkung_ereignisse where upload_id = ${uploadId} order by behoerde_ars`);
    expect(ereignisse).toEqual([
      { behoerde_ars: a, verfahren_id: v.id, aktion: 'geaendert', nachher: { url: 'https://rz.example.org/spaeter?g=a' } },
      { behoerde_ars: b, verfahren_id: null, aktion: 'upload', nachher: { anzahl: 1, dateiname: 'verfahren.csv', verfahren: [w.id] } },
    ]);
    // Without a conflict the plain insert writes the links and one „upload“ event per Behörde.
    const x = await aVerfahren(database, { bereitstellung: 'zentral' });
    const y = await aVerfahren(database, { bereitstellung: 'zentral' });
    const zwei = [
      { ars: b, verfahrenId: y.id, url: null },
      { ars: b, verfahrenId: x.id, url: null },
    ];
    expect(await database.db.transaction((tx) => createUploadRepository(tx).schreibeNeueLinks(zwei, kontext))).toBe(2);
    expect(await q(sql`select nachher from verlinkung_ereignisse where upload_id = ${uploadId} and behoerde_ars = ${b} and nachher->>'anzahl' = '2'`)).toEqual([
      { nachher: { anzahl: 2, dateiname: 'verfahren.csv', verfahren: [x.id, y.id].sort() } },
    ]);
  });

  it("makes a Kommune editor's procedure the Behörde's own, and refuses one externe_id for two Behörden", async () => {
    const [a, b] = naechste(2);
    const editor = await handelnde('kommune_editor', [a, b]);
    const u = await hochladen(editor, csv([zeile(a, 'k1'), zeile(b, 'k1')]));
    expect(u.statistik).toMatchObject({ verfahrenNeu: 2, verlinkungenNeu: 2 });
    await services.uploads.uebernehme(u.id, editor);
    const eigene = await q<{ anbieter_ars: string; anbieter_user_id: string | null }>(sql`
      select anbieter_ars, anbieter_user_id from online_verfahren where name = 'Testverfahren k1' order by anbieter_ars`);
    expect(eigene).toEqual([a, b].sort().map((ars) => ({ anbieter_ars: ars, anbieter_user_id: null })));

    const falsch = await hochladen(editor, csv([zeile(a, 'k2', { externe_id: 'K-2' }), zeile(b, 'k2', { externe_id: 'K-2' })]));
    expect(falsch.fehler).toEqual([{ zeile: 3, spalte: 'externe_id', meldung: expect.stringContaining('nur IT-Dienstleister') }]);
  });

  it('checks again at commit time: when the uploader no longer serves a Behörde nothing is written', async () => {
    const [a, b] = naechste(2);
    const user = await handelnde('it_dienstleister', [a, b]);
    const u = await hochladen(user, csv([zeile(a, 'w1'), zeile(b, 'w1')]));
    expect(u.status).toBe('geprueft');
    await database.db.execute(sql`delete from user_behoerden where user_id = ${user.id} and behoerde_ars = ${b}`);
    const vorher = await bestand();
    const r = await services.uploads.uebernehme(u.id, { ...user, behoerden: [a] });
    expect(r.status).toBe('fehlerhaft');
    expect(r.fehler).toEqual([{ zeile: 3, spalte: 'ars', meldung: expect.stringContaining(`Behörde ${b}`) }]);
    expect(await bestand()).toEqual(vorher);
    await expect(services.uploads.uebernehme(u.id, user)).rejects.toBeInstanceOf(ConflictError);
  });

  it('is all or nothing: a failure while writing leaves no procedure, link or event behind', async () => {
    const [a] = naechste(1);
    const user = await handelnde('it_dienstleister', [a]);
    const u = await hochladen(user, csv([zeile(a, 'f1'), zeile(a, 'f2')]));
    const vorher = await bestand();
    // The last write of the commit (the events) fails: a check no new event passes (a constraint,
    // not a trigger — on PGlite the commit writes with the row triggers off, upload.repository).
    await database.db.execute(sql.raw('alter table verlinkung_ereignisse add constraint upload_test_fehler check (false) not valid'));
    try {
      await expect(services.uploads.uebernehme(u.id, user)).rejects.toThrow();
    } finally {
      await database.db.execute(sql.raw('alter table verlinkung_ereignisse drop constraint upload_test_fehler'));
    }
    expect(await bestand()).toEqual(vorher);
    expect((await services.uploads.upload(u.id, user)).status).toBe('geprueft');
    // After the failure the same upload can still be committed.
    expect((await services.uploads.uebernehme(u.id, user)).status).toBe('uebernommen');
    expect((await bestand()).verlinkungen).toBe(vorher.verlinkungen + 2);
  });

  it('refuses a second commit and a commit of a faulty upload', async () => {
    const [a] = naechste(1);
    const user = await handelnde('it_dienstleister', [a]);
    const u = await hochladen(user, csv([zeile(a, 'd1')]));
    await services.uploads.uebernehme(u.id, user);
    await expect(services.uploads.uebernehme(u.id, user)).rejects.toThrow(/bereits übernommen/);
    const faul = await hochladen(user, csv([zeile(a, 'd2', { url: 'ftp://x' })]));
    await expect(services.uploads.uebernehme(faul.id, user)).rejects.toBeInstanceOf(ConflictError);
  });

  it('applies two concurrent commits of the same upload once', async () => {
    const [a, b] = naechste(2);
    const user = await handelnde('it_dienstleister', [a, b]);
    const u = await hochladen(user, csv([zeile(a, 'p1'), zeile(b, 'p1'), zeile(a, 'p2')]));
    const vorher = await bestand();
    const ergebnisse = await Promise.allSettled([services.uploads.uebernehme(u.id, user), services.uploads.uebernehme(u.id, user)]);
    expect(ergebnisse.filter((e) => e.status === 'fulfilled')).toHaveLength(1);
    const abgelehnt = ergebnisse.find((e) => e.status === 'rejected') as PromiseRejectedResult;
    expect(abgelehnt.reason).toBeInstanceOf(ConflictError);
    expect(await bestand()).toEqual({ verfahren: vorher.verfahren + 2, leistungen: vorher.leistungen + 2, verlinkungen: vorher.verlinkungen + 3, ereignisse: vorher.ereignisse + 2 });
  });

  it('lets only the uploader or ministry staff see and commit an upload', async () => {
    const [a] = naechste(1);
    const user = await handelnde('it_dienstleister', [a]);
    const anderer = await handelnde('it_dienstleister', [a]);
    const ministerium = await handelnde('ministry_admin');
    const u = await hochladen(user, csv([zeile(a, 'm1')]));
    await expect(services.uploads.upload(u.id, anderer)).rejects.toBeInstanceOf(NotFoundError);
    await expect(services.uploads.uebernehme(u.id, anderer)).rejects.toBeInstanceOf(NotFoundError);
    expect((await services.uploads.liste(anderer)).map((x) => x.id)).not.toContain(u.id);
    expect((await services.uploads.liste(ministerium)).map((x) => x.id)).toContain(u.id);
    const r = await services.uploads.uebernehme(u.id, ministerium);
    expect(r.status).toBe('uebernommen');
    // The commit is the ministry's act; the procedure is still the uploader's offer.
    const [v] = await q<{ anbieter_user_id: string; linked_by: string }>(sql`
      select o.anbieter_user_id::text as anbieter_user_id, v.linked_by::text as linked_by
      from online_verfahren o join verlinkungen v on v.verfahren_id = o.id where o.name = 'Testverfahren m1'`);
    expect(v).toEqual({ anbieter_user_id: user.id, linked_by: ministerium.id });
  });
});

describe('the plan a dry run keeps for its commit', () => {
  const eingebettet = () => database.kind === 'pglite';
  const datenstand = () => database.db.transaction((tx) => createUploadRepository(tx).datenstand());
  const eigeneNamen = async (user: Handelnde) =>
    (await q<{ name: string }>(sql`select name from online_verfahren where anbieter_user_id = ${user.id} order by name`)).map((r) => r.name);
  /** Replaces the rows an upload keeps for a second check — a probe for whether the commit checks again. */
  const zeilenErsetzen = async (id: string, text: string) =>
    q(sql`update uploads set daten = ${JSON.stringify(packeZeilen(parseUploadCsv(text).zeilen))}::json where id = ${id}::uuid`);

  it('commits the kept plan when nothing the check reads has changed, and checks the rows again after such a change', async () => {
    const [a] = naechste(1);
    const user = await handelnde('it_dienstleister', [a]);
    const u = await hochladen(user, csv([zeile(a, 'kp1'), zeile(a, 'kp2')]));
    expect(planBehalten(u.id)).toBe(eingebettet());
    await zeilenErsetzen(u.id, csv([zeile(a, 'kp9')]));
    expect((await services.uploads.uebernehme(u.id, user)).status).toBe('uebernommen');
    // Embedded: the dry run's plan was written; the server checks again and writes what the rows say now.
    expect(await eigeneNamen(user)).toEqual(eingebettet() ? ['Testverfahren kp1', 'Testverfahren kp2'] : ['Testverfahren kp9']);
    expect(planBehalten(u.id)).toBe(false);
    // The audit entry says which way the commit went.
    const erneut = async (id: string) =>
      (await q<{ e: boolean }>(sql`select (after->>'erneutGeprueft')::boolean as e from audit_log where action = 'upload.uebernehmen' and object_id = ${id}`))[0]?.e;
    expect(await erneut(u.id)).toBe(!eingebettet());

    // A write to a table the check reads (here: the Behörden) between dry run and commit: checked again.
    const zweite = await hochladen(user, csv([zeile(a, 'kp3')]));
    await zeilenErsetzen(zweite.id, csv([zeile(a, 'kp4')]));
    await q(sql`update behoerden set name = name where ars = ${a}`);
    await services.uploads.uebernehme(zweite.id, user);
    expect(await erneut(zweite.id)).toBe(true);
    expect(await eigeneNamen(user)).toEqual(eingebettet() ? ['Testverfahren kp1', 'Testverfahren kp2', 'Testverfahren kp4'] : ['Testverfahren kp4', 'Testverfahren kp9']);

    // The dry run checked with other rights than the uploader's account has now (here: a second role
    // of the session that the account does not have): checked again, also without another write.
    const dritte = await hochladen({ ...user, roles: ['it_dienstleister', 'kommune_editor'] }, csv([zeile(a, 'kp5')]));
    await zeilenErsetzen(dritte.id, csv([zeile(a, 'kp6')]));
    await services.uploads.uebernehme(dritte.id, user);
    const namen = await eigeneNamen(user);
    expect([namen.includes('Testverfahren kp5'), namen.includes('Testverfahren kp6')]).toEqual([false, true]);
  });

  it('advances the data stand with every statement on a table the check reads, also with the row triggers off', async () => {
    const tabellen = ['behoerden', 'gebiete', 'leika_leistungen', 'online_verfahren', 'verfahren_leistungen', 'verlinkungen', 'user_behoerden'];
    for (const t of tabellen) {
      for (const rolle of ['origin', 'replica']) {
        const vorher = await datenstand();
        await database.db.transaction(async (tx) => {
          await tx.execute(sql.raw(`set local session_replication_role = ${rolle}`));
          await tx.execute(sql.raw(`delete from ${t} where false`));
        });
        expect(await datenstand(), `${t} (${rolle})`).toBeGreaterThan(vorher);
      }
    }
    // Of the accounts only a change of roles or activity: not a login.
    const vorher = await datenstand();
    await q(sql`update users set last_login_at = last_login_at where false`);
    expect(await datenstand()).toBe(vorher);
    for (const spalte of ['role', 'zusatzrollen', 'active']) {
      const davor = await datenstand();
      await q(sql.raw(`update users set ${spalte} = ${spalte} where false`));
      expect(await datenstand(), spalte).toBeGreaterThan(davor);
    }
  });

  it("has the data stand advanced by every table the check and the uploader's rights are read from", async () => {
    const [a, b] = naechste(2);
    const user = await handelnde('it_dienstleister', [a, b]);
    const zentral = await aVerfahren(database, { bereitstellung: 'zentral' });
    await services.verlinkung.verlinke(user, a, zentral.id, { quelle: 'formular' });
    // Rows down every path of the check: a new own procedure with LeiKa keys, one by externe_id, one
    // by id, one the same service as an existing link, one of a Behörde the uploader does not serve.
    const zeilen = parseUploadCsv(
      csv([
        zeile(a, 'tc1', { leika_schluessel: `${leika[0]}|${leika[1]}`, externe_id: 'TC-1' }),
        zeile(b, 'tc1', { externe_id: 'TC-1' }),
        { ars: b, verfahren_id: zentral.id },
        zeile(a, 'tc2', { url: zentral.url }),
        zeile(naechste(1)[0], 'tc3'),
      ]),
    ).zeilen;
    const gelesen = await database.db.transaction(async (tx) => {
      // Scans per table so far (the embedded database may still hold earlier transactions' counts here).
      const scans = async () =>
        new Map(
          ((await tx.execute(sql`select relname, (seq_scan + coalesce(idx_scan, 0))::int as n from pg_stat_xact_user_tables`)).rows as { relname: string; n: number }[]).map(
            (x) => [x.relname, Number(x.n)],
          ),
        );
      const vorher = await scans();
      await createUploadRepository(tx).handelnde(user.id);
      const { plan } = await pruefeZeilen(zeilen, user, tx);
      expect(plan.statistik.verlinkungenNeu).toBeGreaterThan(0);
      const nachher = await scans();
      return [...nachher].filter(([t, n]) => n > (vorher.get(t) ?? 0)).map(([t]) => t).sort();
    });
    const mitStand = (await q<{ relname: string }>(sql`select c.relname from pg_trigger t join pg_class c on c.oid = t.tgrelid where t.tgname = 'pruef_datenstand' order by 1`)).map(
      (x) => x.relname,
    );
    expect(gelesen).toEqual(expect.arrayContaining(['behoerden', 'leika_leistungen', 'online_verfahren', 'users', 'user_behoerden', 'verlinkungen']));
    expect(gelesen.filter((t) => !mitStand.includes(t))).toEqual([]);
  });

  it('gives the plan back once, for the same uploader and data stand, and keeps a bounded number of rows', async () => {
    const [a, b] = naechste(2);
    const user = await handelnde('it_dienstleister', [a, b]);
    const { plan, fehler } = await pruefeZeilen(parseUploadCsv(csv([zeile(a, 'pk1', { leika_schluessel: `${leika[0]}|${leika[1]}` }), zeile(b, 'pk1'), zeile(a, 'pk2')])).zeilen, user, database);
    expect(fehler).toEqual([]);
    const statistik = { ...plan.statistik, hinweise: ['aus dem Upload'] };
    const id = crypto.randomUUID();
    behaltePlan(id, plan, user, 41);
    // The same rights in another order: the plan with the stored upload's figures — and only once.
    const genommen = nimmPlan(id, { ...user, behoerden: [b, a] }, 41, statistik);
    // Kept without what its prepared rows hold (names, descriptions, addresses): those come with it.
    expect(genommen?.plan).toEqual({
      ...plan,
      statistik,
      neueVerfahren: plan.neueVerfahren.map(({ adresse: _a, ...v }) => ({ ...v, name: '', beschreibung: '', url: '' })),
      links: plan.links.map(({ adresse: _a, ...l }) => l),
    });
    expect(genommen?.kopie?.verfahren.zeilen).toBe(plan.neueVerfahren.length);
    expect(genommen?.kopie?.verfahren.daten.includes('Testverfahren pk1')).toBe(true);
    expect(nimmPlan(id, user, 41, statistik)).toBeUndefined();
    // Other Behörden, another role, another data stand: not given back (and given up).
    const andere: [Handelnde, number][] = [
      [{ ...user, behoerden: [a] }, 41],
      [{ ...user, role: 'kommune_editor' }, 41],
      [user, 42],
    ];
    for (const [wer, stand] of andere) {
      behaltePlan(id, plan, user, 41);
      expect(nimmPlan(id, wer, stand, statistik)).toBeUndefined();
      expect(planBehalten(id)).toBe(false);
    }
    // Over the limit the oldest plans give way; a plan larger than the limit is not kept.
    const gross = (n: number) => ({ ...plan, links: new Array<(typeof plan.links)[number]>(n).fill(plan.links[0]) });
    const [p1, p2, p3, p4] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    behaltePlan(p1, gross(PLAN_GRENZE / 2), user, 1);
    behaltePlan(p2, gross(PLAN_GRENZE / 4), user, 1);
    behaltePlan(p3, gross(PLAN_GRENZE / 2), user, 1);
    expect([p1, p2, p3].map(planBehalten)).toEqual([false, true, true]);
    behaltePlan(p4, gross(PLAN_GRENZE + 1), user, 1);
    expect([p2, p3, p4].map(planBehalten)).toEqual([true, true, false]);
    for (const p of [p2, p3]) nimmPlan(p, user, 0, statistik);
  });
});
