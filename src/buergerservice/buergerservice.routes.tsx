/** Bürgerservice: the page /buergerservice and the API under /api/v1. Handlers stay thin. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { NotFoundError } from '../shared/errors';
import type { FieldError } from '../shared/layout';
import { pageContext, sendPage } from '../shared/web';
import { buergerserviceQuery, buergerserviceResponse, orteQuery, orteResponse } from './buergerservice.schemas';
import { OrtUnbekanntError } from './buergerservice.service';
import { BuergerservicePage, type BuergerserviceSeite, ortMitZusatz } from './views/buergerservice.views';
import { errorResponse } from '../shared/api.schemas';

const seitenQuery = z.object({
  ort: z.string().max(100, 'Der Ort darf höchstens 100 Zeichen lang sein.').optional(),
  q: z.string().max(100, 'Das Stichwort darf höchstens 100 Zeichen lang sein.').optional(),
});

export async function buergerserviceRoutes(appRaw: FastifyInstance) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const service = app.services.buergerservice;
  const stand = async () => (await app.services.portal.datenStand()).schluessel;

  app.get(
    '/api/v1/buergerservice',
    {
      config: { access: 'public' },
      schema: {
        tags: ['buergerservice'],
        summary: 'Online-Verfahren open to the residents of a Gemeinde, across levels',
        description:
          'Who is responsible for the residents of the Gemeinde `ort` (`zustaendig`: the Gemeinde or its Verwaltungsgemeinschaft, the Landkreis or the kreisfreie Stadt, the Bezirk, the Freistaat) and every Online-Verfahren with electronic submission they offer (`items`), each with the Behörde that offers it. ' +
          'A procedure a Behörde links is listed under that Behörde; the Freistaat’s zentrale procedures that none of them links are listed under `land`. `q` filters by Leistung. Demo deployments simulate the links.',
        querystring: buergerserviceQuery,
        response: { 200: buergerserviceResponse, 400: errorResponse, 404: errorResponse },
      },
    },
    async (req) => {
      try {
        const r = await service.angebot(req.query.ort, req.query.q, await stand());
        return { ...r, items: r.items.map((i) => ({ ...i, leika: i.leistungen.map((l) => l.schluessel).filter((s): s is string => s !== null) })) };
      } catch (e) {
        if (e instanceof OrtUnbekanntError) {
          throw new NotFoundError(e.gemeindefrei ? `${e.ars} is an uninhabited area (gemeindefreies Gebiet) without residents or a municipality` : `No Gemeinde with ARS ${e.ars}`, [
            { field: 'ort', message: 'unknown Gemeinde' },
          ]);
        }
        throw e;
      }
    },
  );

  app.get(
    '/api/v1/orte',
    {
      config: { access: 'public' },
      schema: {
        tags: ['buergerservice'],
        summary: 'Find a Gemeinde by name, postcode or key (for GET /api/v1/buergerservice)',
        description:
          'Up to 30 inhabited Gemeinden. Names are matched umlaut-tolerant (ü = ue = u) with whole-word matches first; places of the same name are told apart by `zusatz` (their Landkreis). The official data lists one postcode per Gemeinde (that of its seat where it has several).',
        querystring: orteQuery,
        response: { 200: orteResponse, 400: errorResponse },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return { items: (await service.orteSuchen(req.query.q)).treffer };
    },
  );

  app.get('/buergerservice', { config: { access: 'public' } }, async (req, reply) => {
    const de = req.locale === 'de';
    const parsed = seitenQuery.safeParse(req.query);
    const schwellen = app.config.thresholds;
    const seite: BuergerserviceSeite = { ortEingabe: '', q: '', fehler: [], schwellen };
    const antworten = (status = 200) => sendPage(reply, <BuergerservicePage ctx={pageContext(req, reply)} seite={seite} />, status);
    if (!parsed.success) {
      seite.fehler = parsed.error.issues.map((i): FieldError => ({ field: String(i.path[0] ?? 'ort'), message: i.message }));
      return antworten(400);
    }
    const ort = parsed.data.ort?.trim() ?? '';
    const q = parsed.data.q?.trim() ?? '';
    seite.ortEingabe = ort;
    seite.q = q;
    if (!ort) {
      if (q) seite.fehler = [{ field: 'ort', message: de ? 'Bitte geben Sie Ihren Wohnort ein.' : 'Please enter where you live.' }];
      return antworten(q ? 400 : 200);
    }
    if (/^\d{12}$/.test(ort)) {
      try {
        seite.ergebnis = await service.angebot(ort, q, await stand());
        // The field shows the place by name; searched again, the name finds exactly this place.
        seite.ortEingabe = ortMitZusatz(seite.ergebnis.ort);
        return antworten();
      } catch (e) {
        if (!(e instanceof OrtUnbekanntError)) throw e;
        seite.fehler = [{ field: 'ort', message: e.message }];
        return antworten(404);
      }
    }
    const suche = await service.orteSuchen(ort);
    if (suche.treffer.length === 1) {
      // One place: its canonical address, which can be bookmarked and shared.
      const p = new URLSearchParams({ ort: suche.treffer[0].ars });
      if (q) p.set('q', q);
      return reply.redirect(`/buergerservice?${p.toString()}`, 303);
    }
    if (suche.treffer.length === 0) {
      seite.fehler = [
        {
          field: 'ort',
          message:
            suche.art === 'plz'
              ? de
                ? `Zur Postleitzahl ${ort} kennt das amtliche Gemeindeverzeichnis keine Gemeinde. Es nennt je Gemeinde nur eine Postleitzahl; bitte suchen Sie nach dem Namen Ihres Ortes.`
                : `The official register lists no municipality with postcode ${ort}. It has one postcode per municipality; please search by the name of your place.`
              : de
                ? `Keine Gemeinde „${ort}“ gefunden. Prüfen Sie die Schreibweise, oder geben Sie die Postleitzahl ein.`
                : `No municipality “${ort}” found. Check the spelling, or enter the postcode.`,
        },
      ];
      return antworten(404);
    }
    seite.auswahl = suche.treffer;
    return antworten();
  });
}
