/**
 * The one Chromium of a run. Launched lazily on the first PDF, shared by every PDF of the
 * run, and closed by the caller (always, in a finally). Each launch gets a fresh temporary
 * profile folder, deleted on close, so runs share nothing.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type * as PuppeteerModule from 'puppeteer-core';
import type { Browser } from 'puppeteer-core';
import { ObsReportError, describeError } from '../../errors.js';

/**
 * Where Chromium is looked for, after PUPPETEER_EXECUTABLE_PATH: Debian's headless shell first
 * (package chromium-headless-shell: the same Chromium built without the browser around it, as
 * puppeteer's `headless: 'shell'` expects), then Debian's full Chromium and the usual others.
 * The shell prints the same PDFs (the same words on the same pages; the full one also embeds
 * DejaVu Sans Mono, so a long query may wrap elsewhere) and is lighter: on 2 cores it started
 * in 100-145 ms against 425-550 ms, printed 9 plain pages in 112-135 against 233-263 ms, and the
 * bench's whole PDF run took 2.1-2.5 s against 2.9-3.4 s (5 runs each, alternating).
 */
export const CHROMIUM_PATHS = [
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
] as const;

/**
 * Headless flags: no sandbox (containers run as root), no GPU, no /dev/shm, no background
 * traffic, and one renderer process for every page. Without the last, each page (one per PDF)
 * starts a renderer process of its own, which then looks up every font again: with it, a
 * report's PDF step took ~100 ms less (520-570 -> 422-452 ms, and 270-309 -> 213-217 ms for
 * plain pages), with the same pages printed.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--no-first-run',
  '--renderer-process-limit=1',
] as const;

const INSTALL_HINT =
  'Install Chromium (apt-get install chromium-headless-shell, or chromium) or set PUPPETEER_EXECUTABLE_PATH to a Chrome or Chromium binary.';

/** A headless shell (Debian's chromium-headless-shell, Chrome for Testing's chrome-headless-shell) runs in puppeteer's 'shell' mode. */
export function headlessMode(executablePath: string): true | 'shell' {
  return /headless[-_]shell/i.test(basename(executablePath)) ? 'shell' : true;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Chromium binaries to try, in order: PUPPETEER_EXECUTABLE_PATH alone if set, else every
 * usual path found. A run starts the first that works (a broken headless shell, say a library
 * missing after an upgrade, does not stop the PDFs while the full Chromium works).
 */
export function chromiumCandidates(env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = isExecutable): string[] {
  const configured = env.PUPPETEER_EXECUTABLE_PATH;
  if (configured) {
    if (exists(configured)) return [configured];
    throw new ObsReportError('BROWSER_MISSING', `PUPPETEER_EXECUTABLE_PATH is ${configured}, which is not an executable file`, {
      hint: INSTALL_HINT,
    });
  }
  const found = CHROMIUM_PATHS.filter((path) => exists(path));
  if (found.length > 0) return found;
  throw new ObsReportError('BROWSER_MISSING', `No Chromium found for PDF output (looked in ${CHROMIUM_PATHS.join(', ')})`, {
    hint: INSTALL_HINT,
  });
}

/** The Chromium binary tried first: PUPPETEER_EXECUTABLE_PATH if set (and then only it), else the first usual path found. */
export function findChromium(env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = isExecutable): string {
  return chromiumCandidates(env, exists)[0]!;
}

/**
 * Why a Chromium did not start, in words a person can act on. Over a pipe, puppeteer only sees
 * the protocol end ("Target closed"); what Chromium printed (a missing library, a bad flag) is
 * on its stderr, which `--version` shows again when the binary itself is broken.
 */
async function whyNotStarting(executablePath: string, error: unknown): Promise<string> {
  const launchError = describeError(error);
  const said = await new Promise<string>((done) => {
    execFile(executablePath, ['--version'], { timeout: 5000 }, (failure, _stdout, stderr) => {
      const line = String(stderr).split('\n').map((l) => l.trim()).find((l) => l.length > 0);
      done(failure ? (line ?? describeError(failure)).slice(0, 300) : '');
    });
  });
  return said ? `${launchError}; \`${basename(executablePath)} --version\` says: ${said}` : launchError;
}

/** Options of `BrowserProvider`. */
export interface BrowserProviderOptions {
  /** Chromium binaries to try in order; default: `chromiumCandidates()` at first use. */
  executablePaths?: readonly string[];
  /** Told when a binary could not start and the next one is tried (the CLI prints it, the daemon logs it). */
  onFallback?: (message: string) => void;
  /** Launch timeout in ms (default 30 s). */
  launchTimeoutMs?: number;
}

/** Lazily launches one headless Chromium and hands it to every PDF of the run. */
export class BrowserProvider {
  private launching: Promise<Browser> | null = null;
  private profileDir: string | null = null;
  private launches = 0;
  private launched: string | null = null;

  constructor(private readonly options: BrowserProviderOptions = {}) {}

  /** How many times a browser was launched (1 per run when all goes well). */
  get launchCount(): number {
    return this.launches;
  }

  /** The Chromium binary of the running browser, or null. */
  get executablePath(): string | null {
    return this.launched;
  }

  /** The temporary profile folder of the running browser, or null (deleted on close). */
  get profilePath(): string | null {
    return this.profileDir;
  }

  /** The run's browser, launching it on first use (or again if it crashed). */
  async get(): Promise<Browser> {
    if (this.launching) {
      const browser = await this.launching;
      if (browser.connected) return browser;
      await this.close();
    }
    this.launching = this.launch();
    try {
      return await this.launching;
    } catch (error) {
      this.launching = null;
      throw error;
    }
  }

  /** Starts the first candidate that works; when none does, the error names each and why. */
  private async launch(): Promise<Browser> {
    const candidates = this.options.executablePaths ?? chromiumCandidates();
    const failures: string[] = [];
    let lastError: unknown;
    for (const [i, executablePath] of candidates.entries()) {
      try {
        const browser = await this.launchOne(executablePath);
        this.launched = executablePath;
        return browser;
      } catch (error) {
        lastError = error;
        const why = await whyNotStarting(executablePath, error);
        failures.push(`${executablePath}: ${why}`);
        const next = candidates[i + 1];
        if (next !== undefined) this.options.onFallback?.(`Chromium ${executablePath} could not start (${why}); trying ${next}.`);
      }
    }
    throw new ObsReportError('RENDER', `Could not start Chromium (${failures.join('; ')})`, {
      hint: `${INSTALL_HINT} If it is installed, run it once by hand to see what is missing.`,
      cause: lastError,
    });
  }

  private async launchOne(executablePath: string): Promise<Browser> {
    const profileDir = await mkdtemp(join(tmpdir(), 'obs-report-chromium-'));
    this.profileDir = profileDir;
    this.launches++;
    try {
      // Loaded with the first browser (runs without a PDF never load it), from its CommonJS
      // build: on 2 cores that took 146-244 ms (median 176) against 212-289 ms (median 238) for
      // its ES module build, 8 processes each, alternating.
      const puppeteer = (createRequire(import.meta.url)('puppeteer-core') as typeof PuppeteerModule).default;
      return await puppeteer.launch({
        executablePath,
        headless: headlessMode(executablePath),
        args: [...CHROMIUM_ARGS],
        userDataDir: profileDir,
        // A pipe rather than a port: nothing listens, and Chromium exits if we die.
        pipe: true,
        // Signals are the caller's: the daemon finishes its run on SIGTERM, then closes us.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        timeout: this.options.launchTimeoutMs ?? 30_000,
        protocolTimeout: 120_000,
      });
    } catch (error) {
      this.profileDir = null;
      await rm(profileDir, { recursive: true, force: true, maxRetries: 3 });
      throw error;
    }
  }

  /** Closes the browser if one was launched and deletes its profile folder; safe to call twice. */
  async close(): Promise<void> {
    const launching = this.launching;
    const profileDir = this.profileDir;
    this.launching = null;
    this.profileDir = null;
    this.launched = null;
    const browser = launching ? await launching.catch(() => null) : null;
    if (browser) {
      const closed = browser.close().then(() => true, () => false);
      const timeout = new Promise<boolean>((done) => setTimeout(() => done(false), 5000).unref());
      if (!(await Promise.race([closed, timeout]))) browser.process()?.kill('SIGKILL');
    }
    if (profileDir) await rm(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}
