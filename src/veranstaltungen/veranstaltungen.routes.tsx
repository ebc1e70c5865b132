/** Virtuelle Informationsveranstaltungen: public list, registration, .ics per event and feed; ministry pages. Handlers stay thin. */
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, NotFoundError } from '../shared/errors';
import type { FieldError } from '../shared/layout';
import { pageContext, sendPage } from '../shared/web';
import { THEMEN } from './veranstaltungen.service';
import { BestaetigenPage, TeilnahmePage, VeranstaltungenPage, VeranstaltungPage, VerwaltungPage } from './views/veranstaltungen.views';
import { MINISTERIUM } from '../auth/roles';

const MELDUNGEN: Record<string, string> = {
  angemeldet: 'Fast geschafft: Bitte bestätigen Sie Ihre Anmeldung über den Link, den wir Ihnen gerade per E-Mail geschickt haben. Erst dann ist Ihr Platz reserviert.',
  bestaetigt: 'Sie sind angemeldet. Die Bestätigung mit dem Einwahllink ist per E-Mail unterwegs.',
  angelegt: 'Die Veranstaltung ist angelegt.',
  teilnahme: 'Die Teilnahme ist gespeichert.',
};
const idParam = z.object({ id: z.uuid() });
const anmeldeForm = z.object({
  name: z.string().trim().min(2, 'Bitte geben Sie Ihren Namen an.').max(200),
  email: z.string().trim().max(254).pipe(z.email('Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@gemeinde.bayern.de.')),
  organisation: z.string().trim().max(200).optional(),
});

/** Wall-clock time in Bavaria (date + HH:MM) to an instant, summer time included. */
export function berlinZuUtc(datum: string, uhrzeit: string): Date {
  const naiv = new Date(`${datum}T${uhrzeit}:00Z`);
  const teile = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(naiv)
      .map((p) => [p.type, p.value]),
  );
  const offset = new Date(`${teile.year}-${teile.month}-${teile.day}T${teile.hour}:${teile.minute}:00Z`).getTime() - naiv.getTime();
  return new Date(naiv.getTime() - offset);
}

const neuForm = z
  .object({
    titel: z.string().trim().min(3, 'Bitte geben Sie einen Titel an.').max(200),
    thema: z.enum(THEMEN, 'Bitte wählen Sie ein Thema aus der Liste.'),
    beschreibung: z.string().trim().max(2000).default(''),
    datum: z.iso.date('Bitte geben Sie das Datum an.'),
    von: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Bitte geben Sie den Beginn als Uhrzeit an, z. B. 10:00.'),
    bis: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Bitte geben Sie das Ende als Uhrzeit an, z. B. 11:30.'),
    link: z.url({ protocol: /^https$/, message: 'Bitte geben Sie den Einwahllink mit https:// an.' }),
    kapazitaet: z.coerce.number().int().min(1, 'Mindestens ein Platz.').max(10_000),
  })
  .refine((f) => f.bis > f.von, { path: ['bis'], message: 'Das Ende muss nach dem Beginn liegen.' });

export async function veranstaltungenRoutes(app: FastifyInstance) {
  const service = app.services.veranstaltungen;
  const meldung = (req: FastifyRequest) => MELDUNGEN[(req.query as { meldung?: string }).meldung ?? ''];
  const id = (req: FastifyRequest) => {
    const p = idParam.safeParse(req.params);
    if (!p.success) throw new NotFoundError('Diese Veranstaltung gibt es nicht.');
    return p.data.id;
  };
  /**
   * Calendars poll the feed: an ETag lets them revalidate for free (304). It covers the events,
   * not DTSTAMP, which names the moment the file was made (RFC 5545 §3.8.7.2 with METHOD:PUBLISH).
   */
  const ics = (req: FastifyRequest, reply: FastifyReply, text: string, datei: string) => {
    const etag = `"${crypto.createHash('sha256').update(text.replace(/^DTSTAMP:.*$/gm, '')).digest('base64url').slice(0, 27)}"`;
    reply.header('etag', etag).header('cache-control', 'no-cache');
    const inm = req.headers['if-none-match'];
    if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*')) return reply.code(304).send();
    return reply.type('text/calendar; charset=utf-8').header('content-disposition', `inline; filename="${datei}"`).send(text);
  };

  app.get('/veranstaltungen', { config: { access: 'public' } }, async (req, reply) => sendPage(reply, <VeranstaltungenPage ctx={pageContext(req, reply)} vs={await service.alle()} />));
  app.get('/veranstaltungen.ics', { config: { access: 'public' } }, async (req, reply) => ics(req, reply, await service.feed(), 'veranstaltungen.ics'));

  const renderEine = async (req: FastifyRequest, reply: FastifyReply, vid: string, extra: { werte?: Record<string, string>; errors?: FieldError[]; status?: number } = {}) =>
    sendPage(reply, <VeranstaltungPage ctx={pageContext(req, reply)} v={await service.eine(vid)} jetzt={app.services.clock.now()} werte={extra.werte} errors={extra.errors} meldung={meldung(req)} />, extra.status);

  app.get('/veranstaltungen/:id', { config: { access: 'public' } }, async (req, reply) => renderEine(req, reply, id(req)));
  app.get('/veranstaltungen/:id/termin.ics', { config: { access: 'public' } }, async (req, reply) => ics(req, reply, await service.ics(id(req)), 'termin.ics'));

  const proAdresse = { max: app.config.veranstaltungen.anmeldungenProMinute, timeWindow: '1 minute' };
  app.post('/veranstaltungen/:id/anmelden', { config: { access: 'public', rateLimit: proAdresse } }, async (req, reply) => {
    const vid = id(req);
    const raw = (req.body ?? {}) as Record<string, string>;
    const form = anmeldeForm.safeParse(raw);
    if (!form.success) return renderEine(req, reply, vid, { werte: raw, errors: form.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message })), status: 400 });
    try {
      await service.meldeAn(vid, form.data, req.id);
    } catch (e) {
      if (e instanceof AppError && e.status === 409) return renderEine(req, reply, vid, { werte: raw, errors: e.details.length ? e.details.map((d) => ({ field: d.field ?? 'name', message: d.message })) : [{ field: 'name', message: e.message }], status: 409 });
      throw e;
    }
    return reply.redirect(`/veranstaltungen/${vid}?meldung=angemeldet`, 303);
  });

  // Double opt-in: the link in the mail opens a page with one button; only the POST confirms,
  // so a mail scanner that follows links does not confirm on the person's behalf.
  const tokenAus = (quelle: unknown) => {
    const t = (quelle as { t?: unknown } | undefined)?.t;
    return typeof t === 'string' && /^[A-Za-z0-9_-]{20,100}$/.test(t) ? t : '';
  };
  app.get('/veranstaltungen/:id/bestaetigen', { config: { access: 'public' } }, async (req, reply) => {
    const token = tokenAus(req.query);
    const r = await service.bestaetigung(id(req), token);
    return sendPage(reply, <BestaetigenPage ctx={pageContext(req, reply)} v={r.v} token={token} fehler={r.fehler} />, r.fehler === 'unbekannt' ? 404 : r.fehler ? 410 : 200);
  });
  app.post('/veranstaltungen/:id/bestaetigen', { config: { access: 'public', rateLimit: proAdresse } }, async (req, reply) => {
    const vid = id(req);
    const token = tokenAus(req.body);
    try {
      await service.bestaetige(vid, token, req.id);
    } catch (e) {
      if (e instanceof AppError && e.status < 500) {
        return sendPage(reply, <BestaetigenPage ctx={pageContext(req, reply)} v={await service.eine(vid)} token={token} meldung={e.message} />, e.status);
      }
      throw e;
    }
    return reply.redirect(`/veranstaltungen/${vid}?meldung=bestaetigt`, 303);
  });

  const renderVerwaltung = async (req: FastifyRequest, reply: FastifyReply, extra: { werte?: Record<string, string>; errors?: FieldError[]; status?: number } = {}) =>
    sendPage(reply, <VerwaltungPage ctx={pageContext(req, reply)} vs={await service.alle({ alle: true })} werte={extra.werte} errors={extra.errors} meldung={meldung(req)} />, extra.status);

  app.get('/verwaltung/veranstaltungen', { config: { access: MINISTERIUM } }, async (req, reply) => renderVerwaltung(req, reply));
  app.post('/verwaltung/veranstaltungen', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const raw = (req.body ?? {}) as Record<string, string>;
    const form = neuForm.safeParse(raw);
    if (!form.success) return renderVerwaltung(req, reply, { werte: raw, errors: form.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message })), status: 400 });
    const f = form.data;
    await service.legeAn(req.user!, { titel: f.titel, thema: f.thema, beschreibung: f.beschreibung, beginn: berlinZuUtc(f.datum, f.von), ende: berlinZuUtc(f.datum, f.bis), link: f.link, kapazitaet: f.kapazitaet }, req.id);
    return reply.redirect('/verwaltung/veranstaltungen?meldung=angelegt', 303);
  });
  app.get('/verwaltung/veranstaltungen/:id', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const vid = id(req);
    const { bestaetigt, unbestaetigt } = await service.teilnehmende(req.user!, vid);
    return sendPage(reply, <TeilnahmePage ctx={pageContext(req, reply)} v={await service.eine(vid)} teilnehmende={bestaetigt} unbestaetigt={unbestaetigt} meldung={meldung(req)} />);
  });
  app.post('/verwaltung/veranstaltungen/:id/teilnahme', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const vid = id(req);
    const a = (req.body as { anwesend?: string | string[] } | undefined)?.anwesend;
    await service.erfasseTeilnahme(req.user!, vid, a === undefined ? [] : Array.isArray(a) ? a : [a], req.id);
    return reply.redirect(`/verwaltung/veranstaltungen/${vid}?meldung=teilnahme`, 303);
  });
}
