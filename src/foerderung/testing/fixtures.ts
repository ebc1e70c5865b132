/**
 * Fixtures for the Förderprogramm tests: an applicant Behörde with N linked counting online
 * services, the people of the four-eyes workflow, and application inputs that say only what
 * matters to a test.
 */
import type { Handelnde } from '../../shared/handelnde';
import { sql } from 'drizzle-orm';
import { aBehoerde, aVerfahren, type BehoerdeFixture } from '../../../tests/support/builders';
import { aUser } from '../../../tests/support/app';
import type { Database } from '../../shared/db';
import type { Services } from '../../services/services';
import type { AntragEingabe } from '../foerderung.kern';
import type { Kostenposition } from '../foerderung.regeln';

/** A Behörde whose first `dienste` linked services count (names „Dienst 1“ …). */
export async function einAntragsteller(database: Database, services: Services, f: BehoerdeFixture & { dienste?: number } = {}) {
  const b = await aBehoerde(database, f);
  const namen: string[] = [];
  for (let i = 1; i <= (f.dienste ?? 25); i++) {
    const v = await aVerfahren(database, { name: `Dienst ${i} ${b.ars}` });
    namen.push(v.name);
    await database.db.execute(sql`insert into verlinkungen (behoerde_ars, verfahren_id) values (${b.ars}, ${v.id})`);
  }
  await services.verlinkung.alleNeuBerechnen();
  const editor = await aUser(database, 'kommune_editor', [b.ars]);
  return { ...b, dienste: namen, editor: { ...editor, behoerden: [b.ars] } as Handelnde };
}

export async function sachbearbeitung(database: Database, n = 3): Promise<Handelnde[]> {
  const out: Handelnde[] = [];
  for (let i = 0; i < n; i++) out.push({ ...(await aUser(database, 'grant_officer')), behoerden: [] } as Handelnde);
  return out;
}

export const einePosition = (f: Partial<Kostenposition> = {}): Kostenposition => ({ art: 'software_kauf', bezeichnung: 'Fachverfahren Bürgerservice', betragCent: 1_000_000n, ...f });

/** A complete, fundable application input (10,000 EUR software → 8,000 EUR at 80 %). */
export const eineEingabe = (f: Partial<AntragEingabe> = {}): AntragEingabe => ({
  massnahme: 'Online-Gewerbeanmeldung einführen',
  beschreibung: 'Kauf und Einrichtung des Fachverfahrens.',
  onlineDienste: ['Gewerbeanmeldung online'],
  kontoinhaber: 'Gemeindekasse',
  iban: 'DE02 1203 0000 0000 2020 51',
  kontaktName: 'Erika Muster',
  kontaktEmail: 'erika.muster@gemeinde.example',
  erklaerungen: { bayernId: true, postkorb: 'ja', ePayment: 'nicht_erforderlich', mobil: true, erstmalig: true, richtigkeit: true },
  positionen: [einePosition()],
  ...f,
});
