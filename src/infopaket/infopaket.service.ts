/** Informationspaket: the ministry writes pages in Markdown as drafts and publishes versions; anyone reads and searches. No Fastify, no SQL. */

import { istMinisterium } from '../auth/berechtigung';
import { recordAudit } from '../shared/audit';
import type { Clock } from '../shared/clock';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import type { InfopaketRepository } from './infopaket.repository';
import { type Handelnde } from '../shared/handelnde';

export const KOMPONENTEN = ['BayernPortal', 'BayernID', 'Postkorb', 'E-Payment', 'Zentrale Online-Verfahren'] as const;

export function createInfopaketService(repo: InfopaketRepository, clock: Clock) {
  const pruefe = (u: Handelnde) => {
    if (!istMinisterium(u)) throw new ForbiddenError('Nur das Ministerium schreibt das Informationspaket.', [], 'NUR_MINISTERIUM');
  };
  const seite = async (id: string) => {
    const s = await repo.seite(id);
    if (!s) throw new NotFoundError('Diese Seite gibt es nicht.');
    return s;
  };
  return {
    /** Published pages, optionally matching a search term. */
    veroeffentlicht: (suche?: string) => repo.veroeffentlicht(suche?.trim() || undefined),

    async lies(slug: string) {
      const s = await repo.seiteNachSlug(slug);
      const v = s && (await repo.letzteVeroeffentlichte(s.id));
      if (!s || !v) throw new NotFoundError('Diese Seite gibt es nicht.');
      return { ...s, titel: v.titel, markdown: v.markdown, version: v.version, veroeffentlichtAm: v.veroeffentlichtAm };
    },

    async alle(u: Handelnde) {
      pruefe(u);
      return repo.alle();
    },

    async bearbeiten(u: Handelnde, id: string) {
      pruefe(u);
      const s = await seite(id);
      return { ...s, entwurf: await repo.entwurf(id), aktuell: await repo.letzteVeroeffentlichte(id), versionen: await repo.versionen(id) };
    },

    async legeAn(u: Handelnde, e: { slug: string; komponente: string; titel: string }, requestId?: string) {
      pruefe(u);
      if (await repo.seiteNachSlug(e.slug)) throw new ConflictError('Diese Adresse ist schon vergeben.', [{ field: 'slug', message: 'Diese Adresse ist schon vergeben.' }], 'TITEL_VERGEBEN');
      return repo.db.transaction(async (tx) => {
        const s = await repo.legeAn(tx, { slug: e.slug, komponente: e.komponente, angelegtAm: clock.now() });
        await repo.legeVersionAn(tx, { seiteId: s.id, version: 1, status: 'entwurf', titel: e.titel, markdown: `# ${e.titel}\n`, geaendertVon: u.id, geaendertAm: clock.now() });
        await recordAudit(tx, { id: u.id, label: u.email, requestId }, { action: 'infoseite.angelegt', objectType: 'infoseite', objectId: s.id, after: e });
        return s;
      });
    },

    async speichereEntwurf(u: Handelnde, id: string, e: { titel: string; markdown: string }, requestId?: string) {
      pruefe(u);
      await seite(id);
      if (e.titel.trim().length < 3) throw new ValidationError('Bitte geben Sie einen Titel an.', [{ field: 'titel', message: 'Bitte geben Sie einen Titel an (mindestens 3 Zeichen).' }]);
      await repo.db.transaction(async (tx) => {
        await repo.sperre(tx, id);
        const d = await repo.entwurf(id, tx);
        if (d) await repo.aendereVersion(tx, d.id, { titel: e.titel.trim(), markdown: e.markdown, geaendertVon: u.id, geaendertAm: clock.now() });
        else await repo.legeVersionAn(tx, { seiteId: id, version: (await repo.hoechsteVersion(tx, id)) + 1, status: 'entwurf', titel: e.titel.trim(), markdown: e.markdown, geaendertVon: u.id, geaendertAm: clock.now() });
        await recordAudit(tx, { id: u.id, label: u.email, requestId }, { action: 'infoseite.entwurf', objectType: 'infoseite', objectId: id, before: d ? { titel: d.titel, markdown: d.markdown } : undefined, after: e });
      });
    },

    async veroeffentliche(u: Handelnde, id: string, requestId?: string) {
      pruefe(u);
      return repo.db.transaction(async (tx) => {
        await repo.sperre(tx, id);
        const d = await repo.entwurf(id, tx);
        if (!d) throw new ConflictError('Es gibt keinen Entwurf zum Veröffentlichen.', [], 'KEIN_ENTWURF');
        await repo.aendereVersion(tx, d.id, { status: 'veroeffentlicht', veroeffentlichtAm: clock.now() });
        await recordAudit(tx, { id: u.id, label: u.email, requestId }, { action: 'infoseite.veroeffentlicht', objectType: 'infoseite', objectId: id, after: { version: d.version } });
        return d.version;
      });
    },
  };
}

export type InfopaketService = ReturnType<typeof createInfopaketService>;
