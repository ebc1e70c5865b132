/**
 * Harness for the browser tests (docs/testing.md):
 *
 * - `startServer()` starts the real server (`node dist/server.js`, as `npm start`) as a child process on a free port
 *   with an empty PGlite directory, waits for `GET /healthz` and returns its URL and `stop()`.
 * - `setup()` below is vitest's globalSetup (vitest.e2e.config.ts): one server for all browser
 *   tests; test files read it with `serverUnderTest()`. This module is loaded there too, outside
 *   a test worker, so it must not import `vitest` at run time.
 * - `newPage({ javaScriptEnabled })` opens a page in a fresh Debian Chromium with its own profile.
 *   `closeBrowsers()` closes them all.
 * - `expectNoAxeViolations(page)` runs axe (WCAG 2.0/2.1 A and AA) and fails with a readable list.
 *
 * Chromium is Debian's (/usr/bin/chromium, installed by scripts/ensure-tools.sh); playwright's own
 * browser downloads are not reachable here (../shared/TECH-NOTES.md).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { ensureBuilt, SERVER_ENTRY } from '../../support/build';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Server logs and failure screenshots go here (ignored by git). */
export const resultsDir = path.join(repoRoot, 'test-results');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const DEFAULT_ADMIN_EMAIL = 'admin@digitales-amt.bayern.example';
export const DEFAULT_ADMIN_PASSWORD = 'Test-Passwort-2026!';
/** Password of the demo accounts (redaktion.nuernberg@demo.example, it-dienstleister@demo.example, …). */
export const DEMO_PASSWORD = 'Demo-Passwort-2026!';

export interface ServerUnderTest {
  baseUrl: string;
  adminEmail: string;
  adminPassword: string;
}

export interface StartedServer extends ServerUnderTest {
  /** The server's stdout and stderr. */
  logFile: string;
  stop(): Promise<void>;
}

export interface StartServerOptions {
  /** Extra environment for the server (wins over the defaults). */
  env?: Record<string, string>;
  /** How long the first start may take (it imports the official data); default 120 s or E2E_SERVER_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Extra options of the server's node process (e.g. V8 flags of a load test). */
  nodeArgs?: string[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const tail = (file: string, lines = 40) => {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
};

/**
 * Starts the server as `npm start` does (`node dist/server.js`, built first if stale) with an empty data directory and waits
 * until `/healthz` answers 200. The server gets its own process group so that stop() ends it with
 * everything it started.
 */
export async function startServer(opts: StartServerOptions = {}): Promise<StartedServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'da-e2e-data-'));
  fs.mkdirSync(resultsDir, { recursive: true });
  const logFile = path.join(resultsDir, `e2e-server-${port}.log`);
  const timeoutMs = opts.timeoutMs ?? Number(process.env.E2E_SERVER_TIMEOUT_MS ?? 120_000);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PUBLIC_BASE_URL: baseUrl,
    ADMIN_EMAIL: process.env.ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL,
    INITIAL_ADMIN_PASSWORD: process.env.INITIAL_ADMIN_PASSWORD ?? DEFAULT_ADMIN_PASSWORD,
    DEMO_PASSWORD,
    // The background preparation of Behörde pages would compete with the browser for the CPU.
    BEHOERDEN_VORBEREITUNG: 'false',
    ...opts.env,
  };
  // The browser tests run on the embedded database; a developer's DATABASE_URL must not leak in,
  // nor vitest's own markers.
  for (const key of Object.keys(env)) {
    if (key === 'DATABASE_URL' || key === 'TEST_DATABASE_URL' || key.startsWith('VITEST')) delete env[key];
  }
  if (opts.env?.DATABASE_URL) {
    env.DATABASE_URL = opts.env.DATABASE_URL;
    // PostgreSQL takes its secrets from the environment only (docs/operations.md).
    env.SESSION_SECRET ??= crypto.randomBytes(48).toString('base64url');
    env.SIGNET_KEK ??= crypto.randomBytes(48).toString('base64url');
  }

  const log = fs.openSync(logFile, 'w');
  ensureBuilt();
  const child: ChildProcess = spawn(process.execPath, [...(opts.nodeArgs ?? []), SERVER_ENTRY], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', log, 'pipe'],
    detached: true,
  });
  // The one-time password line (`Passwort: …`, on stderr) is the fallback when INITIAL_ADMIN_PASSWORD is ignored.
  let printedPassword: string | undefined;
  let stderrRest = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    fs.writeSync(log, chunk);
    stderrRest += chunk.toString('utf8');
    const lines = stderrRest.split('\n');
    stderrRest = lines.pop() ?? '';
    for (const line of lines) {
      const m = /Passwort:\s*(\S+)/.exec(line);
      if (m && !printedPassword) printedPassword = m[1];
    }
  });

  let exited: string | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = signal ? `signal ${signal}` : `exit code ${code}`;
      resolve();
    });
  });
  const killGroup = (signal: NodeJS.Signals) => {
    if (exited || !child.pid) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* gone */
    }
  };
  // Last resort when the test process ends without stop() (a crash, a timeout).
  const onExit = () => {
    killGroup('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', onExit);
    killGroup('SIGTERM');
    const timer = setTimeout(() => killGroup('SIGKILL'), 10_000);
    await exitPromise;
    clearTimeout(timer);
    fs.closeSync(log);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const t0 = Date.now();
  let lastStatus = 'no answer';
  while (true) {
    if (exited) {
      await stop();
      throw new Error(`The server ended before it was ready (${exited}). Log ${logFile}:\n${tail(logFile)}`);
    }
    if (Date.now() - t0 > timeoutMs) {
      await stop();
      throw new Error(`The server was not ready after ${timeoutMs / 1000} s (last /healthz: ${lastStatus}). Log ${logFile}:\n${tail(logFile)}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
      lastStatus = `${res.status} ${(await res.text()).slice(0, 200)}`;
      if (res.status === 200) break;
    } catch (e) {
      lastStatus = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  console.log(`e2e: server ready at ${baseUrl} after ${((Date.now() - t0) / 1000).toFixed(1)} s (log: ${path.relative(repoRoot, logFile)})`);

  return {
    baseUrl,
    adminEmail: env.ADMIN_EMAIL as string,
    adminPassword: opts.env?.INITIAL_ADMIN_PASSWORD ?? printedPassword ?? (env.INITIAL_ADMIN_PASSWORD as string),
    logFile,
    stop,
  };
}

/**
 * vitest globalSetup: one server for every browser test file. It hands the server to the test
 * workers through E2E_BASE_URL / E2E_ADMIN_EMAIL / E2E_ADMIN_PASSWORD (the workers start after it
 * and inherit the environment). When E2E_BASE_URL is already set, the tests use that server
 * instead (a developer's `npm start`) and log in with E2E_ADMIN_PASSWORD.
 */
export async function setup() {
  if (process.env.E2E_BASE_URL) return;
  const server = await startServer();
  process.env.E2E_BASE_URL = server.baseUrl;
  process.env.E2E_ADMIN_EMAIL = server.adminEmail;
  process.env.E2E_ADMIN_PASSWORD = server.adminPassword;
  return async () => {
    delete process.env.E2E_BASE_URL;
    delete process.env.E2E_ADMIN_EMAIL;
    delete process.env.E2E_ADMIN_PASSWORD;
    await server.stop();
  };
}

/** The server that globalSetup started (or the one in E2E_BASE_URL). */
export function serverUnderTest(): ServerUnderTest {
  const baseUrl = process.env.E2E_BASE_URL;
  if (!baseUrl) throw new Error('No server: run the browser tests with vitest.e2e.config.ts (npm test), whose globalSetup starts it.');
  return {
    baseUrl: baseUrl.replace(/\/$/, ''),
    adminEmail: process.env.E2E_ADMIN_EMAIL ?? process.env.ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL,
    adminPassword: process.env.E2E_ADMIN_PASSWORD ?? process.env.INITIAL_ADMIN_PASSWORD ?? DEFAULT_ADMIN_PASSWORD,
  };
}

export interface NewPageOptions {
  javaScriptEnabled?: boolean;
  /** Width of the window in CSS pixels (a phone: 390); default 1280. */
  width?: number;
  /** Relative URLs in page.goto() resolve against it; default: serverUnderTest().baseUrl. */
  baseURL?: string;
}

interface PageInfo {
  javaScriptEnabled: boolean;
  width: number;
  /** Uncaught errors in the page's JavaScript. */
  errors: string[];
  /** HTTP status of each main-frame document the page loaded, in order. */
  documentStatuses: { url: string; status: number }[];
  /** Stylesheets, scripts, images, fonts … that failed to load (status ≥ 400 or no answer). */
  failedRequests: string[];
  /** Content-Security-Policy of the last main-frame document, if it had one. */
  documentCsp?: string;
}

const pageInfo = new WeakMap<Page, PageInfo>();
/** Browsers that newPage() launched and that are still open. */
const openBrowsers = new Set<Browser>();

/**
 * Launches Debian Chromium. playwright gives each launch a fresh temporary profile
 * (`--user-data-dir` in a new temp directory) and deletes it once the browser process has ended;
 * a profile we created ourselves (launchPersistentContext) was still being written to by Chromium's
 * helper processes after close() and could not be removed reliably.
 */
async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  openBrowsers.add(browser);
  browser.once('disconnected', () => openBrowsers.delete(browser));
  return browser;
}

const contextOptions = (javaScriptEnabled: boolean, baseURL?: string, width = 1280) => ({
  javaScriptEnabled,
  baseURL,
  locale: 'de-DE',
  viewport: { width, height: width < 600 ? 844 : 900 },
});

/**
 * A page in its own Chromium with a fresh profile (no cookies shared with other pages).
 * Close it with `page.context().close()` or all at once with `closeBrowsers()`.
 */
export async function newPage(opts: NewPageOptions = {}): Promise<Page> {
  const javaScriptEnabled = opts.javaScriptEnabled ?? true;
  const browser = await launchBrowser();
  const context = await browser.newContext(contextOptions(javaScriptEnabled, opts.baseURL ?? serverUnderTest().baseUrl, opts.width));
  const page = await context.newPage();
  // Closing the page's context closes its browser too.
  context.once('close', () => void browser.close().catch(() => {}));
  const info: PageInfo = { javaScriptEnabled, width: opts.width ?? 1280, errors: [], documentStatuses: [], failedRequests: [] };
  pageInfo.set(page, info);
  page.on('pageerror', (e) => info.errors.push(e.message));
  page.on('response', (res) => {
    const req = res.request();
    if (req.isNavigationRequest()) {
      if (req.frame() === page.mainFrame()) {
        info.documentStatuses.push({ url: res.url(), status: res.status() });
        info.documentCsp = res.headers()['content-security-policy'];
      }
    } else if (res.status() >= 400) {
      info.failedRequests.push(`${res.status()} ${req.method()} ${res.url()}`);
    }
  });
  page.on('requestfailed', (req) => {
    // A navigation that replaces a page aborts that page's pending loads: not a broken page.
    const reason = req.failure()?.errorText ?? 'failed';
    if (!req.isNavigationRequest() && reason !== 'net::ERR_ABORTED') info.failedRequests.push(`${reason} ${req.method()} ${req.url()}`);
  });
  return page;
}

/** Closes every browser that newPage() opened (and the one axe used for pages without JavaScript). */
export async function closeBrowsers(): Promise<void> {
  analysisBrowser = undefined;
  await Promise.all([...openBrowsers].map((b) => b.close().catch(() => {})));
}

/** Uncaught JavaScript errors the page has seen since newPage() or the last clearPageProblems(). */
export const pageErrors = (page: Page): string[] => pageInfo.get(page)?.errors ?? [];

/** Subresources (CSS, fonts, images, scripts) that failed to load since newPage() or the last clearPageProblems(). */
export const failedRequests = (page: Page): string[] => pageInfo.get(page)?.failedRequests ?? [];

/** Forgets the errors and failed loads seen so far (call between tests that share a page). */
export function clearPageProblems(page: Page): void {
  const info = pageInfo.get(page);
  if (!info) return;
  info.errors.length = 0;
  info.failedRequests.length = 0;
}

/** Status of the last document the page loaded (after redirects: the final one). */
export function lastDocumentStatus(page: Page): number | undefined {
  const statuses = pageInfo.get(page)?.documentStatuses ?? [];
  return statuses.at(-1)?.status;
}

// A JavaScript-off page runs no timers or promises, so axe cannot run inside it. Its DOM is copied
// into a JavaScript-on page at the same URL instead, under the page's own CSP plus one that keeps
// its scripts off, with <noscript> content shown as the JavaScript-off browser showed it.
let analysisBrowser: Promise<Browser> | undefined;

async function snapshotForAxe(page: Page): Promise<Page> {
  analysisBrowser ??= launchBrowser();
  const context = await (await analysisBrowser).newContext(contextOptions(true, undefined, pageInfo.get(page)?.width));
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script\s*>/gi, '').replace(/<\/?noscript\b[^>]*>/gi, '');
  const url = page.url();
  // Several policies in one header, comma-separated, are all enforced (CSP 3, "Content-Security-Policy header").
  const csp = [pageInfo.get(page)?.documentCsp, "script-src 'none'"].filter(Boolean).join(', ');
  const copy = await context.newPage();
  copy.once('close', () => void context.close().catch(() => {}));
  await copy.route(
    (u) => u.href === url,
    (route) =>
      route.fulfill({
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp },
        body: html,
      }),
  );
  await copy.goto(url, { waitUntil: 'load' });
  return copy;
}

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

/** A readable report: for each violation its id, impact, help, help URL and target selectors. */
export function formatViolations(violations: AxeResults['violations'], where: string): string {
  const lines = [`axe: ${violations.length} accessibility violation(s) on ${where}`];
  for (const v of violations) {
    lines.push(`  - ${v.id} [${v.impact ?? 'unknown'}] ${v.help}`, `    ${v.helpUrl}`);
    for (const node of v.nodes) {
      lines.push(`      ${node.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' | ')}`);
      if (node.failureSummary) lines.push(`        ${node.failureSummary.replace(/\n\s*/g, ' ')}`);
    }
  }
  return lines.join('\n');
}

/** Runs axe with the WCAG 2.0/2.1 A and AA rules on the page as it is now; fails listing every violation. */
export async function expectNoAxeViolations(page: Page): Promise<AxeResults> {
  const javaScriptEnabled = pageInfo.get(page)?.javaScriptEnabled ?? true;
  await page.waitForLoadState('load');
  const target = javaScriptEnabled ? page : await snapshotForAxe(page);
  let results: AxeResults;
  try {
    results = await new AxeBuilder({ page: target }).withTags(AXE_TAGS).analyze();
  } finally {
    if (target !== page) await target.close();
  }
  if (results.violations.length > 0) {
    const report = formatViolations(results.violations, `${page.url()} (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`);
    console.error(report);
    throw new Error(report);
  }
  return results;
}

/** Logs `page` in through the login form (password default: the demo accounts'). */
export async function loginAs(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/anmelden');
  const form = page.locator('form:has(input[name="password"])');
  await form.locator('input[name="email"]').fill(email);
  await form.locator('input[name="password"]').fill(password);
  await form.locator('button[type="submit"]').click();
  await page.waitForLoadState('load');
}
