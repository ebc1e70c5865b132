/**
 * Text of a PDF for tests, without poppler: parses the objects, inflates the streams, reads each
 * font's ToUnicode CMap and decodes the text-showing operators (Tj, TJ) of every content stream.
 * Enough for pdfkit's output (embedded subset fonts with 2-byte glyph ids); not a general parser.
 */
import zlib from 'node:zlib';

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

/** Every indirect object `n 0 obj … endobj` with its dictionary text and (inflated) stream. */
export function pdfObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2];
    const s = body.indexOf('stream');
    if (s >= 0 && /^stream\r?\n/.test(body.slice(s))) {
      const start = s + (body[s + 6] === '\r' ? 8 : 7);
      const end = body.lastIndexOf('endstream');
      let raw = Buffer.from(body.slice(start, end).replace(/\r?\n$/, ''), 'latin1');
      const dict = body.slice(0, s);
      if (/\/FlateDecode/.test(dict)) {
        try {
          raw = zlib.inflateSync(raw);
        } catch {
          /* not inflatable: keep raw */
        }
      }
      objects.set(Number(m[1]), { dict, stream: raw });
    } else objects.set(Number(m[1]), { dict: body });
  }
  return objects;
}

function parseCmap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const hex = (h: string) => Number.parseInt(h, 16);
  const utf16 = (h: string) => {
    const units: number[] = [];
    for (let i = 0; i < h.length; i += 4) units.push(hex(h.slice(i, i + 4)));
    return String.fromCharCode(...units);
  };
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(hex(m[1]), utf16(m[2]));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const lo = hex(m[1]);
      const hi = hex(m[2]);
      if (m[3].startsWith('[')) {
        // An entry may hold several code points (ligatures: <0066 0069> is „fi“).
        const targets = [...m[3].matchAll(/<([0-9a-fA-F ]+)>/g)].map((t) => utf16(t[1].replace(/ /g, '')));
        targets.forEach((t, i) => map.set(lo + i, t));
      } else {
        const base = hex(m[3].slice(1, -1));
        for (let c = lo; c <= hi; c++) map.set(c, String.fromCharCode(base + (c - lo)));
      }
    }
  }
  return map;
}

/** The text of every page, lines joined with `\n`. */
export function pdfText(pdf: Buffer): string {
  const objects = pdfObjects(pdf);
  // Font resource name (F1, F2 …) → its ToUnicode map.
  const fonts = new Map<string, Map<number, string>>();
  for (const o of objects.values()) {
    for (const m of o.dict.matchAll(/\/(F\d+)\s+(\d+) 0 R/g)) {
      const font = objects.get(Number(m[2]));
      const tu = font && /\/ToUnicode\s+(\d+) 0 R/.exec(font.dict);
      const cmap = tu && objects.get(Number(tu[1]))?.stream;
      if (cmap) fonts.set(m[1], parseCmap(cmap.toString('latin1')));
    }
  }
  const lines: string[] = [];
  const contentIds = [...objects.entries()].filter(([, o]) => o.stream && /\bTf\b/.test(o.stream.toString('latin1'))).map(([id]) => id);
  for (const id of contentIds) {
    const content = (objects.get(id)?.stream as Buffer).toString('latin1');
    let current = new Map<number, string>();
    const tokens = /\/(F\d+)\s+[\d.]+\s+Tf|(\[(?:[^\]]*)\])\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g;
    for (let m = tokens.exec(content); m; m = tokens.exec(content)) {
      if (m[1]) {
        current = fonts.get(m[1]) ?? new Map();
        continue;
      }
      const hexes = m[2] ? [...m[2].matchAll(/<([0-9a-fA-F]*)>|(-?[\d.]+)/g)] : [[`<${m[3]}>`, m[3]] as unknown as RegExpMatchArray];
      let line = '';
      for (const h of hexes) {
        if (h[1] === undefined) {
          // A large negative adjustment in TJ moves right like a space.
          if (Number(h[2]) < -200) line += ' ';
          continue;
        }
        for (let i = 0; i + 4 <= h[1].length; i += 4) line += current.get(Number.parseInt(h[1].slice(i, i + 4), 16)) ?? '';
      }
      lines.push(line);
    }
  }
  return lines.join('\n');
}
