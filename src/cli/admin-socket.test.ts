/**
 * The admin socket inside one process: a server app on an embedded database in a directory, and
 * the CLI's client talking to it (the real processes: tests/faults/cli-neben-server.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import type { Readiness } from '../health/health.routes';
import { loadConfig } from '../shared/config';
import { type Database, openDatabase } from '../shared/db';
import { ladeGeheimnisse, leseGeheimnisDatei } from '../shared/geheimnisse';
import { kekAus } from '../signet/signet.keys';
import { AdminSocketNichtErreichbarError, adminSocketPfad, pfadeAbsolut, sendeAnServer } from './admin-client';
import { startAdminSocket } from './admin-socket';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'da-adminsocket-'));
const readiness: Readiness = { ready: false, step: 'Amtliche Daten werden eingelesen' };
let database: Database;
let app: FastifyInstance;

function senke() {
  let text = '';
  return {
    stream: new Writable({
      write(chunk, _enc, done) {
        text += String(chunk);
        done();
      },
    }),
    text: () => text,
  };
}

/** Sends a command like `npm run cli -- …` would and collects its output. */
async function cli(...argv: string[]) {
  const stdout = senke();
  const stderr = senke();
  const code = await sendeAnServer(dataDir, argv, 'testerin', { stdout: stdout.stream, stderr: stderr.stream });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

beforeAll(async () => {
  // A socket file left by a server that was killed.
  fs.mkdirSync(path.dirname(adminSocketPfad(dataDir)), { recursive: true });
  fs.writeFileSync(adminSocketPfad(dataDir), 'alt');
  database = await openDatabase({ dataDir });
  // As `npm start` without configuration: secrets generated into the data directory.
  const config = ladeGeheimnisse(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir }));
  app = await buildApp({ config, database, readiness });
  await startAdminSocket(app, readiness);
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('admin socket', () => {
  it('is reachable by its owner only: socket 600 in a directory 700', () => {
    const pfad = adminSocketPfad(dataDir);
    expect(fs.statSync(pfad).isSocket()).toBe(true);
    expect(fs.statSync(pfad).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(pfad)).mode & 0o777).toBe(0o700);
  });

  it('refuses commands while the server starts, saying what it is doing (exit 3)', async () => {
    const r = await cli('user', 'list');
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('Die Plattform startet noch (Amtliche Daten werden eingelesen). Bitte später erneut versuchen.\n');
    readiness.ready = true;
  });

  it('runs commands with the server’s services and sends their output back', async () => {
    const angelegt = await cli('user', 'create', '--email', 'socket@test.example', '--name', 'Sophie Socket', '--role', 'ministry_reviewer');
    expect(angelegt).toMatchObject({ code: 0, stderr: '' });
    expect(angelegt.stdout).toMatch(/^Konto angelegt: socket@test\.example \(ministry_reviewer\)\nEinmal-Passwort \(bei der ersten Anmeldung zu ändern\): \S+\n$/);
    const liste = await cli('user', 'list');
    expect(liste.stdout).toContain('socket@test.example\tministry_reviewer\taktiv\t\n');
    // The audit trail names the person at the command line.
    const [eintrag] = await database.query<{ actor_label: string }>(`select actor_label from audit_log where action = 'user.create' order by id desc limit 1`);
    expect(eintrag.actor_label).toBe('cli:testerin');
    const audit = await cli('audit', 'verify');
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(/^Audit-Protokoll unverändert: \d+ Einträge, Prüfkette vollständig\.\n$/);
  });

  it('answers a failing command with its German message and exit code, and keeps serving', async () => {
    const doppelt = await cli('user', 'create', '--email', 'socket@test.example', '--name', 'Noch einmal', '--role', 'ministry_reviewer');
    expect(doppelt).toEqual({ code: 1, stdout: '', stderr: 'Ein Konto mit der E-Mail-Adresse socket@test.example gibt es bereits.\n' });
    const ungueltig = await cli('user', 'create', '--email', 'kaputt', '--name', 'X', '--role', 'kommune_editor');
    expect(ungueltig.code).toBe(1);
    expect(ungueltig.stderr).toContain('email: Bitte geben Sie eine gültige E-Mail-Adresse an.');
    expect(ungueltig.stderr).toContain('behoerden: Die Rollen „Redaktion einer Kommune“ und „IT-Dienstleister“ brauchen mindestens eine Behörde');
    expect((await cli('gibt-es-nicht')).code).toBe(2);
    expect((await cli('user', 'list', '--unbekannt')).code).toBe(2);
    expect((await app.inject({ url: '/livez' })).statusCode).toBe(200);
    expect((await cli('user', 'list')).code).toBe(0);
  });

  it('writes a backup where the caller said, taken inside the server', async () => {
    const datei = path.join(dataDir, '..', `${path.basename(dataDir)}-sicherung.tar.gz`);
    const r = await cli('backup', 'erstellen', '--datei', datei);
    try {
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Sicherung geschrieben: ${datei}`);
      expect(fs.statSync(datei).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(datei, { force: true });
    }
  });

  it('rotates the generated KEK inside the server: new KEK in the secrets file, the signing key re-wrapped and still usable', async () => {
    expect((await cli('signet', 'rotate-key')).code).toBe(0);
    const vorher = leseGeheimnisDatei(dataDir);
    const r = await cli('signet', 'rotate-kek');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const nachher = leseGeheimnisDatei(dataDir);
    expect(nachher?.SIGNET_KEK).not.toBe(vorher?.SIGNET_KEK);
    expect(nachher?.SIGNET_KEK_VORHER).toEqual([]);
    expect(nachher?.SESSION_SECRET).toBe(vorher?.SESSION_SECRET);
    const neueId = kekAus(nachher?.SIGNET_KEK as string).id;
    expect(r.stdout).toContain(`Neuer KEK ${neueId} in ${path.join(dataDir, 'geheimnisse.json')} gespeichert; der bisherige ist entfernt.`);
    expect(r.stdout).toContain('Neu verschlüsselt: 1 Schlüssel');
    const status = await cli('signet', 'status');
    expect(status.stdout).toContain(`Aktueller KEK: ${neueId}`);
    const zeile = status.stdout.split('\n').find((z) => z.includes('\taktiv\t'));
    expect(zeile).toMatch(/\tKEK \S+ \(aktuell\)\tlesbar$/);
    expect(zeile).toContain(`KEK ${neueId} (aktuell)`);
    expect((await app.inject({ url: '/.well-known/jwks.json' })).statusCode).toBe(200);
  });

  it('makes relative paths absolute before sending (the server has its own working directory)', () => {
    expect(pfadeAbsolut(['backup', 'erstellen', '--datei', 'a/b.tar.gz'], '/srv/x')).toEqual(['backup', 'erstellen', '--datei', '/srv/x/a/b.tar.gz']);
    expect(pfadeAbsolut(['import', '--dir=daten', '--land', '09'], '/srv/x')).toEqual(['import', '--dir=/srv/x/daten', '--land', '09']);
  });

  it('is gone when the server closes: the CLI is told nobody listens', async () => {
    await app.close();
    expect(fs.existsSync(adminSocketPfad(dataDir))).toBe(false);
    await expect(cli('user', 'list')).rejects.toBeInstanceOf(AdminSocketNichtErreichbarError);
  });
});
