/**
 * Förderprogramm „Digitales Rathaus“: JSON API under /api/v1/foerderung and the pages under
 * /foerderung. Handlers stay thin: parse, call the service, render or redirect (PRG).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, NotFoundError, ValidationError } from '../shared/errors';
import type { FieldError } from '../shared/layout';
import { pageContext, parseOrThrow, sendPage } from '../shared/web';
import { parseEuro } from './foerderung.regeln';
import {
  antragIdParam,
  antragInput,
  einreichenBody,
  satzVorschlagBody,
  antragListeSchema,
  antragSchema,
  entscheidenBody,
  freigebenBody,
  haushaltSchema,
  leseAntragsFormular,
  MIN_ZEILEN,
  nachweisBody,
  nachweisPruefenBody,
  pruefenBody,
  statistikSchema,
  toEingabe,
  uebersichtQuery,
} from './foerderung.schemas';
import { STATUS_TEXT, type Status } from './foerderung.service';
import { darfAlleSehen, darfBeantragen, istSachbearbeitung } from './foerderung.kern';
import type { Handelnde } from '../shared/handelnde';
import { AktePage } from './views/akte.views';
import { AntragFormPage, werteAusAntrag } from './views/antrag.views';
import { HaushaltPage, StartPage, StatistikPage, UebersichtPage } from './views/verwaltung.views';
import { type ArbeitslisteAnsicht, ArbeitslistePage, BETRAGS_STUFEN, betragsStufen, SORTIERUNGEN, STATUS_WAHL } from './views/arbeitsliste.views';
import { PRO_SEITE } from '../shared/filter-hinweis';
import { ZU_BEARBEITEN } from './foerderung.repository';
import { STATUS } from './foerderung.status';
import { filterLeser } from '../shared/filter';

import { errorResponse } from '../shared/api.schemas';
import { BAYERN_TYPEN } from '../shared/behoerde-typen';
import { FOERDER_LESER } from '../auth/roles';

const ANTRAGSTELLER = ['kommune_editor'] as const;
const SACHBEARBEITUNG = ['grant_officer'] as const;

const MELDUNGEN: Record<string, string> = {
  gespeichert: 'Der Entwurf ist gespeichert. Die Regelprüfung unten zeigt, was noch fehlt.',
  eingereicht: 'Der Antrag ist eingereicht. Sie erhalten eine Eingangsbestätigung per E-Mail.',
  geprueft: 'Die Prüfung ist gespeichert. Über den Antrag entscheidet nun eine andere Person.',
  bewilligt: 'Der Antrag ist bewilligt, die Mittel sind gebunden und der Zuwendungsbescheid ist erstellt.',
  abgelehnt: 'Der Antrag ist abgelehnt; der Ablehnungsbescheid ist erstellt.',
  nachweis: 'Der Verwendungsnachweis ist eingegangen.',
  nachweis_geprueft: 'Der Verwendungsnachweis ist geprüft; die Auszahlung kann freigegeben werden.',
  freigabe1: 'Die erste Freigabe ist erteilt. Die zweite Freigabe erteilt eine andere Person.',
  ausgezahlt: 'Die Auszahlung ist freigegeben und gebucht.',
  satz_vorgeschlagen: 'Der erhöhte Fördersatz ist vorgeschlagen. Bestätigen muss eine andere Person.',
  satz_bestaetigt: 'Der erhöhte Fördersatz ist bestätigt; die Regelprüfung rechnet mit ihm.',
  satz_zurueckgenommen: 'Der Vorschlag des erhöhten Fördersatzes ist zurückgenommen.',
};

export async function foerderungRoutes(appRaw: FastifyInstance) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const service = app.services.foerderung;
  const person = (req: FastifyRequest): Handelnde => req.user as Handelnde;
  const opts = (req: FastifyRequest) => ({ requestId: req.id });

  /* ------------------------------------------------------------------ JSON mapping */

  const cent = (v: bigint | null | undefined) => (v === null || v === undefined ? null : v.toString());
  const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
  const toJson = (akte: Awaited<ReturnType<typeof service.akte>>) => {
    const a = akte.antrag;
    return {
      id: a.id,
      aktenzeichen: a.aktenzeichen,
      behoerde: { ars: a.behoerdeArs, name: akte.behoerde?.name ?? a.behoerdeArs, typ: akte.behoerde?.typ ?? '', regierungsbezirk: akte.behoerde?.regbez_name ?? null },
      status: a.status as Status,
      statusText: STATUS_TEXT[a.status as Status]?.de ?? a.status,
      massnahme: a.massnahme,
      beschreibung: a.beschreibung,
      onlineDienste: a.onlineDienste,
      besondererHandlungsbedarf: a.besondererHandlungsbedarf,
      foerdersatz: {
        rmbh: akte.satz.rmbh,
        grundlage: akte.satz.grundlage,
        text: akte.satz.text,
        liste: akte.satz.liste,
        bestaetigung: akte.satz.bestaetigung
          ? {
              status: akte.satz.bestaetigung.status,
              vorgeschlagenVon: akte.satz.bestaetigung.vorgeschlagenVonLabel,
              vorgeschlagenAm: akte.satz.bestaetigung.vorgeschlagenAm.toISOString(),
              begruendung: akte.satz.bestaetigung.begruendung,
              quelle: akte.satz.bestaetigung.quelle,
              bestaetigtVon: akte.satz.bestaetigung.status === 'bestaetigt' ? akte.satz.bestaetigung.erledigtVonLabel : null,
              bestaetigtAm: akte.satz.bestaetigung.status === 'bestaetigt' && akte.satz.bestaetigung.erledigtAm ? akte.satz.bestaetigung.erledigtAm.toISOString() : null,
            }
          : null,
      },
      nichtFoerderfaehigBestaetigt: a.nichtFoerderfaehigBestaetigt,
      kontoinhaber: a.kontoinhaber,
      iban: a.iban,
      kontaktName: a.kontaktName,
      kontaktEmail: a.kontaktEmail,
      erklaerungen: a.erklaerungen,
      positionen: akte.kosten.map((k) => ({ position: k.position, art: k.art, bezeichnung: k.bezeichnung, betragCent: k.betragCent.toString(), lizenzJahre: k.lizenzJahre, einmalZahlung: k.einmalZahlung })),
      zuwendungsfaehigCent: cent(a.zuwendungsfaehigCent),
      foerdersatzProzent: a.foerdersatzProzent,
      foerderbetragCent: cent(a.foerderbetragCent),
      auszahlungCent: cent(a.auszahlungCent),
      eingereicht: { label: a.eingereichtAm ? 'Antragsteller' : null, am: iso(a.eingereichtAm) },
      geprueft: { label: a.geprueftVonLabel, am: iso(a.geprueftAm), empfehlung: a.empfehlung },
      entschieden: { label: a.entschiedenVonLabel, am: iso(a.entschiedenAm) },
      bescheidAm: a.bescheidAm,
      nachweis: { faelligAm: a.nachweisFaelligAm, eingegangenAm: a.nachweisEingegangenAm, ausgabenCent: cent(a.nachweisAusgabenCent), geprueftAm: a.nachweisGeprueftAm, geprueftVon: a.nachweisGeprueftVonLabel },
      freigabe1: { label: a.freigabe1VonLabel, am: iso(a.freigabe1Am) },
      freigabe2: { label: a.freigabe2VonLabel, am: iso(a.freigabe2Am) },
      ausgezahltAm: a.ausgezahltAm,
      demo: a.demo,
      schritte: akte.schritte.map((s) => ({ schritt: s.schritt, vonStatus: s.vonStatus, nachStatus: s.nachStatus, von: s.actorLabel, kommentar: s.kommentar, am: new Date(s.at).toISOString() })),
      buchungen: akte.buchungen.map((b) => ({ art: b.art, betragCent: b.betragCent.toString(), von: b.actorLabel, am: new Date(b.at).toISOString() })),
      pruefung: akte.pruefung,
      aktionen: akte.aktionen,
    };
  };
  const listeJson = (r: Awaited<ReturnType<typeof service.uebersicht>>) => ({
    total: r.total,
    summeBewilligtCent: r.summeBewilligtCent.toString(),
    summeAusgezahltCent: r.summeAusgezahltCent.toString(),
    items: r.items.map((x) => ({
      id: x.id,
      aktenzeichen: x.aktenzeichen,
      status: x.status,
      behoerde: { ars: x.behoerde_ars, name: x.behoerde_name },
      regierungsbezirk: x.regbez_name,
      massnahme: x.massnahme,
      foerderbetragCent: x.foerderbetrag_cent,
      auszahlungCent: x.auszahlung_cent,
      bescheidAm: x.bescheid_am,
      nachweisFaelligAm: x.nachweis_faellig_am,
      nachweisEingegangenAm: x.nachweis_eingegangen_am,
      nachweisGeprueftAm: x.nachweis_geprueft_am,
      demo: x.demo,
    })),
  });
  const akteJson = async (req: FastifyRequest, id: string) => toJson(await service.akte(person(req), id));

  /* ------------------------------------------------------------------ API */

  const tags = ['foerderung'];
  const fehler = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

  app.get(
    '/api/v1/foerderung/antraege',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Grant applications: the overview for officers and the ministry (filters), the own Behörden for applicants',
        querystring: uebersichtQuery,
        response: { 200: antragListeSchema, ...fehler },
      },
    },
    async (req) => {
      const u = person(req);
      const q = req.query;
      if (darfAlleSehen(u)) {
        return listeJson(await service.uebersicht(u, { status: q.status, regierungsbezirk: q.regierungsbezirk, ueberfaellig: q.ueberfaellig, jahr: q.jahr, suchbegriff: q.q, limit: q.proSeite, offset: (q.seite - 1) * q.proSeite }));
      }
      const { antraege } = await service.meineAntraege(u);
      return {
        total: antraege.length,
        summeBewilligtCent: '0',
        summeAusgezahltCent: '0',
        items: antraege.map((a) => ({
          id: a.id,
          aktenzeichen: a.aktenzeichen,
          status: a.status,
          behoerde: { ars: a.behoerdeArs, name: a.behoerde_name },
          regierungsbezirk: null,
          massnahme: a.massnahme,
          foerderbetragCent: cent(a.foerderbetragCent),
          auszahlungCent: cent(a.auszahlungCent),
          bescheidAm: a.bescheidAm,
          nachweisFaelligAm: a.nachweisFaelligAm,
          nachweisEingegangenAm: a.nachweisEingegangenAm,
          nachweisGeprueftAm: a.nachweisGeprueftAm,
          demo: a.demo,
        })),
      };
    },
  );

  app.post(
    '/api/v1/foerderung/antraege',
    {
      config: { access: ANTRAGSTELLER },
      schema: {
        tags,
        summary: 'Create a draft application (editors of the applicant Behörde)',
        description: 'Money as cents (decimal string). Cookie-authenticated calls send the CSRF token (GET /api/v1/csrf) in `x-csrf-token`.',
        body: antragInput,
        response: { 201: antragSchema, ...fehler },
      },
    },
    async (req, reply) => {
      if (!req.body.behoerdeArs) throw new ValidationError('behoerdeArs fehlt.', [{ field: 'behoerdeArs', message: 'Bitte geben Sie die antragstellende Behörde an.' }]);
      const a = await service.erstelleEntwurf(person(req), req.body.behoerdeArs, toEingabe(req.body), opts(req));
      return reply.code(201).send(await akteJson(req, a.id));
    },
  );

  app.get(
    '/api/v1/foerderung/antraege/:id',
    { config: { access: 'authenticated' }, schema: { tags, summary: 'One application: data, rule check, steps, ledger entries, possible actions', params: antragIdParam, response: { 200: antragSchema, ...fehler } } },
    async (req) => akteJson(req, req.params.id),
  );

  app.put(
    '/api/v1/foerderung/antraege/:id',
    { config: { access: ANTRAGSTELLER }, schema: { tags, summary: 'Replace a draft (frozen after submission)', params: antragIdParam, body: antragInput, response: { 200: antragSchema, ...fehler } } },
    async (req) => {
      await service.aktualisiereEntwurf(person(req), req.params.id, toEingabe(req.body), opts(req));
      return akteJson(req, req.params.id);
    },
  );

  const schritt = <B extends z.ZodType>(pfad: string, summary: string, access: readonly ('kommune_editor' | 'grant_officer')[], body: B | undefined, run: (req: FastifyRequest, id: string, body: z.output<B>) => Promise<unknown>) =>
    app.post(
      `/api/v1/foerderung/antraege/:id/${pfad}`,
      { config: { access: access as ('kommune_editor' | 'grant_officer')[] }, schema: { tags, summary, params: antragIdParam, ...(body ? { body } : {}), response: { 200: antragSchema, ...fehler } } },
      async (req) => {
        const { id } = req.params as { id: string };
        await run(req, id, req.body as z.output<B>);
        return akteJson(req, id);
      },
    );

  schritt(
    'einreichen',
    'Submit a draft (full validation; frozen afterwards; confirmation mail). An application the rule check says cannot be granted needs `nichtFoerderfaehigBestaetigt: true` (else 400 naming the failed rules)',
    ANTRAGSTELLER,
    einreichenBody,
    (req, id, b) => service.reicheEin(person(req), id, { ...opts(req), nichtFoerderfaehigBestaetigt: b.nichtFoerderfaehigBestaetigt }),
  );
  schritt('foerdersatz/vorschlagen', 'First officer: propose the higher rate (only without the official Gebietskulisse installed) with reason and source', SACHBEARBEITUNG, satzVorschlagBody, (req, id, b) =>
    service.schlageSatzVor(person(req), id, b, opts(req)),
  );
  schritt('foerdersatz/bestaetigen', 'Second officer (not the proposer): confirm the higher rate', SACHBEARBEITUNG, undefined, (req, id) => service.bestaetigeSatz(person(req), id, opts(req)));
  schritt('foerdersatz/zuruecknehmen', 'Withdraw an open proposal of the higher rate (either officer)', SACHBEARBEITUNG, undefined, (req, id) => service.zieheSatzZurueck(person(req), id, opts(req)));
  schritt('pruefen', 'First officer: check and recommend', SACHBEARBEITUNG, pruefenBody, (req, id, b) => service.pruefe(person(req), id, b, opts(req)));
  schritt('entscheiden', 'Second officer (not the checker): approve — commits the budget — or reject', SACHBEARBEITUNG, entscheidenBody, (req, id, b) => service.entscheide(person(req), id, b, opts(req)));
  schritt('nachweis', 'Applicant: submit the proof of use (Verwendungsnachweis)', ANTRAGSTELLER, nachweisBody, (req, id, b) => service.reicheNachweisEin(person(req), id, b, opts(req)));
  schritt('nachweis-pruefen', 'Officer: check the proof of use; sets the payout', SACHBEARBEITUNG, nachweisPruefenBody, (req, id, b) => service.pruefeNachweis(person(req), id, b, opts(req)));
  schritt('freigeben', 'Officer: payout release (the second by a different person pays out)', SACHBEARBEITUNG, freigebenBody, (req, id, b) => service.gebeFrei(person(req), id, b, opts(req)));

  app.get(
    '/api/v1/foerderung/antraege/:id/bescheid.pdf',
    { config: { access: 'authenticated' }, schema: { tags, summary: 'Grant or rejection notice as tagged PDF', params: antragIdParam, produces: ['application/pdf'] } },
    async (req, reply) => {
      const { dateiname, pdf } = await service.bescheid(person(req), req.params.id);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${dateiname}"`).header('cache-control', 'no-store').send(pdf);
    },
  );

  app.get(
    '/api/v1/foerderung/uebersicht.csv',
    { config: { access: FOERDER_LESER }, schema: { tags, summary: 'Grant overview as CSV (semicolon, UTF-8 with BOM; formula cells neutralised)', querystring: uebersichtQuery, produces: ['text/csv'] } },
    async (req, reply) => csvAntwort(req, reply, req.query),
  );

  app.get(
    '/api/v1/foerderung/haushalt',
    { config: { access: FOERDER_LESER }, schema: { tags, summary: 'Budget: total, ledger sums, remaining, and the reconciliation with the overview', response: { 200: haushaltSchema, 401: errorResponse, 403: errorResponse } } },
    async (req) => {
      const h = await service.haushalt(person(req), 1, 1);
      return {
        gesamtCent: h.stand.gesamtCent.toString(),
        gebundenCent: h.stand.gebundenCent.toString(),
        ausgezahltCent: h.stand.ausgezahltCent.toString(),
        entbundenCent: h.stand.entbundenCent.toString(),
        restCent: h.restCent.toString(),
        offeneBindungenCent: h.offenCent.toString(),
        summeBewilligtCent: h.summeBewilligtCent.toString(),
        stimmtUeberein: h.stimmtUeberein,
      };
    },
  );

  app.get(
    '/api/v1/foerderung/statistik',
    { config: { access: FOERDER_LESER }, schema: { tags, summary: 'Statistics: applications by status, Regierungsbezirk and year; budget', response: { 200: statistikSchema, 401: errorResponse, 403: errorResponse } } },
    async (req) => {
      const s = await service.statistik(person(req));
      return {
        eingereicht: s.eingereicht,
        bewilligt: s.bewilligt,
        haushalt: {
          gesamtCent: s.stand.gesamtCent.toString(),
          gebundenCent: s.stand.gebundenCent.toString(),
          ausgezahltCent: s.stand.ausgezahltCent.toString(),
          entbundenCent: s.stand.entbundenCent.toString(),
          restCent: s.restCent.toString(),
          offeneBindungenCent: s.offenCent.toString(),
        },
        nachStatus: s.nachStatus.map((x) => ({ status: x.status, anzahl: x.anzahl, summeCent: x.summe })),
        nachRegierungsbezirk: s.nachRegbez.map((x) => ({ ars: x.ars, name: x.name, antraege: x.antraege, bewilligt: x.bewilligt, summeCent: x.summe })),
        nachJahr: s.nachJahr.map((x) => ({ jahr: x.jahr, antraege: x.antraege, bewilligt: x.bewilligt, summeCent: x.summe })),
      };
    },
  );

  app.post(
    '/api/v1/foerderung/erinnerungen',
    { config: { access: SACHBEARBEITUNG }, schema: { tags, summary: 'Send the “proof of use due” reminders (once per grant)', response: { 200: z.object({ erinnert: z.number().int() }), 401: errorResponse, 403: errorResponse } } },
    async (req) => service.erinnereNachweise(person(req), opts(req)),
  );

  const csvAntwort = async (req: FastifyRequest, reply: FastifyReply, q: z.output<typeof uebersichtQuery>) => {
    const csv = await service.uebersichtCsv(person(req), { status: q.status, regierungsbezirk: q.regierungsbezirk, ueberfaellig: q.ueberfaellig, jahr: q.jahr, suchbegriff: q.q });
    const stamp = new Date().toISOString().slice(0, 10);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="foerderuebersicht-${stamp}.csv"`).header('cache-control', 'no-store').send(csv);
  };

  /* ------------------------------------------------------------------ Pages */

  const idAus = (req: FastifyRequest) => {
    const r = antragIdParam.safeParse(req.params);
    if (!r.success) throw new NotFoundError('Diesen Förderantrag gibt es nicht.');
    return r.data.id;
  };

  app.get('/foerderung', { config: { access: 'authenticated' } }, async (req, reply) => {
    const u = person(req);
    const rolle = u.role === 'kommune_editor' ? 'antragsteller' : istSachbearbeitung(u) ? 'sachbearbeitung' : darfAlleSehen(u) ? 'ministerium' : 'andere';
    const meine = rolle === 'antragsteller' ? await service.meineAntraege(u) : undefined;
    return sendPage(reply, <StartPage ctx={pageContext(req, reply)} settings={service.settings} rolle={rolle} meine={meine} />);
  });

  const formSeite = async (req: FastifyRequest, reply: FastifyReply, ars: string, p: { werte: Record<string, string>; zeilen: number; errors: FieldError[]; action: string; aktenzeichen?: string; status?: number; meldung?: string }) => {
    const daten = await service.formularDaten(person(req), ars);
    // The rule check as it would run on submission, from what is entered so far.
    const { eingabe } = leseAntragsFormular(p.werte);
    const vorschau = eingabe.positionen.length > 0 ? await service.vorschau(person(req), ars, eingabe) : undefined;
    return sendPage(
      reply,
      <AntragFormPage
        ctx={pageContext(req, reply)}
        behoerde={daten.behoerde}
        anzahlDienste={daten.anzahlDienste}
        verlinkteDienste={daten.verlinkteDienste}
        werte={p.werte}
        zeilen={p.zeilen}
        errors={p.errors}
        action={p.action}
        aktenzeichen={p.aktenzeichen}
        regeln={service.settings}
        satz={daten.satz}
        vorschau={vorschau}
        meldung={p.meldung}
      />,
      p.status ?? 200,
    );
  };

  const arsAus = (v: unknown) => {
    const ars = typeof v === 'string' ? v : '';
    if (!/^\d{3}(\d{2})?(\d{4})?(\d{3})?$/.test(ars)) throw new NotFoundError('Bitte wählen Sie die antragstellende Behörde.');
    return ars;
  };

  const fehlerAus = (e: unknown): { errors: FieldError[]; status: number } | undefined => {
    if (!(e instanceof AppError) || e.status >= 500 || e.status === 403 || e.status === 404 || e.status === 401) return undefined;
    const errors = e.details.length ? e.details.map((d) => ({ field: d.field ?? 'naechster-schritt', message: d.message })) : [{ field: 'naechster-schritt', message: e.message }];
    return { errors, status: e.status };
  };

  app.get('/foerderung/antraege/neu', { config: { access: ANTRAGSTELLER } }, async (req, reply) => {
    const ars = arsAus((req.query as { ars?: string }).ars ?? person(req).behoerden[0]);
    const u = person(req);
    return formSeite(req, reply, ars, {
      werte: { kontaktName: u.name ?? '', kontaktEmail: u.email, postkorb: '', ePayment: '' },
      zeilen: MIN_ZEILEN,
      errors: [],
      action: `/foerderung/antraege/neu?ars=${ars}`,
    });
  });

  /** Save (and maybe submit) a draft from the form: new when `id` is undefined. */
  const speichereFormular = async (req: FastifyRequest, reply: FastifyReply, id: string | undefined) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const aktion = typeof body.aktion === 'string' ? body.aktion : 'speichern';
    const { eingabe, werte, fehler, zeilen } = leseAntragsFormular(body);
    const bestehend = id ? await service.akte(person(req), id) : undefined;
    const ars = bestehend ? bestehend.antrag.behoerdeArs : arsAus((req.query as { ars?: string }).ars ?? body.ars);
    const action = id ? `/foerderung/antraege/${id}/bearbeiten` : `/foerderung/antraege/neu?ars=${ars}`;
    const aktenzeichen = bestehend?.antrag.aktenzeichen;
    if (aktion === 'zeile') return formSeite(req, reply, ars, { werte, zeilen: Math.min(30, zeilen + 1), errors: [], action, aktenzeichen });
    if (fehler.length) return formSeite(req, reply, ars, { werte, zeilen, errors: fehler, action, aktenzeichen, status: 400 });
    let antragId = id;
    try {
      if (id) await service.aktualisiereEntwurf(person(req), id, eingabe, opts(req));
      else antragId = (await service.erstelleEntwurf(person(req), ars, eingabe, opts(req))).id;
    } catch (e) {
      const f = fehlerAus(e);
      if (!f) throw e;
      return formSeite(req, reply, ars, { werte, zeilen, errors: f.errors, action, aktenzeichen, status: f.status });
    }
    if (aktion === 'einreichen') {
      try {
        await service.reicheEin(person(req), antragId as string, { ...opts(req), nichtFoerderfaehigBestaetigt: body.nichtFoerderfaehigBestaetigt === 'ja' });
      } catch (e) {
        const f = fehlerAus(e);
        if (!f) throw e;
        const akte = await service.akte(person(req), antragId as string);
        return formSeite(req, reply, ars, {
          werte,
          zeilen,
          errors: f.errors,
          action: `/foerderung/antraege/${antragId}/bearbeiten`,
          aktenzeichen: akte.antrag.aktenzeichen,
          status: f.status,
          meldung: 'Der Entwurf ist gespeichert, aber noch nicht vollständig. Bitte ergänzen Sie die markierten Angaben.',
        });
      }
      return reply.redirect(`/foerderung/antraege/${antragId}?meldung=eingereicht`, 303);
    }
    return reply.redirect(`/foerderung/antraege/${antragId}?meldung=gespeichert`, 303);
  };

  app.post('/foerderung/antraege/neu', { config: { access: ANTRAGSTELLER } }, async (req, reply) => speichereFormular(req, reply, undefined));

  app.get('/foerderung/antraege/:id/bearbeiten', { config: { access: ANTRAGSTELLER } }, async (req, reply) => {
    const id = idAus(req);
    const akte = await service.akte(person(req), id);
    if (akte.antrag.status !== 'entwurf' || !darfBeantragen(person(req), akte.antrag.behoerdeArs)) return reply.redirect(`/foerderung/antraege/${id}`, 303);
    return formSeite(req, reply, akte.antrag.behoerdeArs, {
      werte: werteAusAntrag(akte.antrag, akte.kosten),
      zeilen: Math.max(MIN_ZEILEN, akte.kosten.length + 1),
      errors: [],
      action: `/foerderung/antraege/${id}/bearbeiten`,
      aktenzeichen: akte.antrag.aktenzeichen,
    });
  });

  app.post('/foerderung/antraege/:id/bearbeiten', { config: { access: ANTRAGSTELLER } }, async (req, reply) => speichereFormular(req, reply, idAus(req)));

  const aktenSeite = async (req: FastifyRequest, reply: FastifyReply, id: string, p: { meldung?: string; errors?: FieldError[]; status?: number } = {}) =>
    sendPage(reply, <AktePage ctx={pageContext(req, reply)} akte={await service.akte(person(req), id)} meldung={p.meldung} errors={p.errors ?? []} />, p.status ?? 200);

  app.get('/foerderung/antraege/:id', { config: { access: 'authenticated' } }, async (req, reply) => {
    const meldung = MELDUNGEN[(req.query as { meldung?: string }).meldung ?? ''];
    return aktenSeite(req, reply, idAus(req), { meldung });
  });

  app.get('/foerderung/antraege/:id/bescheid.pdf', { config: { access: 'authenticated' } }, async (req, reply) => {
    const { dateiname, pdf } = await service.bescheid(person(req), idAus(req));
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${dateiname}"`).header('cache-control', 'no-store').send(pdf);
  });

  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  /** A step from the Akte's forms: on a domain error re-render the Akte with the message, else redirect. */
  const formSchritt =
    (run: (req: FastifyRequest, id: string, body: Record<string, unknown>) => Promise<string>, access: readonly ('kommune_editor' | 'grant_officer')[], pfad: string) =>
    () =>
      app.post(`/foerderung/antraege/:id/${pfad}`, { config: { access: access as ('kommune_editor' | 'grant_officer')[] } }, async (req, reply) => {
        const id = idAus(req);
        try {
          const meldung = await run(req, id, (req.body ?? {}) as Record<string, unknown>);
          return reply.redirect(`/foerderung/antraege/${id}?meldung=${meldung}`, 303);
        } catch (e) {
          const f = fehlerAus(e);
          if (!f) throw e;
          return aktenSeite(req, reply, id, {
            errors: f.errors.map((x) => ({ ...x, field: ['kommentar', 'ausgaben', 'sachbericht', 'anerkannt', 'begruendung', 'quelle', 'nichtFoerderfaehigBestaetigt'].includes(x.field) ? x.field : x.field.includes('-') ? x.field : 'naechster-schritt' })),
            status: f.status,
          });
        }
      });

  const betragAusFormular = (text: string, field: string) => {
    const r = parseEuro(text);
    if (!r.ok) throw new ValidationError('Bitte prüfen Sie den Betrag.', [{ field, message: r.fehler }]);
    return r.cent;
  };
  const wahl = <T extends string>(v: unknown, erlaubt: readonly T[], field: string, message: string): T => {
    if (typeof v === 'string' && (erlaubt as readonly string[]).includes(v)) return v as T;
    throw new ValidationError(message, [{ field, message }]);
  };

  formSchritt(
    async (req, id, b) => {
      await service.reicheEin(person(req), id, { ...opts(req), nichtFoerderfaehigBestaetigt: b.nichtFoerderfaehigBestaetigt === 'ja' });
      return 'eingereicht';
    },
    ANTRAGSTELLER,
    'einreichen',
  )();
  formSchritt(
    async (req, id, b) => {
      await service.pruefe(person(req), id, { empfehlung: wahl(b.empfehlung, ['bewilligen', 'ablehnen'] as const, 'empfehlung-bewilligen', 'Bitte wählen Sie eine Empfehlung.'), kommentar: str(b.kommentar) }, opts(req));
      return 'geprueft';
    },
    SACHBEARBEITUNG,
    'pruefen',
  )();
  formSchritt(
    async (req, id, b) => {
      const entscheidung = wahl(b.entscheidung, ['bewilligen', 'ablehnen'] as const, 'entscheidung-bewilligen', 'Bitte wählen Sie bewilligen oder ablehnen.');
      await service.entscheide(person(req), id, { entscheidung, kommentar: str(b.kommentar) }, opts(req));
      return entscheidung === 'bewilligen' ? 'bewilligt' : 'abgelehnt';
    },
    SACHBEARBEITUNG,
    'entscheiden',
  )();
  formSchritt(
    async (req, id, b) => {
      await service.reicheNachweisEin(person(req), id, { ausgabenCent: betragAusFormular(str(b.ausgaben), 'ausgaben'), sachbericht: str(b.sachbericht) }, opts(req));
      return 'nachweis';
    },
    ANTRAGSTELLER,
    'nachweis',
  )();
  formSchritt(
    async (req, id, b) => {
      await service.pruefeNachweis(person(req), id, { anerkanntCent: betragAusFormular(str(b.anerkannt), 'anerkannt'), kommentar: str(b.kommentar) }, opts(req));
      return 'nachweis_geprueft';
    },
    SACHBEARBEITUNG,
    'nachweis-pruefen',
  )();
  formSchritt(
    async (req, id, b) => {
      const r = await service.gebeFrei(person(req), id, { kommentar: str(b.kommentar) }, opts(req));
      return r.ausgezahlt ? 'ausgezahlt' : 'freigabe1';
    },
    SACHBEARBEITUNG,
    'freigeben',
  )();
  formSchritt(
    async (req, id, b) => {
      await service.schlageSatzVor(person(req), id, { begruendung: str(b.begruendung), quelle: str(b.quelle) }, opts(req));
      return 'satz_vorgeschlagen';
    },
    SACHBEARBEITUNG,
    'foerdersatz/vorschlagen',
  )();
  formSchritt(
    async (req, id) => {
      await service.bestaetigeSatz(person(req), id, opts(req));
      return 'satz_bestaetigt';
    },
    SACHBEARBEITUNG,
    'foerdersatz/bestaetigen',
  )();
  formSchritt(
    async (req, id) => {
      await service.zieheSatzZurueck(person(req), id, opts(req));
      return 'satz_zurueckgenommen';
    },
    SACHBEARBEITUNG,
    'foerdersatz/zuruecknehmen',
  )();

  /** The work list's filters, read leniently: an unknown value is left out and named on the page (never a 400). */
  const leseArbeitsliste = (query: unknown, bezirke: string[]) => {
    const f = filterLeser(query);
    const ansicht: ArbeitslisteAnsicht = {
      status: f.wahl('status', STATUS_WAHL) ?? 'offen',
      regierungsbezirk: f.wahl('regierungsbezirk', bezirke),
      typ: f.wahl('typ', BAYERN_TYPEN),
      mindestAlterTage: f.zahl('mindestAlterTage', 0, 36_500),
      betrag: f.wahl('betrag', BETRAGS_STUFEN),
      regelwarnung: f.ja('regelwarnung'),
      nichtFoerderfaehig: f.ja('nichtFoerderfaehig'),
      satzOffen: f.ja('satzOffen'),
      ueberfaellig: f.ja('ueberfaellig'),
      fuerMich: f.ja('fuerMich'),
      sort: f.wahl('sort', SORTIERUNGEN) ?? 'eingang',
      seite: f.zahl('seite', 1, 100_000) ?? 1,
      proSeite: Number(f.wahl('proSeite', PRO_SEITE.map(String)) ?? 100),
    };
    f.zahl('erinnert', 0, 1_000_000);
    return { ansicht, ignoriert: f.ignoriert.filter((i) => i.feld !== 'erinnert') };
  };

  app.get('/foerderung/arbeitsliste', { config: { access: FOERDER_LESER } }, async (req, reply) => {
    const regierungsbezirke = await service.regierungsbezirke();
    const { ansicht: q, ignoriert } = leseArbeitsliste(req.query, regierungsbezirke.map((r) => r.ars));
    const stufe = q.betrag ? betragsStufen(service.settings, 'de')[q.betrag] : undefined;
    const liste = await service.arbeitsliste(person(req), {
      status: q.status === 'offen' ? ZU_BEARBEITEN : q.status === 'alle' ? STATUS.filter((x) => x !== 'entwurf') : [q.status],
      regierungsbezirk: q.regierungsbezirk,
      typ: q.typ,
      mindestAlterTage: q.mindestAlterTage,
      betragMinCent: stufe?.min,
      betragMaxCent: stufe?.max,
      nurRegelwarnungen: q.regelwarnung,
      nurNichtFoerderfaehig: q.nichtFoerderfaehig,
      nurSatzOffen: q.satzOffen,
      nurUeberfaellig: q.ueberfaellig,
      nurFuerMich: q.fuerMich,
      sort: q.sort,
      limit: q.proSeite,
      offset: (q.seite - 1) * q.proSeite,
    });
    const erinnert = (req.query as { erinnert?: string }).erinnert;
    const meldung = erinnert !== undefined && /^\d+$/.test(erinnert) ? `${erinnert} Erinnerung(en) versendet.` : undefined;
    return sendPage(
      reply,
      <ArbeitslistePage
        ctx={pageContext(req, reply)}
        liste={liste}
        filter={q}
        ignoriert={ignoriert}
        regierungsbezirke={regierungsbezirke}
        regeln={service.settings}
        darfErinnern={istSachbearbeitung(person(req))}
        meldung={meldung}
      />,
    );
  });

  app.post('/foerderung/erinnerungen', { config: { access: SACHBEARBEITUNG } }, async (req, reply) => {
    const r = await service.erinnereNachweise(person(req), opts(req));
    return reply.redirect(`/foerderung/arbeitsliste?erinnert=${r.erinnert}`, 303);
  });

  const leseUebersichtQuery = (req: FastifyRequest) => {
    return parseOrThrow(uebersichtQuery, req.query, 'Die Filterangaben sind ungültig.');
  };

  app.get('/foerderung/uebersicht', { config: { access: FOERDER_LESER } }, async (req, reply) => {
    const q = leseUebersichtQuery(req);
    const [result, regierungsbezirke] = await Promise.all([
      service.uebersicht(person(req), { status: q.status, regierungsbezirk: q.regierungsbezirk, ueberfaellig: q.ueberfaellig, jahr: q.jahr, suchbegriff: q.q, limit: q.proSeite, offset: (q.seite - 1) * q.proSeite }),
      service.regierungsbezirke(),
    ]);
    return sendPage(reply, <UebersichtPage ctx={pageContext(req, reply)} query={q} result={result} regierungsbezirke={regierungsbezirke} />);
  });

  app.get('/foerderung/uebersicht.csv', { config: { access: FOERDER_LESER } }, async (req, reply) => csvAntwort(req, reply, leseUebersichtQuery(req)));

  app.get('/foerderung/statistik', { config: { access: FOERDER_LESER } }, async (req, reply) => sendPage(reply, <StatistikPage ctx={pageContext(req, reply)} s={await service.statistik(person(req))} />));

  app.get('/foerderung/haushalt', { config: { access: FOERDER_LESER } }, async (req, reply) => {
    const seite = z.coerce.number().int().min(1).max(100_000).catch(1).parse((req.query as { seite?: string }).seite ?? 1);
    return sendPage(reply, <HaushaltPage ctx={pageContext(req, reply)} h={await service.haushalt(person(req), seite)} />);
  });
}
