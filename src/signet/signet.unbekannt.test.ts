/**
 * Requests for unknown signet numbers cost no rendering: the PNG for "not found" is rendered once
 * per size and then served from memory, however many different numbers are asked for. The real
 * renderer runs; the test only counts how often it is started.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import { systemClock } from '../shared/clock';
import type { Database } from '../shared/db';
import { createSignetRepository } from './signet.repository';
import { createSignetService } from './signet.service';

const zaehler = vi.hoisted(() => ({ renderings: 0 }));
vi.mock('@resvg/resvg-js', async (original) => {
  const m = await original<typeof import('@resvg/resvg-js')>();
  class ZaehlendesResvg extends m.Resvg {
    constructor(...args: ConstructorParameters<typeof m.Resvg>) {
      super(...args);
      zaehler.renderings++;
    }
  }
  return { ...m, Resvg: ZaehlendesResvg };
});

let database: Database;
let service: ReturnType<typeof createSignetService>;

beforeAll(async () => {
  database = await openTestDatabase();
  service = createSignetService(createSignetRepository(database.db), systemClock, {
    publicBaseUrl: 'https://digitales-amt.bayern.example',
    issuerName: 'Test',
    issuerUrl: 'https://stmd.example',
    keks: ['k'.repeat(40)],
    alteGeheimnisse: [],
    cacheTtlSeconds: 10,
    maxAgeSeconds: 300,
    staleWhileRevalidateSeconds: 3600,
  });
  const b = await aBehoerde(database, { name: 'Markt Echtheim' });
  await database.db.execute(sql`insert into praedikate (zertifikat_nr, behoerde_ars, verliehen_am, status) values ('DA-2023-0099', ${b.ars}, '2023-01-10', 'gueltig')`);
});
afterAll(async () => {
  await database.close();
});

describe('signet PNG for unknown numbers', () => {
  it('renders once per size, not per request or per number', async () => {
    const vorher = zaehler.renderings;
    const bilder = [];
    for (let i = 0; i < 40; i++) bilder.push(await service.signet(`DA-2099-${String(1000 + i)}`, 'png', 'm'));
    for (let i = 0; i < 10; i++) bilder.push(await service.signet(`kein-muster-${i}`, 'png', 'm'));
    expect(bilder.every((b) => b.status === 404 && b.contentType === 'image/png')).toBe(true);
    expect(new Set(bilder.map((b) => b.etag)).size).toBe(1);
    expect(zaehler.renderings - vorher).toBe(1);
    await service.signet('DA-2099-5555', 'png', 'xl');
    await service.signet('DA-2099-5556', 'png', 'xl');
    expect(zaehler.renderings - vorher).toBe(2);
  });

  it('still renders a real award, and only once while its status stays the same', async () => {
    const vorher = zaehler.renderings;
    const a = await service.signet('DA-2023-0099', 'png', 'm');
    const b = await service.signet('DA-2023-0099', 'png', 'm');
    expect(a.status).toBe(200);
    expect(b.etag).toBe(a.etag);
    expect(zaehler.renderings - vorher).toBe(1);
  });
});
