import fs from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../tests/support/db';
import { writeOfficialDataFixture } from '../gebiete/official-data.fixtures';
import { testConfig } from '../shared/config';
import type { Database } from '../shared/db';
import { runImportCommand } from './import.command';

/** A stream that remembers what was written; not a terminal, so no progress bar. */
function captured() {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        text += chunk.toString();
        done();
      },
    }),
    { isTTY: false },
  );
  return { stream, text: () => text };
}

describe('npm run cli -- import', () => {
  let database: Database;
  const dirs: string[] = [];
  const config = testConfig();
  const runWith = async (args: string[]) => {
    const out = captured();
    const err = captured();
    const code = await runImportCommand(database, config, args, { stdout: out.stream, stderr: err.stream });
    return { code, stdout: out.text(), stderr: err.text() };
  };
  const fixture = (edit?: (lines: string[]) => string[]) => {
    const dir = writeOfficialDataFixture({ gv100adLines: edit });
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('imports and ends with a German summary table', async () => {
    const { code, stdout, stderr } = await runWith(['--dir', fixture(), '--land', '09']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Amtliche Daten importiert (Land 09, Gebietsstand 30.11.2025)');
    expect(stdout).toMatch(/Bereich\s+neu\s+geändert\s+entfallen\s+unverändert/);
    expect(stdout).toMatch(/Behörden\s+5\s+0\s+0\s+0\n/);
    expect(stdout).toMatch(/Import-Lauf Nr\. \d+ gespeichert\./);
  });

  it('reports unchanged data on a second run', async () => {
    const { code, stdout } = await runWith([`--dir=${fixture()}`]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Behörden\s+0\s+0\s+0\s+5\n/);
  });

  it('prints every error with file, line and field and exits with 1', async () => {
    const dir = fixture((lines) => {
      lines[4] = `${lines[4].slice(0, 139)}00x00141185${lines[4].slice(150)}`;
      lines[9] = `${lines[9].slice(0, 165)}8450 ${lines[9].slice(170)}`;
      return lines;
    });
    const { code, stdout, stderr } = await runWith(['--dir', dir]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('Import abgebrochen. Die amtlichen Daten enthalten 2 Fehler; es wurde nichts importiert.');
    expect(stderr).toContain('GV100AD_30112025.txt, Zeile 5, Feld „Bevölkerung“: „00x00141185“ ist keine Zahl');
    expect(stderr).toContain('GV100AD_30112025.txt, Zeile 10, Feld „Postleitzahl“: „8450 “ ist keine fünfstellige Postleitzahl');
  });

  it('reports a GV100AD file whose name does not match its Gebietsstand', async () => {
    const dir = fixture();
    fs.renameSync(`${dir}/gemeindeverzeichnis/GV100AD_30112025.txt`, `${dir}/gemeindeverzeichnis/GV100AD_30092025.txt`);
    const { code, stderr } = await runWith(['--dir', dir]);
    expect(code).toBe(1);
    expect(stderr).toContain('GV100AD_30092025.txt, Feld „Gebietsstand“: Der Dateiname nennt 30.09.2025, die Sätze haben 30.11.2025');
  });

  it('reports a missing folder as an error of the data, not a crash', async () => {
    const { code, stderr } = await runWith(['--dir', '/nicht/vorhanden']);
    expect(code).toBe(1);
    expect(stderr).toContain('gemeindeverzeichnis: Ordner fehlt: /nicht/vorhanden/gemeindeverzeichnis');
  });

  it('rejects a wrong Land and unknown options with exit code 2', async () => {
    expect((await runWith(['--land', 'Bayern'])).code).toBe(2);
    const unknown = await runWith(['--laender', '09']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Aufruf: npm run cli -- import');
  });

  it('shows its usage with --help', async () => {
    const { code, stdout } = await runWith(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--land');
  });
});
