/**
 * Rows in PostgreSQL's binary COPY format (`COPY … FROM … WITH (FORMAT binary)`, „Binary Format“ in
 * the PostgreSQL manual's COPY page): every value goes in its binary form, none is parsed from text
 * by the server — in PGlite's WebAssembly PostgreSQL the text form cost 0.4–0.6 s alone for the two
 * timestamps of 100,000 new procedures (docs/performance.md „Bulk work“).
 *
 * A value known only later (the commit's time, who commits) can be left as a stand-in
 * (`platzhalter`) and put in with `setzeEin`: rows can be prepared before the values are known.
 */

/** Column types the writer knows; each must be exactly the column's type. */
export type CopyTyp = 'text' | 'uuid' | 'int' | 'bool' | 'timestamptz';

/** A stand-in for a value put in later with `setzeEin(daten, name, …)`. */
export interface Platzhalter {
  readonly platzhalter: string;
}
export const platzhalter = (name: string): Platzhalter => ({ platzhalter: name });

export type CopyWert = string | number | boolean | Date | null | undefined | Platzhalter;

export interface CopyDaten {
  daten: Buffer;
  zeilen: number;
  /** Where each stand-in's values go: its type and the byte offsets. */
  stellen: Map<string, { typ: 'uuid' | 'timestamptz'; an: number[] }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** PostgreSQL's timestamps count microseconds from 2000-01-01 00:00 UTC. */
const PG_EPOCHE_MS = Date.UTC(2000, 0, 1);
const ZWEI_32 = 2 ** 32;

class Schreiber {
  buf = Buffer.allocUnsafe(1 << 20);
  pos = 0;
  platz(n: number) {
    if (this.pos + n <= this.buf.length) return;
    let l = this.buf.length * 2;
    while (l < this.pos + n) l *= 2;
    const neu = Buffer.allocUnsafe(l);
    this.buf.copy(neu, 0, 0, this.pos);
    this.buf = neu;
  }
  int16(n: number) {
    this.platz(2);
    this.pos = this.buf.writeInt16BE(n, this.pos);
  }
  int32(n: number) {
    this.platz(4);
    this.pos = this.buf.writeInt32BE(n, this.pos);
  }
}

const zeitWert = (w: string | Date): number => {
  const ms = typeof w === 'string' ? Date.parse(w) : w.getTime();
  if (!Number.isFinite(ms)) throw new Error(`copyBinaer: not a time: ${String(w)}`);
  return (ms - PG_EPOCHE_MS) * 1000;
};

function schreibeZeit(buf: Buffer, an: number, us: number) {
  const hoch = Math.floor(us / ZWEI_32);
  buf.writeInt32BE(hoch, an);
  buf.writeUInt32BE(us - hoch * ZWEI_32, an + 4);
}

function schreibeUuid(buf: Buffer, an: number, s: string) {
  if (!UUID.test(s)) throw new Error(`copyBinaer: not a UUID: ${s}`);
  buf.write(s.slice(0, 8) + s.slice(9, 13) + s.slice(14, 18) + s.slice(19, 23) + s.slice(24), an, 16, 'hex');
}

/** The rows (one value per column of `typen`, in that order) in binary COPY format. */
export function copyBinaer(typen: readonly CopyTyp[], zeilen: Iterable<readonly CopyWert[]>): CopyDaten {
  const s = new Schreiber();
  const stellen: CopyDaten['stellen'] = new Map();
  // Signature, flags, header extension length.
  s.platz(19);
  s.pos += s.buf.write('PGCOPY\n\xff\r\n\0', 0, 'latin1');
  s.int32(0);
  s.int32(0);
  let n = 0;
  for (const z of zeilen) {
    if (z.length !== typen.length) throw new Error(`copyBinaer: row ${n + 1} has ${z.length} values for ${typen.length} columns`);
    s.int16(typen.length);
    for (let i = 0; i < typen.length; i++) {
      const w = z[i];
      const typ = typen[i];
      if (w === null || w === undefined) {
        s.int32(-1);
        continue;
      }
      if (typeof w === 'object' && !(w instanceof Date)) {
        if (typ !== 'uuid' && typ !== 'timestamptz') throw new Error(`copyBinaer: a stand-in for a ${typ} column`);
        const laenge = typ === 'uuid' ? 16 : 8;
        s.int32(laenge);
        s.platz(laenge);
        const st = stellen.get(w.platzhalter) ?? { typ, an: [] };
        if (st.typ !== typ) throw new Error(`copyBinaer: stand-in ${w.platzhalter} for two types`);
        st.an.push(s.pos);
        stellen.set(w.platzhalter, st);
        s.buf.fill(0, s.pos, s.pos + laenge);
        s.pos += laenge;
        continue;
      }
      switch (typ) {
        case 'text': {
          const t = String(w);
          s.platz(4 + 3 * t.length);
          const laenge = s.buf.write(t, s.pos + 4, 'utf8');
          s.buf.writeInt32BE(laenge, s.pos);
          s.pos += 4 + laenge;
          break;
        }
        case 'uuid':
          s.int32(16);
          s.platz(16);
          schreibeUuid(s.buf, s.pos, String(w));
          s.pos += 16;
          break;
        case 'int':
          if (typeof w !== 'number' || !Number.isInteger(w) || w < -(2 ** 31) || w >= 2 ** 31)
            throw new Error(`copyBinaer: not a 32-bit integer: ${String(w)}`);
          s.int32(4);
          s.int32(w);
          break;
        case 'bool':
          if (typeof w !== 'boolean') throw new Error(`copyBinaer: not a boolean: ${String(w)}`);
          s.int32(1);
          s.platz(1);
          s.buf[s.pos++] = w ? 1 : 0;
          break;
        case 'timestamptz':
          if (typeof w !== 'string' && !(w instanceof Date)) throw new Error(`copyBinaer: not a time: ${String(w)}`);
          s.int32(8);
          s.platz(8);
          schreibeZeit(s.buf, s.pos, zeitWert(w));
          s.pos += 8;
          break;
      }
    }
    n++;
  }
  s.int16(-1);
  // A copy of exactly the rows' size: the writer's buffer may be up to twice as large.
  return { daten: Buffer.from(s.buf.subarray(0, s.pos)), zeilen: n, stellen };
}

/** Puts `wert` in for the stand-in `name` wherever the rows hold it (in place). */
export function setzeEin(d: CopyDaten, name: string, wert: string | Date): CopyDaten {
  const st = d.stellen.get(name);
  if (!st) return d;
  if (st.typ === 'uuid') {
    const s = String(wert);
    for (const an of st.an) schreibeUuid(d.daten, an, s);
  } else {
    const us = zeitWert(wert);
    for (const an of st.an) schreibeZeit(d.daten, an, us);
  }
  return d;
}
