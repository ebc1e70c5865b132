/**
 * The domain error codes („Fehlercodes“): why a request was refused, beside the generic `code`
 * (CONFLICT, FORBIDDEN …) of the JSON error. One entry per code: the HTTP status it comes with,
 * an English description for the API documentation and the OpenAPI document, what a client can do
 * about it, and the German text for pages. The codes are stable: a client may branch on them;
 * a code is never renamed or reused for another meaning (docs/api.md, ADR 0032).
 */
export interface FehlercodeEintrag {
  status: 403 | 409;
  /** What the code means (API docs, OpenAPI). */
  en: string;
  /** What the client can do about it (API docs). */
  abhilfe: string;
  /** The German text for pages, where the thrown message is not German or too technical. */
  de: string;
}

export const FEHLERCODES = {
  /* ---------------------------------------------------------------- Förderung */
  FOERDERUNG_VIER_AUGEN: {
    status: 409,
    en: 'Four eyes: the same person already did the previous step of this grant application (check, first payment release, proposed rate).',
    abhilfe: 'Another officer of the grants team does this step.',
    de: 'Vier-Augen-Prinzip: Diesen Schritt tut eine andere Person als die, die den vorigen Schritt getan hat.',
  },
  FOERDERUNG_BEFANGEN: {
    status: 409,
    en: 'No self-decisions: whoever drafted or submitted the grant application cannot check, decide or release it.',
    abhilfe: 'Two other officers of the grants team handle the application.',
    de: 'Befangenheit: Wer den Antrag erstellt oder eingereicht hat, prüft und entscheidet ihn nicht.',
  },
  FOERDERUNG_FALSCHER_SCHRITT: {
    status: 409,
    en: 'The grant application is not in a state in which this step is possible (for example a draft step on a submitted application).',
    abhilfe: 'Read the application again (GET) and take the step its current status allows.',
    de: 'Dieser Schritt ist im jetzigen Status des Förderantrags nicht möglich.',
  },
  FOERDERUNG_BEREITS_ERLEDIGT: {
    status: 409,
    en: 'Another person did this step on the grant application meanwhile (checked, decided, released or paid it).',
    abhilfe: 'Read the application again; nothing is left to do for this step.',
    de: 'Diesen Schritt hat inzwischen eine andere Person erledigt.',
  },
  FOERDERUNG_NICHT_FOERDERFAEHIG: {
    status: 409,
    en: 'The grant rules are not met (eligibility, amounts, budget); `details` lists each failing rule by its id.',
    abhilfe: 'Correct what `details` names, or decide the application otherwise (reject, return).',
    de: 'Die Fördervoraussetzungen sind nicht erfüllt.',
  },
  FOERDERUNG_SATZ_AUS_GEBIETSKULISSE: {
    status: 409,
    en: 'The official Gebietskulisse is in place: the grant rate follows from it and cannot be confirmed by hand.',
    abhilfe: 'Nothing to confirm; the rate shown is the official one.',
    de: 'Die amtliche Gebietskulisse ist hinterlegt: Der Fördersatz ergibt sich aus ihr.',
  },
  FOERDERUNG_SATZ_BEREITS_VORGESCHLAGEN: {
    status: 409,
    en: 'The higher grant rate of this application is already proposed or confirmed.',
    abhilfe: 'A second officer confirms the open proposal, or it is withdrawn first.',
    de: 'Der erhöhte Fördersatz ist für diesen Antrag bereits vorgeschlagen oder bestätigt.',
  },
  FOERDERUNG_KEIN_OFFENER_VORSCHLAG: {
    status: 409,
    en: 'There is no open proposal for a higher grant rate to confirm or withdraw.',
    abhilfe: 'Propose the rate first, or read the application again.',
    de: 'Es gibt keinen offenen Vorschlag für den erhöhten Fördersatz.',
  },
  FOERDERUNG_NUR_SACHBEARBEITUNG: {
    status: 403,
    en: 'Only an officer of the grants team (Förder-Sachbearbeitung) takes this step.',
    abhilfe: 'Use an account with the role „Förder-Sachbearbeitung“.',
    de: 'Diesen Schritt darf nur die Förder-Sachbearbeitung ausführen.',
  },

  /* ---------------------------------------------------------------- Uploads */
  UPLOAD_BEREITS_UEBERNOMMEN: {
    status: 409,
    en: 'This upload has already been committed.',
    abhilfe: 'Nothing to do; upload a new file for further changes.',
    de: 'Dieser Upload wurde bereits übernommen.',
  },
  UPLOAD_FEHLERHAFT: {
    status: 409,
    en: 'The upload has errors and cannot be committed; the dry run lists them by line and column.',
    abhilfe: 'Correct the file and upload it again.',
    de: 'Dieser Upload hat Fehler und kann nicht übernommen werden.',
  },
  UPLOAD_KONTO_INAKTIV: {
    status: 409,
    en: 'The account that uploaded the file is no longer active.',
    abhilfe: 'Upload the file again with an active account.',
    de: 'Das Konto, das diesen Upload hochgeladen hat, ist nicht mehr aktiv.',
  },
  UPLOAD_GLEICHZEITIG_GEAENDERT: {
    status: 409,
    en: 'Another upload created the same procedures at the same time.',
    abhilfe: 'Upload the file again so that it is checked anew.',
    de: 'Ein anderer Upload hat gleichzeitig dieselben Verfahren angelegt.',
  },
  UPLOAD_ROLLE: {
    status: 403,
    en: 'The role of the account may not upload online procedures.',
    abhilfe: 'Use an account of the Behörde’s editors, its IT service provider or the ministry.',
    de: 'Ihre Rolle erlaubt keine Uploads von Online-Verfahren.',
  },

  /* ---------------------------------------------------------------- Prädikat */
  PRAEDIKAT_VIER_AUGEN: {
    status: 409,
    en: 'Four eyes: the decision (or the confirmation of a revocation or reinstatement) must come from a different person than the recommendation or request.',
    abhilfe: 'A second person of the ministry’s review decides or confirms.',
    de: 'Vier-Augen-Prinzip: Entscheiden oder bestätigen muss eine andere Person.',
  },
  PRAEDIKAT_BEFANGEN: {
    status: 409,
    en: 'No self-decisions: whoever submitted the application can neither recommend nor decide it.',
    abhilfe: 'Two other persons of the ministry’s review handle the application.',
    de: 'Befangenheit: Wer den Antrag eingereicht hat, darf ihn weder empfehlen noch entscheiden.',
  },
  PRAEDIKAT_FALSCHER_SCHRITT: {
    status: 409,
    en: 'The application or award is not in a state in which this step is possible (for example a decision before the recommendation, a reinstatement of a valid award).',
    abhilfe: 'Read the application or award again and take the step its status allows.',
    de: 'Dieser Schritt ist im jetzigen Status nicht möglich.',
  },
  PRAEDIKAT_MASSNAHME_OFFEN: {
    status: 409,
    en: 'Another measure (revocation or reinstatement) is already requested for this award.',
    abhilfe: 'Withdraw the open request first, or confirm it with a second person.',
    de: 'Für dieses Prädikat ist bereits eine andere Maßnahme beantragt.',
  },
  PRAEDIKAT_NICHT_ANTRAGSBERECHTIGT: {
    status: 409,
    en: 'The Behörde may not apply yet: too few counting procedures, a failing pre-check, or the waiting period after a revocation; `details` names the gap.',
    abhilfe: 'Link the missing procedures or fix the pre-check, then apply again.',
    de: 'Die Behörde ist noch nicht antragsberechtigt.',
  },
  PRAEDIKAT_ANTRAG_OFFEN: {
    status: 409,
    en: 'There is already an open application for this Behörde.',
    abhilfe: 'Wait for the decision on the open application, or withdraw it.',
    de: 'Für diese Behörde gibt es bereits einen offenen Antrag.',
  },
  PRAEDIKAT_VORPRUEFUNG_SCHEITERT: {
    status: 409,
    en: 'The award cannot be granted: the pre-check at the time of the decision fails.',
    abhilfe: 'Return the application to the Behörde, or decide after the gap is closed.',
    de: 'Verleihung nicht möglich: Die Vorprüfung zum Entscheidungszeitpunkt scheitert.',
  },
  SCHILD_FALSCHER_SCHRITT: {
    status: 409,
    en: 'The sign order is cancelled or already delivered: no further step.',
    abhilfe: 'Nothing to do for this order.',
    de: 'Die Schild-Bestellung ist storniert oder bereits geliefert.',
  },

  /* ---------------------------------------------------------------- Verlinkung */
  VERLINKUNG_DOPPELT: {
    status: 409,
    en: 'The procedure is already linked for this Behörde.',
    abhilfe: 'Change the existing link (PATCH) instead of adding it again.',
    de: 'Dieses Verfahren ist bereits verlinkt.',
  },
  VERLINKUNG_FREMDES_VERFAHREN: {
    status: 409,
    en: 'The procedure is a kommunal procedure of another Behörde and cannot be linked here.',
    abhilfe: 'Link a procedure of the catalogue that belongs to this Behörde or is zentral.',
    de: 'Das Verfahren gehört einer anderen Behörde und kann hier nicht verlinkt werden.',
  },
  VERMERK_DOPPELT: {
    status: 409,
    en: 'The link is already marked „zählt nicht“ (does not count).',
    abhilfe: 'Nothing to do; decide an objection or lift the mark instead.',
    de: 'Dieser Eintrag ist bereits als „zählt nicht“ markiert.',
  },
  VERMERK_FALSCHER_SCHRITT: {
    status: 409,
    en: 'The „zählt nicht“ mark is not in a state for this step (an objection is pending, or there is none to reject).',
    abhilfe: 'Read the review signals again and take the step the mark allows.',
    de: 'Dieser Schritt ist für den „zählt nicht“-Vermerk jetzt nicht möglich.',
  },

  /* ---------------------------------------------------------------- surroundings */
  VERANSTALTUNG_AUSGEBUCHT: {
    status: 409,
    en: 'The event is fully booked.',
    abhilfe: 'Choose another date.',
    de: 'Die Veranstaltung ist ausgebucht.',
  },
  ANMELDUNG_GESCHLOSSEN: {
    status: 409,
    en: 'Registration is closed: the event or course has begun, or the confirmation link has expired.',
    abhilfe: 'Choose a later date, or register again.',
    de: 'Die Anmeldung ist geschlossen.',
  },
  ANMELDUNG_DOPPELT: {
    status: 409,
    en: 'This person is already registered (or a registration waits for its confirmation).',
    abhilfe: 'Use the existing registration or its confirmation link.',
    de: 'Diese Person ist bereits angemeldet.',
  },
  ANMELDUNG_ZU_VIELE_LINKS: {
    status: 409,
    en: 'Enough confirmation links went to this address in the last 24 hours.',
    abhilfe: 'Use one of the links sent, or try again the next day.',
    de: 'An diese E-Mail-Adresse gingen heute schon genug Bestätigungslinks.',
  },
  ANMELDUNG_FALSCHER_SCHRITT: {
    status: 409,
    en: 'The course registration is not in a state for this step (already cancelled, no seat, not all modules attended, the Behörde’s funded seat taken).',
    abhilfe: 'Read the registration again and take the step its status allows.',
    de: 'Dieser Schritt ist für die Anmeldung jetzt nicht möglich.',
  },
  TITEL_VERGEBEN: {
    status: 409,
    en: 'The title or address (slug) is already in use.',
    abhilfe: 'Choose another title or address.',
    de: 'Dieser Titel oder diese Adresse ist schon vergeben.',
  },
  KEIN_ENTWURF: {
    status: 409,
    en: 'There is no draft to publish.',
    abhilfe: 'Save a draft first.',
    de: 'Es gibt keinen Entwurf zum Veröffentlichen.',
  },

  /* ---------------------------------------------------------------- accounts and operations */
  KONTO_EMAIL_VERGEBEN: {
    status: 409,
    en: 'An account with this email address exists already.',
    abhilfe: 'Use the existing account, or another address.',
    de: 'Ein Konto mit dieser E-Mail-Adresse gibt es bereits.',
  },
  KONTO_LETZTE_ADMINISTRATION: {
    status: 409,
    en: 'This is the last active administrator account.',
    abhilfe: 'Create another administrator account first.',
    de: 'Das ist das letzte aktive Konto der Administration.',
  },
  KONTO_FALSCHER_ZUSTAND: {
    status: 409,
    en: 'The account is not in a state for this step (deactivated, signs in only through the state login, or its roles come from the state login).',
    abhilfe: 'Reactivate the account first, or change its groups at the state login.',
    de: 'Dieser Schritt ist für das Konto in seinem jetzigen Zustand nicht möglich.',
  },
  KONTO_SELBST: {
    status: 403,
    en: 'Administrators do not change their own roles or deactivate their own account.',
    abhilfe: 'Another administrator does it.',
    de: 'Das eigene Konto ändert eine andere Person der Administration.',
  },
  ZIEL_NICHT_LEER: {
    status: 409,
    en: 'A backup is restored only into an empty database or data directory.',
    abhilfe: 'Restore into an empty target (docs/operations.md).',
    de: 'Das Ziel ist nicht leer: Eine Sicherung wird nur in eine leere Datenbank eingespielt.',
  },

  /* ---------------------------------------------------------------- access by Behörde */
  BEHOERDE_NICHT_ZUGEORDNET: {
    status: 403,
    en: 'The account does not act for this Behörde (it is not among the Behörden of its editors or IT service provider).',
    abhilfe: 'Use an account of this Behörde, or ask the administration to assign the Behörde to the account.',
    de: 'Ihr Konto handelt nicht für diese Behörde.',
  },
  NUR_MINISTERIUM: {
    status: 403,
    en: 'Only the ministry (review or administration) takes this step.',
    abhilfe: 'Use an account of the ministry.',
    de: 'Diesen Schritt tut nur das Staatsministerium.',
  },
} as const satisfies Record<string, FehlercodeEintrag>;

export type Fehlercode = keyof typeof FEHLERCODES;

/** The codes that come with HTTP status `S` (a ConflictError takes only 409 codes, and so on). */
export type FehlercodeMit<S extends number> = { [K in Fehlercode]: (typeof FEHLERCODES)[K]['status'] extends S ? K : never }[Fehlercode];

export const FEHLERCODE_LISTE = Object.keys(FEHLERCODES) as [Fehlercode, ...Fehlercode[]];

export const istFehlercode = (s: unknown): s is Fehlercode => typeof s === 'string' && Object.hasOwn(FEHLERCODES, s);
