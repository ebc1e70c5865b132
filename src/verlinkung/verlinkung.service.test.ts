import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser } from '../../tests/support/app';
import { aBehoerde, aVerfahren } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import { createBehoerdenRepository } from '../behoerden/behoerden.repository';

import { fixedClock } from '../shared/clock';
import type { Database } from '../shared/db';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import { createVerlinkungRepository } from './verlinkung.repository';
import { createVerlinkungService, type VerlinkungService } from './verlinkung.service';
import { type Handelnde } from '../shared/handelnde';

let database: Database;
let service: VerlinkungService;
const clock = fixedClock('2026-11-26T10:00:00Z');
const settings = { schwellen: { default: 50, bezirk: 30 }, regel: { defekteLinks: 'karenz' as const, karenzTage: 14 } };

const handelnde = async (role: Handelnde['role'], behoerden: string[] = []): Promise<Handelnde> => {
  const u = await aUser(database, role, behoerden);
  return { id: u.id, email: u.email, role, behoerden };
};

beforeAll(async () => {
  database = await openTestDatabase();
  service = createVerlinkungService(createVerlinkungRepository(database.db), createBehoerdenRepository(database.db), clock, settings);
});
afterAll(async () => {
  await database.close();
});

describe('linking and unlinking', () => {
  it('changes the live count at once and records who did what', async () => {
    const b = await aBehoerde(database);
    const editor = await handelnde('kommune_editor', [b.ars]);
    const v1 = await aVerfahren(database);
    const v2 = await aVerfahren(database);
    expect((await service.verlinke(editor, b.ars, v1.id, { quelle: 'formular' })).anzahl).toBe(1);
    expect((await service.verlinke(editor, b.ars, v2.id, { quelle: 'api' })).anzahl).toBe(2);
    expect((await service.entferne(editor, b.ars, v1.id, { quelle: 'formular' })).anzahl).toBe(1);
    const historie = await service.historie(b.ars);
    expect(historie.map((h) => [h.aktion, h.verfahrenId, h.quelle, h.von])).toEqual([
      ['entfernt', v1.id, 'formular', editor.email],
      ['verlinkt', v2.id, 'api', editor.email],
      ['verlinkt', v1.id, 'formular', editor.email],
    ]);
    expect(historie[0].vorher).toMatchObject({ verfahren: v1.name, url: v1.url });
    expect(historie[0].nachher).toBeNull();
    const audit = (await database.db.execute(sql`select action from audit_log where object_id = ${b.ars} order by id`)).rows as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['verlinkung.create', 'verlinkung.create', 'verlinkung.delete']);
  });

  it('never counts an information page or a print-out form, and says why', async () => {
    const b = await aBehoerde(database);
    const editor = await handelnde('kommune_editor', [b.ars]);
    const info = await aVerfahren(database, { art: 'information' });
    const pdf = await aVerfahren(database, { art: 'formular_pdf' });
    await service.verlinke(editor, b.ars, info.id, { quelle: 'formular' });
    const stand = await service.verlinke(editor, b.ars, pdf.id, { quelle: 'formular' });
    expect(stand.anzahl).toBe(0);
    const links = await service.verlinkungen(b.ars);
    expect(links.every((l) => !l.zaehlt && l.grund === 'keine_elektronische_einreichung')).toBe(true);
    expect(links[0].grundText).toContain('keine elektronische Einreichung');
  });

  it('refuses the editor of another Behörde, and a grant officer', async () => {
    const b = await aBehoerde(database);
    const andere = await aBehoerde(database);
    const v = await aVerfahren(database);
    await expect(service.verlinke(await handelnde('kommune_editor', [andere.ars]), b.ars, v.id, { quelle: 'api' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(service.verlinke(await handelnde('grant_officer'), b.ars, v.id, { quelle: 'api' })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await service.zaehlstand(b.ars)).anzahl).toBe(0);
  });

  it('lets the IT-Dienstleister of a Behörde and ministry staff link for it', async () => {
    const b = await aBehoerde(database);
    const it = await handelnde('it_dienstleister', [b.ars]);
    const v1 = await aVerfahren(database);
    const v2 = await aVerfahren(database);
    await service.verlinke(it, b.ars, v1.id, { quelle: 'api' });
    expect((await service.verlinke(await handelnde('ministry_reviewer'), b.ars, v2.id, { quelle: 'api' })).anzahl).toBe(2);
  });

  it('refuses another Behörde’s kommunal procedure and a second link of the same procedure', async () => {
    const b = await aBehoerde(database);
    const andere = await aBehoerde(database);
    const editor = await handelnde('kommune_editor', [b.ars]);
    const fremd = await aVerfahren(database, { bereitstellung: 'kommunal', anbieterArs: andere.ars });
    await expect(service.verlinke(editor, b.ars, fremd.id, { quelle: 'formular' })).rejects.toBeInstanceOf(ConflictError);
    const eigen = await aVerfahren(database, { bereitstellung: 'kommunal', anbieterArs: b.ars });
    await service.verlinke(editor, b.ars, eigen.id, { quelle: 'formular' });
    await expect(service.verlinke(editor, b.ars, eigen.id, { quelle: 'formular' })).rejects.toBeInstanceOf(ConflictError);
    await expect(service.entferne(editor, b.ars, fremd.id, { quelle: 'formular' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('validates the own URL and stores only a URL that differs from the catalogue', async () => {
    const b = await aBehoerde(database);
    const editor = await handelnde('kommune_editor', [b.ars]);
    const v = await aVerfahren(database);
    await expect(service.verlinke(editor, b.ars, v.id, { url: 'http://unsicher.example/x', quelle: 'formular' })).rejects.toBeInstanceOf(ValidationError);
    await expect(service.verlinke(editor, b.ars, v.id, { url: 'javascript:alert(1)', quelle: 'formular' })).rejects.toBeInstanceOf(ValidationError);
    await service.verlinke(editor, b.ars, v.id, { url: v.url, quelle: 'formular' });
    expect((await service.verlinkungen(b.ars))[0].eigeneUrl).toBeNull();
    await service.aendereUrl(editor, b.ars, v.id, 'https://rathaus.example/eigenes-verfahren', { quelle: 'formular' });
    const [link] = await service.verlinkungen(b.ars);
    expect(link.eigeneUrl).toBe('https://rathaus.example/eigenes-verfahren');
    expect(link.url).toBe('https://rathaus.example/eigenes-verfahren');
    const [ereignis] = await service.historie(b.ars);
    expect(ereignis).toMatchObject({ aktion: 'geaendert', vorher: { url: v.url }, nachher: { url: 'https://rathaus.example/eigenes-verfahren' } });
  });

  it('stops counting a link broken for longer than the grace period', async () => {
    const b = await aBehoerde(database);
    const editor = await handelnde('kommune_editor', [b.ars]);
    const v = await aVerfahren(database);
    await service.verlinke(editor, b.ars, v.id, { quelle: 'formular' });
    await database.db.execute(sql`insert into link_pruefungen (url, status, http_status, geprueft_am, defekt_seit)
      values (${v.url}, 'defekt', 404, '2026-11-26T09:00:00Z', '2026-11-20T00:00:00Z')`);
    await service.alleNeuBerechnen();
    expect((await service.zaehlstand(b.ars)).anzahl).toBe(1);
    clock.set('2026-12-10T00:00:00Z');
    await service.alleNeuBerechnen();
    expect((await service.zaehlstand(b.ars)).anzahl).toBe(0);
    expect((await service.verlinkungen(b.ars))[0].grund).toBe('link_defekt');
    clock.set('2026-11-26T10:00:00Z');
    await service.alleNeuBerechnen();
  });

  it('keeps a daily history point that the chart can draw', async () => {
    const b = await aBehoerde(database);
    const editor = await handelnde('kommune_editor', [b.ars]);
    await service.verlinke(editor, b.ars, (await aVerfahren(database)).id, { quelle: 'formular' });
    clock.set('2026-11-27T10:00:00Z');
    await service.verlinke(editor, b.ars, (await aVerfahren(database)).id, { quelle: 'formular' });
    const { verlauf } = await service.zaehlstand(b.ars);
    expect(verlauf.filter((p) => p.tag >= '2026-11-26')).toEqual([
      { tag: '2026-11-26', anzahl: 1, demo: false },
      { tag: '2026-11-27', anzahl: 2, demo: false },
    ]);
    clock.set('2026-11-26T10:00:00Z');
  });
});

describe('gap advice', () => {
  it('ranks zentrale procedures by how many similar Behörden link them and names the links that reach the threshold', async () => {
    const ziel = await aBehoerde(database, { typ: 'markt', bevoelkerung: 3000 });
    const peers = [await aBehoerde(database, { typ: 'markt', bevoelkerung: 2500 }), await aBehoerde(database, { typ: 'markt', bevoelkerung: 4900 })];
    const fremdeGroesse = await aBehoerde(database, { typ: 'markt', bevoelkerung: 90_000 });
    const admin = await handelnde('ministry_admin');
    const beliebt = await aVerfahren(database, { name: 'Beliebtes Verfahren' });
    const selten = await aVerfahren(database, { name: 'Seltenes Verfahren' });
    for (const p of peers) await service.verlinke(admin, p.ars, beliebt.id, { quelle: 'api' });
    await service.verlinke(admin, peers[0].ars, selten.id, { quelle: 'api' });
    await service.verlinke(admin, fremdeGroesse.ars, selten.id, { quelle: 'api' });
    const chancen = await service.chancen(ziel.ars, 500);
    const namen = chancen.vorschlaege.map((v) => v.name);
    expect(namen.indexOf('Beliebtes Verfahren')).toBeLessThan(namen.indexOf('Seltenes Verfahren'));
    expect(chancen.vorschlaege.find((v) => v.name === 'Beliebtes Verfahren')?.anteilVergleichsgruppe).toBe(100);
    expect(chancen.vergleichsgruppe).toMatchObject({ typ: 'markt', bevoelkerungVon: 2000, bevoelkerungBis: 5000 });
    expect(chancen.fehlend).toBe(50);
    expect(chancen.vorschlaege.filter((v) => v.reichtZurSchwelle)).toHaveLength(Math.min(50, chancen.vorschlaege.length));
    expect(chancen.themenfelder.every((t) => !t.abgedeckt)).toBe(true);
    await service.verlinke(admin, ziel.ars, beliebt.id, { quelle: 'api' });
    expect((await service.chancen(ziel.ars, 500)).vorschlaege.map((v) => v.name)).not.toContain('Beliebtes Verfahren');
  });
});

describe('gap advice for the largest Behörden', () => {
  it('works for a city of more than 500,000 inhabitants', async () => {
    const gross = await aBehoerde(database, { typ: 'kreisfreie_stadt', bevoelkerung: 1_500_000 });
    const c = await service.chancen(gross.ars);
    expect(c.vergleichsgruppe).toMatchObject({ bevoelkerungVon: 500_000, bevoelkerungBis: null });
  });
});

describe('access decided in the service', () => {
  const verweigert = async (p: Promise<unknown> | (() => unknown), reason: string) => {
    const e = await (typeof p === 'function' ? Promise.resolve().then(p) : p).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ForbiddenError);
    expect(e).toMatchObject({ code: 'FORBIDDEN', status: 403, reason });
  };

  it('shows the history and the review signals only to those the Behörde is theirs, and the reviewer page only to the ministry', async () => {
    const b = await aBehoerde(database);
    const editor = await handelnde('kommune_editor', [b.ars]);
    const fremd = await handelnde('kommune_editor', [(await aBehoerde(database)).ars]);
    const dienstleister = await handelnde('it_dienstleister', [b.ars]);
    const pruefer = await handelnde('ministry_reviewer');
    await verweigert(service.historieFuer(fremd, b.ars), 'BEHOERDE_NICHT_ZUGEORDNET');
    await verweigert(service.historieFuer(undefined, b.ars), 'BEHOERDE_NICHT_ZUGEORDNET');
    expect(await service.historieFuer(dienstleister, b.ars)).toEqual([]);
    expect(await service.historieFuer(pruefer, b.ars)).toEqual([]);
    await verweigert(service.pruefsignaleFuer(fremd, b.ars), 'BEHOERDE_NICHT_ZUGEORDNET');
    // The IT-Dienstleister changes links but does not see the review signals.
    await verweigert(service.pruefsignaleFuer(dienstleister, b.ars), 'BEHOERDE_NICHT_ZUGEORDNET');
    expect(await service.pruefsignaleFuer(editor, b.ars)).toBeTruthy();
    await verweigert(() => service.pruefeVerwaltungsrecht(fremd, b.ars), 'BEHOERDE_NICHT_ZUGEORDNET');
    expect(service.pruefeVerwaltungsrecht(dienstleister, b.ars)).toBeUndefined();
    await verweigert(() => service.pruefePruefungsrecht(editor), 'NUR_MINISTERIUM');
    expect(service.pruefePruefungsrecht(pruefer)).toBeUndefined();
  });

  it('counts every role of an account, not only its main one', async () => {
    const b = await aBehoerde(database);
    const u = await aUser(database, 'grant_officer');
    const mitZweiRollen: Handelnde = { id: u.id, email: u.email, role: 'grant_officer', roles: ['grant_officer', 'kommune_editor'], behoerden: [b.ars] };
    expect(await service.historieFuer(mitZweiRollen, b.ars)).toEqual([]);
    await verweigert(service.historieFuer({ ...mitZweiRollen, roles: ['grant_officer'] }, b.ars), 'BEHOERDE_NICHT_ZUGEORDNET');
  });

  it('names a second link of the same procedure VERLINKUNG_DOPPELT', async () => {
    const b = await aBehoerde(database);
    const editor = await handelnde('kommune_editor', [b.ars]);
    const v = await aVerfahren(database);
    await service.verlinke(editor, b.ars, v.id, { quelle: 'formular' });
    const e = await service.verlinke(editor, b.ars, v.id, { quelle: 'formular' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConflictError);
    expect(e).toMatchObject({ code: 'CONFLICT', reason: 'VERLINKUNG_DOPPELT' });
  });
});
