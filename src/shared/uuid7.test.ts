import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import { uuid7 } from './uuid7';

/** The milliseconds in the first 48 bits (RFC 9562 §5.7). */
const zeitVon = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('uuid7', () => {
  it('is a valid version-7 UUID of RFC 9562 carrying the time, with random bits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), (ms) => {
        const id = uuid7(ms);
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(z.uuid().safeParse(id).success).toBe(true);
        expect(zeitVon(id)).toBe(ms);
      }),
    );
    const viele = new Set(Array.from({ length: 10_000 }, () => uuid7(1_765_000_000_000)));
    expect(viele.size).toBe(10_000);
  });

  it('sorts by time: ids of a later millisecond sort after every id of an earlier one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 47 }), fc.integer({ min: 1, max: 2 ** 40 }), (a, d) => {
        expect(uuid7(a) < uuid7(a + d)).toBe(true);
      }),
    );
  });
});
