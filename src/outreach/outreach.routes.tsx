/** Outreach to hesitant Kommunen: selection and preview (ministry), sending, unsubscribe without login. Handlers stay thin. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, NotFoundError } from '../shared/errors';
import { pageContext, sendPage } from '../shared/web';
import type { AuswahlFilter } from './outreach.repository';
import { AbmeldenPage, AuswahlPage, KampagnePage } from './views/outreach.views';
import { MINISTERIUM } from '../auth/roles';

const leerAlsUndefined = (v: unknown) => (v === '' || v === undefined ? undefined : v);
const filterSchema = z.object({
  anteilUnter: z.preprocess(leerAlsUndefined, z.coerce.number().int().min(1).max(100).optional()),
  monateOhneAenderung: z.preprocess(leerAlsUndefined, z.coerce.number().int().min(1).max(120).optional()),
  regbezKey: z.preprocess(leerAlsUndefined, z.string().regex(/^\d{3}$/).optional()),
});
const MELDUNGEN: Record<string, string> = {
  vorbereitet: 'Die Mails und Briefe sind vorbereitet. Prüfen Sie die Vorschau, dann senden Sie.',
  gestartet: 'Der Versand ist gestartet.',
};

export async function outreachRoutes(app: FastifyInstance) {
  const service = app.services.outreach;

  const seite = async (req: FastifyRequest, filter: AuswahlFilter, mitTreffern: boolean, errors: { field: string; message: string }[] = [], status = 200) => {
    const [treffer, kampagnen, rb] = await Promise.all([mitTreffern ? service.auswahl(req.user!, filter) : undefined, service.kampagnen(req.user!), service.regierungsbezirke(req.user!)]);
    return { treffer, kampagnen, rb, errors, status };
  };

  app.get('/verwaltung/outreach', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const q = req.query as Record<string, string>;
    const f = filterSchema.safeParse(q);
    const filter: AuswahlFilter = f.success ? f.data : {};
    const gefiltert = Object.keys(q).some((k) => k in filterSchema.shape);
    const s = await seite(req, filter, gefiltert && f.success);
    const errors = f.success ? [] : [{ field: 'anteilUnter', message: 'Bitte geben Sie ganze Zahlen an: Anteil 1–100 %, Monate 1–120.' }];
    return sendPage(reply, <AuswahlPage ctx={pageContext(req, reply)} filter={filter} regbez={s.rb} treffer={s.treffer} kampagnen={s.kampagnen} errors={errors} />, errors.length ? 400 : 200);
  });

  app.post('/verwaltung/outreach', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const f = filterSchema.safeParse(body);
    if (!f.success) {
      const s = await seite(req, {}, false);
      return sendPage(reply, <AuswahlPage ctx={pageContext(req, reply)} filter={{}} regbez={s.rb} treffer={s.treffer} kampagnen={s.kampagnen} errors={[{ field: 'anteilUnter', message: 'Bitte geben Sie ganze Zahlen an: Anteil 1–100 %, Monate 1–120, Regierungsbezirk dreistellig.' }]} />, 400);
    }
    const filter = f.data;
    const titel = (typeof body.titel === 'string' ? body.titel : '').trim();
    if (titel.length < 3) {
      const s = await seite(req, filter, true);
      return sendPage(reply, <AuswahlPage ctx={pageContext(req, reply)} filter={filter} regbez={s.rb} treffer={s.treffer} kampagnen={s.kampagnen} errors={[{ field: 'titel', message: 'Bitte geben Sie der Kampagne einen Namen (mindestens 3 Zeichen).' }]} />, 400);
    }
    try {
      const k = await service.bereiteVor(req.user!, titel.slice(0, 200), filter, req.id);
      return reply.redirect(`/verwaltung/outreach/${k.id}?meldung=vorbereitet`, 303);
    } catch (e) {
      if (e instanceof AppError && e.status === 400) {
        const s = await seite(req, filter, true);
        return sendPage(reply, <AuswahlPage ctx={pageContext(req, reply)} filter={filter} regbez={s.rb} treffer={s.treffer} kampagnen={s.kampagnen} errors={[{ field: 'anteilUnter', message: e.message }]} />, 400);
      }
      throw e;
    }
  });

  const kampagneId = (req: FastifyRequest) => {
    const p = z.object({ id: z.uuid() }).safeParse(req.params);
    if (!p.success) throw new NotFoundError('Diese Kampagne gibt es nicht.');
    return p.data.id;
  };

  app.get('/verwaltung/outreach/:id', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const k = await service.kampagne(req.user!, kampagneId(req));
    const meldung = MELDUNGEN[(req.query as { meldung?: string }).meldung ?? ''];
    return sendPage(reply, <KampagnePage ctx={pageContext(req, reply)} k={k} mailsProMinute={app.config.outreach.mailsProMinute} meldung={meldung} />);
  });

  app.get('/verwaltung/outreach/:id/briefe.csv', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const { csv } = await service.briefeCsv(req.user!, kampagneId(req));
    return reply
      .type('text/csv; charset=utf-8; header=present')
      .header('content-disposition', `attachment; filename="serienbrief-${kampagneId(req)}.csv"`)
      .header('cache-control', 'no-store')
      .send(csv);
  });

  app.post('/verwaltung/outreach/:id/senden', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const id = kampagneId(req);
    const r = await service.sende(req.user!, id, req.id);
    // The run continues in the background; errors end up in the log, rows keep their status.
    r.lauf?.catch((e) => req.log.error({ err: e }, 'Outreach-Versand abgebrochen'));
    return reply.redirect(`/verwaltung/outreach/${id}?meldung=gestartet`, 303);
  });

  /* Unsubscribe without login: GET shows a button (link scanners must not unsubscribe), POST does it. */
  const abmeldeSchema = z.object({ e: z.string().max(400).default(''), t: z.string().max(100).default('') });
  /** A link that is not ours (too long, repeated fields) is just an invalid link: the page says so with 400. */
  const abmeldeQuery = { parse: (v: unknown) => abmeldeSchema.safeParse(v ?? {}).data ?? { e: '', t: '' } };
  app.get('/outreach/abmelden', { config: { access: 'public' } }, async (req, reply) => {
    const { e, t } = abmeldeQuery.parse(req.query ?? {});
    const email = service.pruefeLink(e, t);
    return sendPage(reply, <AbmeldenPage ctx={pageContext(req, reply)} email={email} e={e} t={t} />, email ? 200 : 400);
  });
  app.post('/outreach/abmelden', { config: { access: 'public' } }, async (req, reply) => {
    const { e, t } = abmeldeQuery.parse(req.body ?? {});
    const email = await service.meldeAb(e, t);
    return sendPage(reply, <AbmeldenPage ctx={pageContext(req, reply)} email={email} e={e} t={t} erledigt />, email ? 200 : 400);
  });
}
