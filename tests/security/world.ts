/**
 * A small but complete world for the security tests: one object of every kind a route can name
 * (Behörde, users of every role, Verfahren, links, Prädikat with certificate number, Förderantrag,
 * Digitallotse course and registration, event and registration, checklist and answers, outreach
 * campaign, Informationspaket page, CSV upload), created through the app's own forms where a form
 * exists, so the texts go the way users' texts go. `text(label)` decides what users type: plain
 * words for the fuzzing, hostile markup for the rendering test.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

import { abmeldeLink } from '../../src/outreach/outreach.token';
import { geheimnisse } from '../../src/shared/config';
import type { Database } from '../../src/shared/db';
import { Browser, aUser } from '../support/app';
import { aBehoerde, aVerfahren } from '../support/builders';
import { ROLES, type Role } from '../../src/shared/handelnde';

export const csrfOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)?.[1];

/** A multipart/form-data body as a browser sends it. */
export function multipart(fields: Record<string, string>, file?: { name: string; filename: string; content: string | Buffer; type?: string }) {
  const boundary = `----sec${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\ncontent-type: ${file.type ?? 'text/csv'}\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface World {
  ars: string;
  andereArs: string;
  browsers: Map<Role, Browser>;
  emails: Map<Role, string>;
  /** Ids by kind, for filling path parameters. */
  ids: Record<string, string[]>;
  /** Concrete addresses no page links to (they arrive by mail), e.g. the unsubscribe link. */
  links: string[];
}

const ok = (what: string, res: LightMyRequestResponse, expected = [303]) => {
  if (!expected.includes(res.statusCode)) {
    const fehler = [...res.body.matchAll(/<li><a class="kern-link" href="#[^"]*">([^<]*)</g)].map((m) => m[1]);
    throw new Error(`${what}: ${res.statusCode} ${fehler.join('; ') || res.body.slice(0, 2000)}`);
  }
  return res;
};
const idIn = (location: unknown, re: RegExp) => String(location).match(re)?.[1];

export async function buildWorld(app: FastifyInstance, database: Database, text: (label: string) => string, url: (label: string) => string): Promise<World> {
  const { ars } = await aBehoerde(database, { name: text('Behörde'), typ: 'stadt', regbezKey: '091' });
  const andereArs = (await aBehoerde(database, { name: text('Andere Behörde'), regbezKey: '091' })).ars;
  // The other Behörde's editor: a recipient for outreach, and an editor of a Behörde not one's own.
  const fremd = await aUser(database, 'kommune_editor', [andereArs]);
  await database.db.execute(sql`update users set name = ${text('Fremde Redaktion')} where id = ${fremd.id}`);
  const emails = new Map<Role, string>();
  const browsers = new Map<Role, Browser>();
  for (const role of ROLES) {
    const bound = role === 'kommune_editor' || role === 'it_dienstleister' ? [ars] : [];
    const u = await aUser(database, role, bound);
    await database.db.execute(sql`update users set name = ${text(`Person ${role}`)} where id = ${u.id}`);
    emails.set(role, u.email);
  }
  // A second reviewer for the four-eyes steps.
  const zweitePruefung = await aUser(database, 'ministry_reviewer');
  await database.db.execute(sql`update users set name = ${text('Zweitprüfung')} where id = ${zweitePruefung.id}`);
  for (const [role, email] of emails) {
    const b = new Browser(app);
    ok(`login ${role}`, await b.login(email));
    browsers.set(role, b);
  }
  const b = (r: Role) => browsers.get(r) as Browser;

  // Verfahren: 55 central ones linked (eligible for the Prädikat), one own (kommunal) with a URL of the text kind.
  const verfahren: string[] = [];
  for (let i = 1; i <= 55; i++) {
    const v = await aVerfahren(database, { name: `${text('Verfahren')} ${i}` });
    verfahren.push(v.id);
    await database.db.execute(sql`insert into verlinkungen (behoerde_ars, verfahren_id, url) values (${ars}, ${v.id}, ${i === 1 ? url('Verlinkung') : null})`);
  }
  const eigenes = await aVerfahren(database, { name: text('Eigenes Verfahren'), bereitstellung: 'kommunal', anbieterArs: ars, url: url('Eigenes Verfahren') });
  verfahren.unshift(eigenes.id);
  await database.db.execute(sql`insert into verlinkungen (behoerde_ars, verfahren_id) values (${ars}, ${eigenes.id})`);
  const frei = await aVerfahren(database, { name: text('Unverlinktes Verfahren') });
  verfahren.push(frei.id);
  await app.services.verlinkung.alleNeuBerechnen();

  // Prädikat: application by the Kommune, recommendation and decision by two reviewers.
  const praedikatSeite = `/verwaltung/behoerden/${ars}/praedikat`;
  ok(
    'Prädikat-Antrag',
    await b('kommune_editor').submit(praedikatSeite, `${praedikatSeite}/antrag`, {
      kontaktName: text('Kontakt'),
      kontaktEmail: 'digital@stadt.example',
      websiteUrl: 'https://www.stadt.example/',
      schildGewuenscht: 'ja',
      schildFormat: 'A4',
      lieferadresse: text('Lieferadresse'),
    }),
  );
  const antragId = ((await database.db.execute(sql`select id from praedikat_antraege order by 1 limit 1`)).rows[0] as { id: string }).id;
  const antragUrl = `/verwaltung/praedikat/antraege/${antragId}`;
  ok('Empfehlung', await b('ministry_reviewer').submit(antragUrl, `${antragUrl}/empfehlung`, { wahl: 'verleihen', kommentar: text('Empfehlung') }));
  const zweite = new Browser(app);
  ok('login Zweitprüfung', await zweite.login(zweitePruefung.email));
  ok('Entscheidung', await zweite.submit(antragUrl, `${antragUrl}/entscheidung`, { wahl: 'verleihen', kommentar: text('Entscheidung') }));
  const nr = ((await database.db.execute(sql`select zertifikat_nr as nr from praedikate limit 1`)).rows[0] as { nr: string }).nr;
  const schilder = ((await database.db.execute(sql`select id from schild_bestellungen`)).rows as { id: string }[]).map((r) => r.id);

  // Förderantrag: one submitted, one draft.
  const foerder: string[] = [];
  for (const aktion of ['einreichen', 'speichern']) {
    const neu = `/foerderung/antraege/neu?ars=${ars}`;
    const res = await b('kommune_editor').submit(neu, neu, {
      ars,
      zeilen: '2',
      massnahme: text('Maßnahme'),
      onlineDienste: `${text('Dienst')}\nHundesteuer online`,
      'kosten-1-art': 'software_kauf',
      'kosten-1-bezeichnung': text('Kostenposition'),
      'kosten-1-betrag': '10.000,00',
      kontoinhaber: text('Kontoinhaber'),
      iban: 'DE02 1203 0000 0000 2020 51',
      kontaktName: text('Kontakt Förderung'),
      kontaktEmail: 'foerderung@stadt.example',
      'erklaerung-bayernId': 'ja',
      'erklaerung-mobil': 'ja',
      'erklaerung-erstmalig': 'ja',
      'erklaerung-richtigkeit': 'ja',
      postkorb: 'ja',
      ePayment: 'nicht_erforderlich',
      aktion: 'speichern',
    });
    ok('Förderantrag', res);
    const id = idIn(res.headers.location, /antraege\/([0-9a-f-]{36})/) as string;
    foerder.push(id);
    if (aktion === 'einreichen') {
      const akte = `/foerderung/antraege/${id}`;
      ok('Förderantrag einreichen', await b('kommune_editor').submit(akte, `${akte}/einreichen`, {}));
      // Four eyes: one officer recommends, another decides; the decision makes the Bescheid.
      ok('Förderantrag prüfen', await b('grant_officer').submit(akte, `${akte}/pruefen`, { empfehlung: 'bewilligen', kommentar: text('Prüfvermerk') }));
      const zweiteSachbearbeitung = new Browser(app);
      ok('login zweite Sachbearbeitung', await zweiteSachbearbeitung.login((await aUser(database, 'grant_officer')).email));
      ok('Förderantrag entscheiden', await zweiteSachbearbeitung.submit(akte, `${akte}/entscheiden`, { entscheidung: 'bewilligen', kommentar: text('Entscheidungsvermerk') }));
    }
  }

  // Digitallotse: a course and a registration.
  ok(
    'Kurs',
    await b('ministry_admin').submit('/verwaltung/digitallotse', '/verwaltung/digitallotse/kurse', { titel: text('Kurs'), beginn: '2030-04-15', ort: text('Kursort'), plaetze: '10', gebuehr: '890,00' }),
  );
  const kurse = ((await database.db.execute(sql`select id from digitallotse_kurse`)).rows as { id: string }[]).map((r) => r.id);
  const kursSeite = `/digitallotse/kurse/${kurse[0]}`;
  ok('Kursanmeldung', await b('kommune_editor').submit(kursSeite, `${kursSeite}/anmelden`, { ars, teilnehmerName: text('Lotsin'), teilnehmerEmail: 'lotsin@stadt.example', foerderung: 'ja' }));
  const kursAnmeldungen = ((await database.db.execute(sql`select id from digitallotse_anmeldungen`)).rows as { id: string }[]).map((r) => r.id);
  // Attendance of every module: the certificate of attendance becomes available.
  const teilnahme = `/verwaltung/digitallotse/kurse/${kurse[0]}`;
  const seiteTeilnahme = await b('ministry_admin').get(teilnahme);
  const module = [...new Set([...seiteTeilnahme.body.matchAll(/name="modul" value="(\d+)"/g)].map((m) => m[1]))];
  const anwesenheit = new URLSearchParams([['_csrf', csrfOf(seiteTeilnahme.body) ?? ''], ...module.map((m) => ['modul', m])]).toString();
  ok(
    'Anwesenheit',
    await app.inject({
      method: 'POST',
      url: `/verwaltung/digitallotse/anmeldungen/${kursAnmeldungen[0]}/anwesenheit`,
      headers: { cookie: b('ministry_admin').cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: anwesenheit,
    }),
  );

  // An information event and a registration.
  ok(
    'Veranstaltung',
    await b('ministry_admin').submit('/verwaltung/veranstaltungen', '/verwaltung/veranstaltungen', {
      titel: text('Veranstaltung'),
      thema: 'BayernID',
      beschreibung: text('Beschreibung der Veranstaltung'),
      datum: '2030-06-02',
      von: '10:00',
      bis: '11:30',
      link: 'https://video.bayern.example/raum/42',
      kapazitaet: '20',
    }),
  );
  const veranstaltungen = ((await database.db.execute(sql`select id from veranstaltungen`)).rows as { id: string }[]).map((r) => r.id);
  const vSeite = `/veranstaltungen/${veranstaltungen[0]}`;
  ok('Veranstaltungsanmeldung', await new Browser(app).submit(vSeite, `${vSeite}/anmelden`, { name: text('Teilnehmerin'), email: 'teilnehmerin@stadt.example', organisation: text('Organisation') }));
  ok('Zweite Veranstaltungsanmeldung', await new Browser(app).submit(vSeite, `${vSeite}/anmelden`, { name: text('Unbestätigt'), email: 'unbestaetigt@stadt.example' }));
  // Double opt-in: the links are in the mail log (no SMTP in tests). The first is confirmed (so the
  // name shows in the attendance list); the second stays open, its page is crawled.
  const bestaetigungsLinks = ((await database.db.execute(sql`select text from mails where art = 'veranstaltung.bestaetigung' order by erstellt_am`)).rows as { text: string }[]).map(
    (r) => new URL(r.text.match(/https?:\/\/\S+\/bestaetigen\?t=[A-Za-z0-9_-]+/)?.[0] as string),
  );
  const [ersterLink, zweiterLink] = bestaetigungsLinks;
  ok('Anmeldung bestätigen', await new Browser(app).submit(`${ersterLink.pathname}${ersterLink.search}`, ersterLink.pathname, { t: ersterLink.searchParams.get('t') as string }));
  const vAnmeldungen = ((await database.db.execute(sql`select id from veranstaltung_anmeldungen`)).rows as { id: string }[]).map((r) => r.id);

  // A checklist, published, answered by the Kommune.
  const neueListe = ok('Checkliste', await b('ministry_admin').submit('/verwaltung/checklisten', '/verwaltung/checklisten', { titel: text('Checkliste'), beschreibung: text('Checklisten-Beschreibung') }));
  const checkliste = idIn(neueListe.headers.location, /checklisten\/([0-9a-f-]{36})/) as string;
  const quelltext = `# ${text('Abschnitt')}\n- [bayernid] ${text('Punkt')}\n  Hilfe: ${text('Hilfe')}\n  Link: ${text('Linktext')} | https://id.bayernportal.de/\n`;
  ok('Checkliste Entwurf', await b('ministry_admin').submit(`/verwaltung/checklisten/${checkliste}`, `/verwaltung/checklisten/${checkliste}/entwurf`, { quelltext }));
  ok('Checkliste veröffentlichen', await b('ministry_admin').submit(`/verwaltung/checklisten/${checkliste}`, `/verwaltung/checklisten/${checkliste}/veroeffentlichen`, {}));
  const antwortSeite = `/verwaltung/behoerden/${ars}/checklisten/${checkliste}`;
  ok('Checkliste beantworten', await b('kommune_editor').submit(antwortSeite, antwortSeite, { status_bayernid: 'erledigt', kommentar_bayernid: text('Antwort') }));

  // An outreach campaign (the Kommune's editor is the recipient).
  const outreachFilter = '/verwaltung/outreach?anteilUnter=100&monateOhneAenderung=1&regbezKey=091';
  const kampagne = ok(
    'Outreach',
    await b('ministry_admin').submit(outreachFilter, '/verwaltung/outreach', { anteilUnter: '100', monateOhneAenderung: '1', regbezKey: '091', titel: text('Kampagne') }),
  );
  const kampagnen = [idIn(kampagne.headers.location, /outreach\/([0-9a-f-]{36})/) as string];

  // A page of the Informationspaket, published.
  const seite = ok('Infoseite', await b('ministry_admin').submit('/verwaltung/informationen', '/verwaltung/informationen', { titel: text('Infoseite'), slug: 'sicherheit', komponente: 'BayernID' }));
  const infoseite = idIn(seite.headers.location, /informationen\/([0-9a-f-]{36})/) as string;
  ok(
    'Infoseite Entwurf',
    await b('ministry_admin').submit(`/verwaltung/informationen/${infoseite}`, `/verwaltung/informationen/${infoseite}/entwurf`, { titel: text('Infoseite'), markdown: `## ${text('Überschrift')}\n\n${text('Absatz')} [${text('Link')}](${url('Markdown-Link')})` }),
  );
  ok('Infoseite veröffentlichen', await b('ministry_admin').submit(`/verwaltung/informationen/${infoseite}`, `/verwaltung/informationen/${infoseite}/veroeffentlichen`, {}));

  // A CSV upload with the text in every column (and a row with errors, so fehler.csv has content).
  const uploadPage = await b('it_dienstleister').get('/verwaltung/uploads');
  const csv = `ars;name;beschreibung;url;leika_schluessel\r\n${ars};${csvFeld(text('Upload-Verfahren'))};${csvFeld(text('Upload-Beschreibung'))};https://rz.example.org/a;99102013000000\r\n${ars};${csvFeld(text('Fehlerhaftes Verfahren'))};x;${csvFeld(url('Upload-URL'))};${csvFeld(text('LeiKa'))}\r\n`;
  const body = multipart({ _csrf: csrfOf(uploadPage.body) ?? '' }, { name: 'datei', filename: `${text('Datei')}.csv`, content: csv });
  const up = await app.inject({ method: 'POST', url: '/verwaltung/uploads', headers: { cookie: b('it_dienstleister').cookieHeader(), 'content-type': body.contentType }, payload: body.payload });
  ok('Upload', up, [303, 200, 400, 422]);
  const uploads = ((await database.db.execute(sql`select id from uploads`)).rows as { id: string }[]).map((r) => r.id);

  // An invited person (no SMTP in tests: the page shows the one-time link) and a second account with two roles.
  const einladung = ok(
    'Einladung',
    await b('ministry_admin').submit('/verwaltung/konten/einladen', '/verwaltung/konten/einladen', {
      email: 'eingeladen@stadt.example',
      name: text('Eingeladene Person'),
      rollen: 'kommune_editor',
      behoerden: ars,
    }),
    [201],
  );
  const einladungslink = (einladung.body.match(/<code id="einladungslink"[^>]*>([^<]+)</)?.[1] ?? '').slice(app.config.publicBaseUrl.length);
  const konten = ((await database.db.execute(sql`select id::text as id from users where email = 'eingeladen@stadt.example'`)).rows as { id: string }[]).map((r) => r.id);

  const abmelden = abmeldeLink(app.config.publicBaseUrl, geheimnisse(app.config).session[0], emails.get('kommune_editor') as string).slice(app.config.publicBaseUrl.length);

  return {
    links: [abmelden, `${zweiterLink.pathname}${zweiterLink.search}`, einladungslink],
    ars,
    andereArs,
    browsers,
    emails,
    ids: {
      ars: [ars, andereArs],
      verfahren,
      praedikatAntrag: [antragId],
      nr: [nr],
      schild: schilder,
      foerder,
      kurs: kurse,
      kursAnmeldung: kursAnmeldungen,
      veranstaltung: veranstaltungen,
      veranstaltungAnmeldung: vAnmeldungen,
      checkliste: [checkliste],
      kampagne: kampagnen,
      infoseite: [infoseite],
      slug: ['sicherheit'],
      upload: uploads,
      konto: konten,
    },
  };
}

const csvFeld = (s: string) => `"${s.replace(/"/g, '""')}"`;
