/**
 * The composition root of the services: every service of the platform is built here, once per
 * app (or CLI run, or first-start preparation), and reached through the result — by routes as
 * `app.services` (app.ts), by the daily jobs through the app, by the CLI commands and the
 * first-start preparation through the `Services` they are handed. Nothing else builds a service
 * (tests aside); docs/architecture.md „Where services are built“.
 */
import { createApiTokenRepository } from '../auth/api-token.repository';
import { createApiTokenService } from '../auth/api-token.service';
import { createAuthRepository } from '../auth/auth.repository';
import { createAuthService } from '../auth/auth.service';
import { createOidcRepository } from '../auth/oidc.repository';
import { createOidcService } from '../auth/oidc.service';
import { createBehoerdenRepository } from '../behoerden/behoerden.repository';
import { createBehoerdenService } from '../behoerden/behoerden.service';
import { createBuergerserviceRepository } from '../buergerservice/buergerservice.repository';
import { createBuergerserviceService } from '../buergerservice/buergerservice.service';
import { createChecklistenRepository } from '../checklisten/checklisten.repository';
import { createChecklistenService } from '../checklisten/checklisten.service';
import { createDigitallotseRepository } from '../digitallotse/digitallotse.repository';
import { createDigitallotseService } from '../digitallotse/digitallotse.service';
import { createFoerderungService } from '../foerderung/foerderung.service';
import { gebietskulisseAus } from '../foerderung/gebietskulisse';
import { createInfopaketRepository } from '../infopaket/infopaket.repository';
import { createInfopaketService } from '../infopaket/infopaket.service';
import type { Netzzugang } from '../linkcheck/linkcheck.probe';
import { createLinkcheckService, linkcheckSettings, type Logger } from '../linkcheck/linkcheck.service';
import { createOutreachRepository } from '../outreach/outreach.repository';
import { createOutreachService } from '../outreach/outreach.service';
import { createPortalService } from '../portal/portal.service';
import { createPraedikatRepository } from '../praedikat/praedikat.repository';
import { createPraedikatService } from '../praedikat/praedikat.service';
import { readAttributions } from '../shared/attributions';
import { type Clock, systemClock } from '../shared/clock';
import { type Config, geheimnisse } from '../shared/config';
import type { Database } from '../shared/db';
import { createMailer } from '../shared/mail';
import { createSignetRepository } from '../signet/signet.repository';
import { createSignetService } from '../signet/signet.service';
import { createUploadService } from '../uploads/upload.service';
import { createVeranstaltungenRepository } from '../veranstaltungen/veranstaltungen.repository';
import { createVeranstaltungenService } from '../veranstaltungen/veranstaltungen.service';
import { createVerlinkungRepository } from '../verlinkung/verlinkung.repository';
import { createVerlinkungService } from '../verlinkung/verlinkung.service';

export interface ServiceDeps {
  config: Config;
  database: Database;
  clock?: Clock;
  /**
   * TEST ONLY: how the link check reaches the network (a resolver for test names, the `Testnetz`
   * exception for local listeners). server.ts and the CLI never pass it and no configuration
   * sets it, so production always uses the system resolver and refuses internal addresses.
   */
  linkcheckNetz?: Netzzugang;
  /** Where background services log (the app's logger; silent without). */
  log?: Logger;
}

export function createServices(deps: ServiceDeps) {
  const clock = deps.clock ?? systemClock;
  const db = deps.database.db;
  const mailer = createMailer(deps.config.mail, db, clock);
  const verlinkung = createVerlinkungService(createVerlinkungRepository(db), createBehoerdenRepository(db), clock, {
    schwellen: deps.config.thresholds,
    regel: deps.config.zaehlregel,
  });
  const digitallotse = createDigitallotseService(createDigitallotseRepository(db), mailer, clock);
  const veranstaltungen = createVeranstaltungenService(createVeranstaltungenRepository(db), mailer, clock, {
    publicBaseUrl: deps.config.publicBaseUrl,
    bestaetigungStunden: deps.config.veranstaltungen.bestaetigungStunden,
    bestaetigungenProTag: deps.config.veranstaltungen.bestaetigungenProTag,
  });
  const secrets = geheimnisse(deps.config);
  const behoerden = createBehoerdenService(createBehoerdenRepository(db), deps.config.thresholds);
  return {
    clock,
    mailer,
    auth: createAuthService(createAuthRepository(db), clock, deps.config.session, {
      mailer,
      publicBaseUrl: deps.config.publicBaseUrl,
      einladungStunden: deps.config.konten.einladungStunden,
      rollenVomLandesLogin: Boolean(deps.config.oidc),
    }),
    apiTokens: createApiTokenService(createApiTokenRepository(db), createAuthRepository(db), clock),
    /** Login with the state identity provider; undefined when OIDC_ISSUER is not set. */
    oidc: deps.config.oidc ? createOidcService(deps.config.oidc, createOidcRepository(db), createAuthRepository(db), clock) : undefined,
    behoerden,
    /** Start page, map, statistics, open data; its caches live as long as the app. */
    portal: createPortalService({
      db,
      schwellen: deps.config.thresholds,
      regel: deps.config.zaehlregel,
      clock,
      demo: deps.config.demo.enabled,
      publicBaseUrl: deps.config.publicBaseUrl,
      attributions: readAttributions(deps.config.officialDataDir),
      behoerden,
    }),
    buergerservice: createBuergerserviceService(createBuergerserviceRepository(db), { regel: deps.config.zaehlregel, clock }),
    verlinkung,
    praedikat: createPraedikatService(createPraedikatRepository(db), verlinkung, mailer, clock, {
      karenzTage: deps.config.praedikat.karenzTage,
      sperrfristMonate: deps.config.praedikat.sperrfristMonate,
      schildDruckereiEmail: deps.config.praedikat.schildDruckereiEmail,
      publicBaseUrl: deps.config.publicBaseUrl,
    }),
    uploads: createUploadService({ database: deps.database, clock, regel: deps.config.zaehlregel }),
    foerderung: createFoerderungService({
      db,
      clock,
      mailer,
      verlinkung,
      settings: deps.config.foerderung,
      publicBaseUrl: deps.config.publicBaseUrl,
      gebietskulisse: gebietskulisseAus(deps.config.officialDataDir),
    }),
    digitallotse,
    checklisten: createChecklistenService(createChecklistenRepository(db), clock),
    infopaket: createInfopaketService(createInfopaketRepository(db), clock),
    veranstaltungen,
    outreach: createOutreachService({
      repo: createOutreachRepository(db),
      mailer,
      clock,
      verlinkung,
      digitallotse,
      veranstaltungen,
      settings: {
        ...deps.config.outreach,
        publicBaseUrl: deps.config.publicBaseUrl,
        secret: secrets.session[0],
        secretsVorher: secrets.session.slice(1),
        schwellen: deps.config.thresholds,
      },
    }),
    signet: createSignetService(createSignetRepository(db), clock, {
      ...deps.config.signet,
      publicBaseUrl: deps.config.publicBaseUrl,
      keks: secrets.signetKek,
      alteGeheimnisse: secrets.session,
    }),
    /**
     * The signet (image, credential, verification: src/signet) is part of every app: pages show a
     * Behörde's signet image and the embeddable list links it while this is true.
     */
    signetAn: true,
    linkcheck: createLinkcheckService(deps.database, linkcheckSettings(deps.config), clock, { netz: deps.linkcheckNetz, log: deps.log }),
  };
}

export type Services = ReturnType<typeof createServices>;
