/**
 * The signing keys at rest: wrapped under their own KEK, not the session secret. Each "instance"
 * below is a fresh createServices() on the same database with the secrets a restart would have.
 */
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase, testEngine } from '../../tests/support/db';

import { testConfig } from '../shared/config';
import type { Database } from '../shared/db';
import { altesWrapKey, kekAus, KekFehltError, unwrapPrivateJwk } from './signet.keys';
import { signetSchluesselBeimStart } from './signet.service';
import { createServices } from '../services/services';

let database: Database;
const NR = 'DA-2021-0042';
const geheim = () => crypto.randomBytes(48).toString('base64url');

/** A server start with these secrets (current first, earlier ones after it). */
const instanz = (s: { session: string; sessionVorher?: string; kek: string; kekVorher?: string }) =>
  createServices({
    config: testConfig({
      SESSION_SECRET: s.session,
      SIGNET_KEK: s.kek,
      ...(s.sessionVorher ? { SESSION_SECRET_VORHER: s.sessionVorher } : {}),
      ...(s.kekVorher ? { SIGNET_KEK_VORHER: s.kekVorher } : {}),
      PUBLIC_BASE_URL: 'https://digitales-amt.bayern.example',
    }),
    database,
  }).signet;

const zeilen = async () =>
  (await database.db.execute(sql`select kid, aktiv, private_enc from signet_schluessel order by erstellt_am, kid`)).rows as { kid: string; aktiv: boolean; private_enc: string }[];

/** The format older installations wrote: AES-256-GCM under a key derived from the session secret, no KEK. */
function altesFormat(jwk: crypto.JsonWebKey, sessionSecret: string): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', altesWrapKey(sessionSecret), iv);
  const ct = Buffer.concat([c.update(JSON.stringify(jwk), 'utf8'), c.final()]);
  return `v1.${iv.toString('base64url')}.${c.getAuthTag().toString('base64url')}.${ct.toString('base64url')}`;
}

/** Turns every stored key (wrapped under `kek`) back into the old format under `sessionSecret`. */
async function wieEineAlteInstallation(kek: string, sessionSecret: string) {
  for (const z of await zeilen()) {
    const jwk = unwrapPrivateJwk(z.private_enc, z.kid, [kekAus(kek)]);
    await database.db.execute(sql`update signet_schluessel set private_enc = ${altesFormat(jwk, sessionSecret)} where kid = ${z.kid}`);
  }
}

const log = () => {
  const eintraege: { level: string; msg: string }[] = [];
  const f = (level: string) => (_o: object, msg: string) => eintraege.push({ level, msg });
  return { eintraege, info: f('info'), warn: f('warn'), error: f('error') };
};

beforeAll(async () => {
  database = await openTestDatabase();
  const b = await aBehoerde(database, { name: 'Schlüsseldorf, M', typ: 'markt' });
  await database.db.execute(sql`insert into praedikate (zertifikat_nr, behoerde_ars, verliehen_am, status) values (${NR}, ${b.ars}, '2021-07-29', 'gueltig')`);
});
beforeEach(async () => {
  await database.db.execute(sql`delete from signet_schluessel`);
});
afterAll(async () => {
  await database.close();
});

describe(`signet signing keys at rest (${testEngine()})`, () => {
  it('keeps signing with the same key after SESSION_SECRET is rotated and the server restarted; old credentials verify', async () => {
    const kek = geheim();
    const vorher = instanz({ session: geheim(), kek });
    const alt = await vorher.credential(NR);
    const [{ kid }] = await zeilen();

    const nachher = instanz({ session: geheim(), kek });
    await signetSchluesselBeimStart(nachher, log());
    const neu = await nachher.credential(NR);
    expect(JSON.parse(Buffer.from(neu.jwt.split('.')[0], 'base64url').toString()).kid).toBe(kid);
    expect((await zeilen()).map((z) => z.kid)).toEqual([kid]);
    expect((await nachher.verify(alt.jwt)).verified).toBe(true);
    expect((await nachher.verify(neu.jwt)).verified).toBe(true);
  });

  it('stores no private key in clear and names the KEK each key is wrapped under', async () => {
    const kek = geheim();
    await instanz({ session: geheim(), kek }).credential(NR);
    const [z] = await zeilen();
    expect(z.private_enc).toMatch(new RegExp(`^v2\\.${kekAus(kek).id}\\.`));
    expect(z.private_enc).not.toContain('"d"');
    // The wrapped key belongs to its row: moved to another kid it does not open.
    expect(() => unwrapPrivateJwk(z.private_enc, 'andere-kid', [kekAus(kek)])).toThrow();
  });

  it('rotates the KEK: every key re-wrapped in one transaction, same signing key, old credentials verifiable', async () => {
    const session = geheim();
    const k1 = geheim();
    const k2 = geheim();
    const a = instanz({ session, kek: k1 });
    const vomErsten = await a.credential(NR);
    await a.rotateKey();
    const vomZweiten = await a.credential(NR);
    const vorher = await zeilen();
    expect(vorher).toHaveLength(2);

    const r = await a.kekWechseln(k2);
    expect(r.kekId).toBe(kekAus(k2).id);
    expect(r.umgeschluesselt.sort()).toEqual(vorher.map((z) => z.kid).sort());
    const nachher = await zeilen();
    expect(nachher.map((z) => [z.kid, z.aktiv])).toEqual(vorher.map((z) => [z.kid, z.aktiv]));
    for (const z of nachher) expect(z.private_enc.startsWith(`v2.${kekAus(k2).id}.`)).toBe(true);

    // A restart with only the new KEK signs with the same key and verifies both old credentials.
    const b = instanz({ session, kek: k2 });
    const neu = await b.credential(NR);
    expect(JSON.parse(Buffer.from(neu.jwt.split('.')[0], 'base64url').toString()).kid).toBe(nachher.find((z) => z.aktiv)?.kid);
    expect((await b.verify(vomErsten.jwt)).verified).toBe(true);
    expect((await b.verify(vomZweiten.jwt)).verified).toBe(true);
    expect((await b.schluesselStatus()).every((s) => s.lesbar && s.unterAktuellemKek)).toBe(true);

    // A restart with only the old KEK cannot open the signing key and says which KEK is missing.
    await expect(instanz({ session, kek: k1 }).credential(NR)).rejects.toThrow(new RegExp(`Schlüsselverschlüsselungsschlüssel ${kekAus(k2).id} verschlüsselt, der nicht konfiguriert ist`));
  });

  it('re-wraps at start what an earlier KEK (SIGNET_KEK_VORHER) still holds', async () => {
    const session = geheim();
    const k1 = geheim();
    const k2 = geheim();
    const alt = await instanz({ session, kek: k1 }).credential(NR);
    const b = instanz({ session, kek: k2, kekVorher: k1 });
    const r = await signetSchluesselBeimStart(b, log());
    expect(r?.umgeschluesselt).toHaveLength(1);
    expect((await zeilen())[0].private_enc.startsWith(`v2.${kekAus(k2).id}.`)).toBe(true);
    expect((await instanz({ session, kek: k2 }).verify(alt.jwt)).verified).toBe(true);
  });

  it('changes nothing when the active key is under a KEK that is not configured', async () => {
    const session = geheim();
    await instanz({ session, kek: geheim() }).credential(NR);
    const vorher = await zeilen();
    const falsch = instanz({ session, kek: geheim() });
    await expect(falsch.schluesselPflegen()).rejects.toBeInstanceOf(KekFehltError);
    await expect(falsch.kekWechseln(geheim())).rejects.toBeInstanceOf(KekFehltError);
    expect(await zeilen()).toEqual(vorher);
    const l = log();
    expect(await signetSchluesselBeimStart(falsch, l)).toBeUndefined();
    expect(l.eintraege).toEqual([{ level: 'error', msg: expect.stringContaining('signet rotate-key') }]);
  });

  it('migrates keys wrapped under SESSION_SECRET (older installations) at the first start: same keys, now under the KEK', async () => {
    const session = geheim();
    const k1 = geheim();
    const a = instanz({ session, kek: k1 });
    const vomErsten = await a.credential(NR);
    await a.rotateKey();
    await wieEineAlteInstallation(k1, session);
    const alt = await zeilen();
    expect(alt.every((z) => z.private_enc.startsWith('v1.'))).toBe(true);

    // The upgrade: same SESSION_SECRET, a KEK the old installation never had.
    const kek = geheim();
    const b = instanz({ session, kek });
    const l = log();
    const r = await signetSchluesselBeimStart(b, l);
    expect(r?.umgeschluesselt.sort()).toEqual(alt.map((z) => z.kid).sort());
    expect(r?.neuerSchluessel).toBeUndefined();
    expect(l.eintraege.map((e) => e.level)).toEqual(['info']);
    const neu = await zeilen();
    expect(neu.map((z) => [z.kid, z.aktiv])).toEqual(alt.map((z) => [z.kid, z.aktiv]));
    for (const z of neu) expect(z.private_enc.startsWith(`v2.${kekAus(kek).id}.`)).toBe(true);
    const c = await b.credential(NR);
    expect(JSON.parse(Buffer.from(c.jwt.split('.')[0], 'base64url').toString()).kid).toBe(alt.find((z) => z.aktiv)?.kid);
    expect((await b.verify(vomErsten.jwt)).verified).toBe(true);
    // Rotating SESSION_SECRET afterwards changes nothing for the keys.
    expect((await instanz({ session: geheim(), kek }).credential(NR)).jwt).toBeTruthy();
  });

  it('replaces an active key of the old format that no configured secret opens, and keeps it verifiable', async () => {
    // An installation that ran without SESSION_SECRET wrapped its key under a value everybody knew:
    // after the upgrade that value is nowhere in the code, so the key cannot be opened — and must not be trusted.
    const k1 = geheim();
    const a = instanz({ session: geheim(), kek: k1 });
    const alt = await a.credential(NR);
    await wieEineAlteInstallation(k1, geheim());
    const [vorher] = await zeilen();

    const b = instanz({ session: geheim(), kek: geheim() });
    const l = log();
    const r = await signetSchluesselBeimStart(b, l);
    expect(r?.neuerSchluessel?.vorher).toBe(vorher.kid);
    expect(r?.unlesbar).toEqual([vorher.kid]);
    expect(l.eintraege.map((e) => e.level)).toEqual(['warn', 'info']);
    const nachher = await zeilen();
    expect(nachher.find((z) => z.aktiv)?.kid).toBe(r?.neuerSchluessel?.kid);
    expect(nachher.find((z) => z.kid === vorher.kid)?.aktiv).toBe(false);
    expect((await b.jwks()).keys.map((k) => k.kid)).toContain(vorher.kid);
    expect((await b.verify(alt.jwt)).verified).toBe(true);
    const neu = await b.credential(NR);
    expect(JSON.parse(Buffer.from(neu.jwt.split('.')[0], 'base64url').toString()).kid).toBe(r?.neuerSchluessel?.kid);
    // A second start finds nothing more to do.
    expect(await signetSchluesselBeimStart(b, log())).toMatchObject({ umgeschluesselt: [], neuerSchluessel: undefined });
  });
});
