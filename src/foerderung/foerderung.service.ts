/**
 * Förderprogramm „Digitales Rathaus“: applications from draft to payout, with the four-eyes
 * principle, the budget ledger, the grant overview (VV Nr. 9 zu Art. 44 BayHO), statistics,
 * notifications and the Bescheid. No Fastify, no SQL: the repository does the SQL, the rules live
 * in foerderung.regeln.ts, the PDF in foerderung.bescheid.ts.
 *
 * Four eyes: the officer who checks an application (Prüfung) cannot decide it, and the two payout
 * releases need two different officers. Both are enforced here, in the service, so pages, API and
 * CLI get the same answer, and the Akte shows who did each step.
 *
 * Budget: every approval and payout runs in one transaction that first locks the budget row
 * (`select … for update`, see the repository), then the application row, re-reads both and
 * computes the rules on what it read. Concurrent approvals — in one process or in several app
 * instances on one PostgreSQL — therefore run one after the other; none can commit more than the
 * remaining budget, and the unique ledger index (application, kind) makes a double commitment of
 * one grant impossible even for code that forgets the status check.
 */
import { createFoerderungAntraege } from './foerderung.antraege';
import { createFoerderungEntscheidungen } from './foerderung.entscheidungen';
import { createFoerderungKern, type FoerderungDeps } from './foerderung.kern';

export { STATUS, STATUS_TEXT, type Status, tagInBayern } from './foerderung.status';

/** The service: the applicant's side (foerderung.antraege.ts) and the officers' (foerderung.entscheidungen.ts) on one core. */
export const createFoerderungService = (deps: FoerderungDeps) => {
  const kern = createFoerderungKern(deps);
  const { settings, regeln } = kern;
  const service = {
    settings,
    regeln,
    ...createFoerderungAntraege(kern),
    ...createFoerderungEntscheidungen(kern),
  };
  return service;
};

export type FoerderungService = ReturnType<typeof createFoerderungService>;
