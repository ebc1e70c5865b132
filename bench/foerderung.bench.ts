/**
 * Grant approvals throughput: how fast the four-eyes decision commits grants in the budget ledger
 * (budget row lock, application row lock, rule check, commitment, step, audit, mails logged),
 * one after the other and with many at once. Run: npx tsx bench/foerderung.bench.ts
 */
import type { Handelnde } from '../src/shared/handelnde';
import crypto from 'node:crypto';
import { systemClock } from '../src/shared/clock';
import { testConfig } from '../src/shared/config';
import { fmt, openBenchDatabase, stats, summary, time } from './support';
import { createServices } from '../src/services/services';

const SEQUENZIELL = 100;
const PARALLEL = 200;

const { database, engine, cleanup } = await openBenchDatabase();
try {
  const config = testConfig();
  const services = createServices({ config, database, clock: systemClock });
  const f = services.foerderung;
  const officer = (n: string): Handelnde => ({ id: crypto.randomUUID(), email: `${n}@bench.example`, name: n, role: 'grant_officer', behoerden: [] });
  const [a, b] = [officer('pruefung'), officer('entscheidung')];
  const behoerden = await database.query<{ ars: string }>(`select ars from behoerden where aktiv order by ars limit ${SEQUENZIELL + PARALLEL}`);

  /** Applications submitted and checked by A, ready for B's decision. */
  const vorbereiten = async (arsList: string[]) => {
    const ids: string[] = [];
    for (const ars of arsList) {
      const editor: Handelnde = { id: crypto.randomUUID(), email: `redaktion.${ars}@bench.example`, role: 'kommune_editor', behoerden: [ars] };
      const x = await f.erstelleEntwurf(editor, ars, {
        massnahme: 'Online-Dienste (Benchmark)',
        beschreibung: '',
        onlineDienste: ['Gewerbeanmeldung'],
        kontoinhaber: 'Kasse',
        iban: 'DE02120300000000202051',
        kontaktName: 'Bench',
        kontaktEmail: `bench.${ars}@bench.example`,
        erklaerungen: { bayernId: true, postkorb: 'ja', ePayment: 'ja', mobil: true, erstmalig: true, richtigkeit: true },
        positionen: [{ art: 'software_kauf', bezeichnung: 'Software', betragCent: 1_000_000n }],
      });
      await f.reicheEin(editor, x.id);
      await f.pruefe(a, x.id, { empfehlung: 'bewilligen' });
      ids.push(x.id);
    }
    return ids;
  };

  const t0 = performance.now();
  const seqIds = await vorbereiten(behoerden.slice(0, SEQUENZIELL).map((x) => x.ars));
  const parIds = await vorbereiten(behoerden.slice(SEQUENZIELL).map((x) => x.ars));
  const vorbereitungMs = performance.now() - t0;

  const einzeln: number[] = [];
  for (const id of seqIds) einzeln.push((await time(() => f.entscheide(b, id, { entscheidung: 'bewilligen' })))[0]);

  const [parallelMs] = await time(() => Promise.all(parIds.map((id) => f.entscheide(b, id, { entscheidung: 'bewilligen' }))));
  const h = await f.haushalt(a);
  if (!h.stimmtUeberein || h.stand.gebundenCent !== BigInt(SEQUENZIELL + PARALLEL) * 800_000n) throw new Error('ledger does not match the approvals');

  const s = stats(einzeln);
  console.log(`### Förderprogramm: approvals (${engine})

${SEQUENZIELL + PARALLEL} applications of 8,000 EUR each, prepared (draft, submit, check) in ${(vorbereitungMs / 1000).toFixed(1)} s; ledger checked afterwards (commitments = approvals).

| what | n | p50 | p95 | max | throughput |
|---|---|---|---|---|---|
| one approval at a time (lock, rules, commitment, step, audit, 2 mails logged) | ${s.n} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.max)} | ${(1000 / s.mean).toFixed(0)} /s |
| ${PARALLEL} approvals at once (Promise.all; serialised by the budget row lock) | ${PARALLEL} | – | – | ${fmt(parallelMs)} total | ${((PARALLEL * 1000) / parallelMs).toFixed(0)} /s |

${summary(`grant approval one at a time (${engine}), p50 / p95`, `${fmt(s.p50)} / ${fmt(s.p95)} (${(1000 / s.mean).toFixed(0)} /s)`)}
${summary(`${PARALLEL} grant approvals at once (${engine}), throughput`, `${((PARALLEL * 1000) / parallelMs).toFixed(0)} /s (${fmt(parallelMs)} in all; ledger checked)`)}
`);
} finally {
  await cleanup();
}
