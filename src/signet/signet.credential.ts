/**
 * The award as an Open Badges 3.0 `OpenBadgeCredential` (1EdTech OB 3.0 on the W3C VC Data Model
 * 2.0), secured as VC-JWT (W3C VC-JOSE-COSE: the JWT payload is the credential itself, `typ`
 * vc+jwt, EdDSA over Ed25519), and the W3C Bitstring Status List credentials it points to.
 */
export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export type StatusPurpose = 'revocation' | 'suspension';
export const STATUS_PURPOSES: readonly StatusPurpose[] = ['revocation', 'suspension'];

export interface IssuerInfo {
  did: string;
  name: string;
  url: string;
  baseUrl: string;
}

export interface AwardInfo {
  zertifikatNr: string;
  verliehenAm: string;
  ars: string;
  name: string;
  typ: string;
  statusIndex: number;
}

export const CRITERIA =
  'Die Behörde hat auf ihrer Seite im BayernPortal mindestens 50 zählende Online-Verfahren (Bezirke: 30) verlinkt – kommunale und zentrale Verfahren mit elektronischer Antragstellung; Informationsseiten und Formulare zum Ausdrucken zählen nicht. Vorprüfung und Prüfung im Vier-Augen-Prinzip durch das Bayerische Staatsministerium für Digitales. Fällt die Zahl unter die Schwelle, wird das Prädikat nach einer Karenzzeit ausgesetzt und kann widerrufen werden.';

export const statusListUrl = (baseUrl: string, purpose: StatusPurpose) => `${baseUrl}/credentials/status/${purpose}`;
export const credentialUrl = (baseUrl: string, nr: string) => `${baseUrl}/credentials/${nr}`;
export const pruefUrl = (baseUrl: string, nr: string) => `${baseUrl}/pruefen/${nr}`;

export function issuerProfile(i: IssuerInfo) {
  return { id: i.did, type: ['Profile'], name: i.name, url: i.url };
}

export function buildOpenBadgeCredential(i: IssuerInfo, a: AwardInfo) {
  return {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: credentialUrl(i.baseUrl, a.zertifikatNr),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `Prädikat „Digitales Amt“ – ${a.name}`,
    issuer: issuerProfile(i),
    validFrom: `${a.verliehenAm}T00:00:00Z`,
    credentialSubject: {
      id: `${i.baseUrl}/behoerden/${a.ars}`,
      type: ['AchievementSubject'],
      name: a.name,
      identifier: [{ type: 'IdentityObject', identityType: 'identifier', hashed: false, identityHash: `ars:${a.ars}` }],
      achievement: {
        id: `${i.baseUrl}/praedikat/digitales-amt`,
        type: ['Achievement'],
        achievementType: 'Award',
        name: 'Digitales Amt',
        description: 'Prädikat „Digitales Amt“ des Freistaats Bayern für Kommunen mit einem breiten Angebot an Online-Verfahren.',
        criteria: { narrative: CRITERIA },
        creator: issuerProfile(i),
      },
    },
    evidence: [{ id: pruefUrl(i.baseUrl, a.zertifikatNr), type: ['Evidence'], name: `Prüfseite des Zertifikats ${a.zertifikatNr}` }],
    credentialStatus: STATUS_PURPOSES.map((purpose) => ({
      id: `${statusListUrl(i.baseUrl, purpose)}#${a.statusIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: purpose,
      statusListIndex: String(a.statusIndex),
      statusListCredential: statusListUrl(i.baseUrl, purpose),
    })),
  };
}

export type OpenBadgeCredential = ReturnType<typeof buildOpenBadgeCredential>;

export function buildStatusListCredential(i: IssuerInfo, purpose: StatusPurpose, encodedList: string, validFrom: string) {
  const url = statusListUrl(i.baseUrl, purpose);
  return {
    '@context': [VC_CONTEXT],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: i.did,
    validFrom,
    credentialSubject: { id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: purpose, encodedList },
  };
}

/** did:web for a host (port colon percent-encoded, did:web spec §3.1). */
export const didWebFor = (host: string) => `did:web:${host.replace(/:/g, '%3A')}`;
