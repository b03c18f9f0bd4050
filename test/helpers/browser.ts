/**
 * Headless Chromium for console tests: Debian's /usr/bin/chromium driven by playwright-core (no
 * browser download), a fresh profile per launch, and screenshots saved as test artefacts under
 * test-artifacts/screenshots/. Every browser launched here is closed when the process exits, even
 * when a test forgets or fails before its `after`.
 *
 *   const browser = await launchBrowser();
 *   const page = await browser.newPage();
 *   await page.goto(url);
 *   await screenshot(page, 'sla-board');
 *   await browser.close();
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = resolve('test-artifacts', 'screenshots');

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** A browser with its own profile: `newPage()` opens a tab; `close()` ends it and removes the profile. */
export interface TestBrowser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

const open = new Set<TestBrowser>();
const profiles = new Set<string>();
let exitHookInstalled = false;

// Under mocha, a root-level hook (registered as this file loads) closes what a suite left open; mocha
// then exits (--exit), and playwright-core's own exit handler kills any browser process still running.
if (typeof after === 'function') after(closeAllBrowsers);

export interface LaunchOptions {
  /** The browser's time zone (pages show times in the viewer's zone), e.g. `Europe/Paris`. */
  timezoneId?: string;
  /** Window size (default 1280×900). */
  viewport?: { width: number; height: number };
}

export async function launchBrowser(options: LaunchOptions = {}): Promise<TestBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'casebridge-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  });
  const browser: TestBrowser = {
    context,
    newPage: () => context.newPage(),
    async close() {
      open.delete(browser);
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
      profiles.delete(userDataDir);
    },
  };
  open.add(browser);
  profiles.add(userDataDir);
  installExitHook();
  return browser;
}

/** Saves a full-page PNG as test-artifacts/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Signs in with a console token (production mode with CONSOLE_*_TOKEN set) on the sign-in form,
 * and waits for the page it lands on.
 */
export async function signInWithToken(page: Page, baseUrl: string, token: string, next = '/'): Promise<void> {
  await page.goto(`${baseUrl}/signin?next=${encodeURIComponent(next)}`);
  await page.fill('input[name="token"]', token);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/signin')), page.click('button[type="submit"]')]);
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
  });
}

/** Closes every browser this process launched (for an `after` hook that wants certainty). */
export async function closeAllBrowsers(): Promise<void> {
  await Promise.all([...open].map((b) => b.close()));
}
