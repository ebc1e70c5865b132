/** 410 Gone with a page that says why: the sign print file or the certificate of a revoked award. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../shared/errors';
import { pageContext, sendPage } from '../shared/web';
import { WiderrufenGonePage } from './views/oeffentlich.views';

export async function sendeWiderrufenGone(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, nr: string, was: 'schild' | 'urkunde') {
  const service = app.services.praedikat;
  const p = await service.praedikat(nr);
  if (!p) throw new NotFoundError(`Kein Prädikat mit der Nummer ${nr}.`);
  const [oeffentlich, b] = await Promise.all([service.praedikatVon(p.behoerdeArs), app.services.behoerden.get(p.behoerdeArs)]);
  const aktuell = oeffentlich?.zertifikatNr === nr ? oeffentlich : null;
  return sendPage(
    reply,
    <WiderrufenGonePage ctx={pageContext(req, reply)} nr={nr} name={b.name} ars={p.behoerdeArs} was={was} widerrufenAm={aktuell?.widerrufenAm ?? null} grund={aktuell?.statusGrund ?? null} />,
    410,
  );
}
