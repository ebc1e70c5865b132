/**
 * Time-ordered UUIDs (version 7, RFC 9562 §5.7): 48 bits of Unix milliseconds, then random bits.
 * Rows created in bulk with such ids are appended at the right end of the primary-key index and of
 * every index that leads with the id, instead of being scattered among the existing random
 * (version 4) ids — in the embedded database a 100,000-row insert spends noticeably less time in
 * its indexes. Ids stay unguessable: 74 of the 128 bits are random.
 */
import { randomFillSync } from 'node:crypto';

export function uuid7(jetzt: number = Date.now()): string {
  const b = randomFillSync(new Uint8Array(16));
  const ms = Math.max(0, Math.floor(jetzt));
  const hoch = Math.floor(ms / 2 ** 16); // the upper 32 of the 48 bits
  b[0] = (hoch >>> 24) & 0xff;
  b[1] = (hoch >>> 16) & 0xff;
  b[2] = (hoch >>> 8) & 0xff;
  b[3] = hoch & 0xff;
  b[4] = (ms >>> 8) & 0xff;
  b[5] = ms & 0xff;
  b[6] = 0x70 | (b[6] & 0x0f); // version 7
  b[8] = 0x80 | (b[8] & 0x3f); // variant 10
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
