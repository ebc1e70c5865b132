/**
 * The deployment files (Dockerfile, deploy/compose.yaml, deploy/Caddyfile,
 * deploy/digitales-amt.service; docs/deployment.md) cannot be built or run here (no container
 * engine, no registry). This checks what can be checked without one: they parse, and they use the
 * commands, paths, port, probes and variables that exist — the same `node dist/server.js` and
 * `node dist/cli.js migrate` the fault tests run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../src/shared/config';
import { EXIT } from '../../src/shared/exit-codes';
import { CLI_ENTRY, ensureBuilt, repoRoot, SERVER_ENTRY } from '../support/build';

const read = (p: string) => fs.readFileSync(path.join(repoRoot, p), 'utf8');
const DEFAULT_PORT = loadConfig({}).port;

beforeAll(() => ensureBuilt());

describe('Dockerfile', () => {
  const text = read('Dockerfile');
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const runtime = instructions.slice(instructions.map((l) => l.startsWith('FROM ')).lastIndexOf(true));

  it('builds in one stage and runs from a second one, as an unprivileged user behind tini', () => {
    expect(instructions.filter((l) => l.startsWith('FROM '))).toHaveLength(2);
    expect(runtime.some((l) => /^COPY --from=build \/app\/dist dist$/.test(l))).toBe(true);
    const user = runtime.filter((l) => l.startsWith('USER ')).at(-1);
    expect(user).toBe('USER node');
    expect(runtime).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]');
    expect(runtime.find((l) => l.startsWith('RUN apt-get'))).toMatch(/\btini\b/);
  });

  it('runs the compiled server and checks /livez on the configured port', () => {
    expect(runtime.at(-1)).toBe(`CMD ["node", "${SERVER_ENTRY}"]`);
    expect(fs.existsSync(path.join(repoRoot, SERVER_ENTRY))).toBe(true);
    const health = runtime.find((l) => l.startsWith('HEALTHCHECK'));
    expect(health).toMatch(/\/livez/);
    expect(health).toMatch(new RegExp(`process\\.env\\.PORT \\|\\| ${DEFAULT_PORT}`));
    expect(runtime.find((l) => l.startsWith('EXPOSE'))).toBe(`EXPOSE ${DEFAULT_PORT}`);
  });

  it('copies only what exists and what the server reads at run time', () => {
    for (const l of instructions.filter((i) => i.startsWith('COPY ') && !i.includes('--from'))) {
      const sources = l.split(/\s+/).slice(1, -1);
      for (const s of sources) expect(fs.existsSync(path.join(repoRoot, s)), l).toBe(true);
    }
    for (const needed of ['migrations', 'public', 'package.json']) expect(runtime.some((l) => l.startsWith(`COPY ${needed} `)), needed).toBe(true);
    // Every variable it sets is one the configuration knows.
    const env = runtime.filter((l) => l.startsWith('ENV ')).flatMap((l) => [...l.matchAll(/(\w+)=/g)].map((m) => m[1]));
    expect(env.filter((v) => !CONFIG_VARIABLES.includes(v))).toEqual([]);
  });
});

describe('deploy/compose.yaml', () => {
  const compose = parse(read('deploy/compose.yaml'), { merge: true }) as {
    services: Record<string, { image?: string; command?: string[]; environment?: Record<string, string>; depends_on?: Record<string, { condition: string }>; stop_grace_period?: string; volumes?: string[]; ports?: string[] }>;
  };
  const apps = ['app1', 'app2'].map((n) => compose.services[n]);

  it('has PostgreSQL, the migrations, two instances and the proxy', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app1', 'app2', 'db', 'migrate', 'proxy']);
    expect(compose.services.db.image).toBe('postgres:15');
    expect(compose.services.proxy.image).toMatch(/^caddy:/);
    expect(compose.services.proxy.ports).toEqual(['80:80', '443:443']);
  });

  it('migrates once with the tested command before both instances start the compiled server', () => {
    expect(compose.services.migrate.command).toEqual(['node', CLI_ENTRY, 'migrate']);
    expect(compose.services.migrate.depends_on?.db.condition).toBe('service_healthy');
    for (const app of apps) {
      expect(app.command).toEqual(['node', SERVER_ENTRY]);
      expect(app.depends_on?.migrate.condition).toBe('service_completed_successfully');
      // Longer than the server's own 25 s grace after SIGTERM.
      expect(Number.parseInt(app.stop_grace_period ?? '0', 10)).toBeGreaterThan(25);
    }
  });

  it('sets only variables the configuration knows, and they are valid', () => {
    for (const app of [...apps, compose.services.migrate]) {
      const env = app.environment ?? {};
      expect(Object.keys(env).filter((v) => !CONFIG_VARIABLES.includes(v))).toEqual([]);
      // The ${…} placeholders filled in as an operator would; the official data folder is mounted, not checked here.
      const filled = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace(/\$\{(\w+)[^}]*\}/g, (_, name: string) => ({ DOMAIN: 'digitales-amt.bayern.example', DB_PASSWORD: 'pw', SESSION_SECRET: 'x'.repeat(48), SIGNET_KEK: 'k'.repeat(48) })[name] ?? name)]));
      const config = loadConfig(filled);
      expect(config.databaseUrl).toBe('postgres://digitales_amt:pw@db:5432/digitales_amt');
      expect(config.trustProxy).toEqual({ art: 'hops', hops: 1 });
      expect(config.cookieSecure).toBe(true);
      expect(config.demo.enabled).toBe(false);
      expect(app.volumes?.[0]).toMatch(new RegExp(`:${env.OFFICIAL_DATA_DIR}:ro$`));
    }
  });
});

describe('deploy/Caddyfile', () => {
  const text = read('deploy/Caddyfile');
  it('terminates TLS for the domain, compresses, and balances over both instances by readiness', () => {
    expect(text).toMatch(/^\{\$DOMAIN\} \{$/m);
    expect(text).toMatch(/^\s+encode zstd gzip$/m);
    expect(text).toMatch(new RegExp(`^\\s+reverse_proxy app1:${DEFAULT_PORT} app2:${DEFAULT_PORT} \\{$`, 'm'));
    expect(text).toMatch(/^\s+health_uri \/healthz$/m);
    // Every block closed (placeholders like {$DOMAIN} aside).
    const blocks = text.replace(/\{\$\w+\}/g, '').replace(/#.*$/gm, '');
    expect((blocks.match(/\{/g) ?? []).length).toBe((blocks.match(/\}/g) ?? []).length);
  });
});

describe('deploy/digitales-amt.service', () => {
  const unit = new Map<string, string[]>();
  let section = '';
  for (const line of read('deploy/digitales-amt.service').split('\n')) {
    const l = line.trim();
    if (!l || l.startsWith('#')) continue;
    const m = /^\[(\w+)\]$/.exec(l);
    if (m) section = m[1];
    else {
      const i = l.indexOf('=');
      const key = `${section}.${l.slice(0, i)}`;
      unit.set(key, [...(unit.get(key) ?? []), l.slice(i + 1)]);
    }
  }
  const one = (key: string) => unit.get(key)?.[0];

  it('runs migrations, then the compiled server as the one process systemd signals', () => {
    expect(one('Service.ExecStartPre')).toBe(`/usr/bin/node ${CLI_ENTRY} migrate`);
    expect(one('Service.ExecStart')).toBe(`/usr/bin/node ${SERVER_ENTRY}`);
    expect(one('Service.KillSignal')).toBe('SIGTERM');
    expect(Number(one('Service.TimeoutStopSec'))).toBeGreaterThan(25);
    expect(one('Service.User')).not.toBe('root');
    expect(one('Service.EnvironmentFile')).toBe('/etc/digitales-amt/env');
    expect(one('Install.WantedBy')).toBe('multi-user.target');
  });

  it('does not restart on the exit codes a restart cannot cure', () => {
    expect(one('Service.RestartPreventExitStatus')?.split(' ').map(Number)).toEqual([EXIT.config, EXIT.listen]);
    for (const [key, values] of unit) if (key.startsWith('Service.Environment') && key !== 'Service.EnvironmentFile') for (const v of values) expect(CONFIG_VARIABLES).toContain(v.split('=')[0]);
  });
});
