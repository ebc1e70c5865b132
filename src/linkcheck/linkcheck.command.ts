/**
 * `npm run cli -- linkcheck [--url URL ...] [--nur-defekte]`: checks now and prints a summary
 * table and the broken addresses. Without options every linked URL is checked — under the same
 * lock as the daily run, so it never runs alongside another instance.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { LinkcheckService } from './linkcheck.service';

export interface Ausgabe {
  log(line: string): void;
  error(line: string): void;
}

const UMFANG = { alle: 'alle verlinkten Adressen', defekte: 'zuletzt defekte Adressen', auswahl: 'angegebene Adressen' } as const;

/** `service`: the app's link-check service (`services.linkcheck`, built in createServices). */
export async function runLinkcheckCommand(service: LinkcheckService, args: string[], deps: { out?: Ausgabe } = {}): Promise<number> {
  const out = deps.out ?? console;
  let values: { url?: string[]; 'nur-defekte'?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { url: { type: 'string', multiple: true }, 'nur-defekte': { type: 'boolean' } }, strict: true, allowPositionals: false }));
  } catch (e) {
    out.error(`${(e as Error).message}\nAufruf: npm run cli -- linkcheck [--url URL ...] [--nur-defekte]`);
    return 2;
  }
  const r = await service.pruefeExklusiv({ urls: values.url, nurDefekte: values['nur-defekte'], actor: `cli:${os.userInfo().username}` });
  if (!r) {
    out.error('Eine andere Instanz prüft gerade alle Links; nichts geändert. Später erneut versuchen.');
    return 1;
  }
  const zeilen: [string, string][] = [
    ['Umfang', UMFANG[r.umfang]],
    ['Geprüft', String(r.geprueft)],
    ['Erreichbar', String(r.ok)],
    ['Defekt', String(r.defekt)],
    ['Neu defekt', String(r.neuDefekt)],
    ['Repariert', String(r.repariert)],
    ...(r.nichtGeprueft > 0 ? ([['Zeitlimit', `${r.nichtGeprueft} nicht geprüft (Laufzeit erreicht)`]] as [string, string][]) : []),
    ...(r.ueberGrenze > 0 ? ([['Später', `${r.ueberGrenze} über der Grenze je Behörde`]] as [string, string][]) : []),
    ['Dauer', `${(r.dauerMs / 1000).toLocaleString('de-DE', { maximumFractionDigits: 1 })} s`],
  ];
  out.log('Linkprüfung');
  for (const [k, v] of zeilen) out.log(`  ${k.padEnd(12)} ${v}`);
  const defekt = r.ergebnisse.filter((e) => e.status === 'defekt').sort((a, b) => a.url.localeCompare(b.url));
  if (defekt.length > 0) {
    const breite = Math.min(60, Math.max(6, ...defekt.map((d) => (d.fehler ?? '').length)));
    out.log('');
    out.log(`  ${'HTTP'.padEnd(5)} ${'Fehler'.padEnd(breite)} Adresse`);
    for (const d of defekt) out.log(`  ${String(d.httpStatus ?? '–').padEnd(5)} ${(d.fehler ?? '').padEnd(breite)} ${d.url}`);
  }
  out.log('');
  out.log('Die Zählstände aller Behörden sind neu berechnet.');
  return 0;
}
