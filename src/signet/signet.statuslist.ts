/**
 * W3C Bitstring Status List v1.0 (https://www.w3.org/TR/vc-bitstring-status-list/): a bitstring of
 * at least 16 KB (131,072 entries, for herd privacy), GZIP-compressed, base64url without padding,
 * multibase prefix `u`. Bit 0 is the left-most (most significant) bit of the first byte.
 */
import zlib from 'node:zlib';

export const MIN_BITS = 131_072;

export function encodeStatusList(setIndices: Iterable<number>, minBits = MIN_BITS): string {
  const idx = [...setIndices];
  const bits = Math.max(minBits, Math.ceil((Math.max(-1, ...idx) + 1) / 8) * 8);
  const bytes = Buffer.alloc(bits / 8);
  for (const i of idx) bytes[i >> 3] |= 0x80 >> (i & 7);
  return `u${zlib.gzipSync(bytes).toString('base64url')}`;
}

export function decodeStatusList(encoded: string): Buffer {
  if (!encoded.startsWith('u')) throw new Error('encodedList must be multibase base64url (prefix u)');
  return zlib.gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
}

export function bitAt(list: Buffer, index: number): boolean {
  if (index < 0 || index >= list.length * 8) throw new RangeError(`status list index ${index} out of range`);
  return (list[index >> 3] & (0x80 >> (index & 7))) !== 0;
}
