/**
 * `npm run bench`: the benchmarks of the issues, on the compiled code (dist/), printed and
 * saved to .bench/results.json. Figures are recorded by hand in BENCHMARKS.md.
 *   pdf      generate --demo --format pdf at 10,000 users x 90 days: whole run, peak RSS, and
 *            the PDF step against the floor (Chromium printing as many plain pages)
 *   loki     a 30-day adoption + usage report from Loki: queries, bytes received vs raw bytes
 *   fanout   50 stakeholders x 4 formats (pdf, html, pptx, xlsx) on the demo organisation in one
 *            run (--all-stakeholders): total time, data questions answered vs asked, peak RSS
 * Run one with `npm run bench -- pdf`. On 2 cores: pdf ~3 min (with both the headless shell
 * and the full Chromium installed), loki ~5 min (the fake Loki's
 * evaluation at 10,000 users is slow, not obs-report), fanout ~1 min.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium } from '../src/renderers/pdf/browser.js';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

const ROOT = new URL('..', import.meta.url).pathname;
const only = process.argv[2];

/** Runs a command, sampling its peak RSS from /proc (VmHWM) while it runs. */
async function measure(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ wallMs: number; peakRssMb: number; stdout: string; stderr: string; code: number }> {
  const start = performance.now();
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let peakKb = 0;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    process.stderr.write(d);
  });
  const timer = setInterval(async () => {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
  }, 25);
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  clearInterval(timer);
  return { wallMs: Math.round(performance.now() - start), peakRssMb: Math.round(peakKb / 1024), stdout, stderr, code };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function pdfBench(): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'obs-bench-pdf-'));
  try {
    const shipped = await readFile(join(ROOT, 'reports.config.yaml'), 'utf8');
    const config = join(dir, 'reports.config.yaml');
    await writeFile(config, shipped.replace(/historyDays: 120/, 'historyDays: 90'));
    const args = ['bin/obs-report.js', 'generate', '--config', config, '--demo', '--scale', '10000', '--app', 'dice', '--period', 'last-30d', '--format', 'pdf', '--now', '2026-11-25T10:00:00Z', '--out', join(dir, 'out'), '--no-progress'];
    // The charts' code cache (src/renderers/charts/echarts-code.ts) in a folder of the bench's
    // own: the first run has none and writes it, the measured runs use it, as every run after
    // the first on a machine does.
    const cache = { OBS_REPORT_CACHE_DIR: join(dir, 'cache') };
    const first = await measure('node', args, cache);
    if (first.code !== 0) throw new Error('generate failed');
    // The Chromium a run uses (PUPPETEER_EXECUTABLE_PATH, else the first usual path: the headless
    // shell when installed), and Debian's full Chromium beside it when it is installed too.
    const full = '/usr/bin/chromium';
    const chromiums = [...new Set([findChromium(), ...(existsSync(full) ? [full] : [])])];
    const byChromium: Record<string, unknown>[] = [];
    for (const chromium of chromiums) {
      const env = { ...cache, PUPPETEER_EXECUTABLE_PATH: chromium };
      const runs: Awaited<ReturnType<typeof measure>>[] = [];
      for (let i = 0; i < 3; i++) runs.push(await measure('node', args, env));
      if (runs.some((r) => r.code !== 0)) throw new Error('generate failed');
      const phases: Record<string, number>[] = [];
      for (let i = 0; i < 3; i++) phases.push(JSON.parse((await measure('node', ['bench/pdf-child.mjs', '10000', '90', 'usage', 'dice', 'last-30d'], env)).stdout) as Record<string, number>);
      const pick = (k: string) => median(phases.map((p) => p[k]!));
      byChromium.push({
        chromium: (phases[0] as unknown as { chromium: unknown }).chromium,
        cli: { wallMs: median(runs.map((r) => r.wallMs)), peakRssMb: median(runs.map((r) => r.peakRssMb)), runs: runs.map((r) => r.wallMs) },
        codeCache: [...new Set(phases.map((p) => String(p['codeCache'])))].join(','),
        pages: phases[0]!.pages,
        inProcess: Object.fromEntries(['orgAndSourcesMs', 'reportMs', 'browserHeadStartMs', 'browserWaitMs', 'pdfStepMs', 'floorColdMs', 'pdfStepWarmMs', 'floorMs', 'emptyPagesMs', 'printOnlyMs', 'wholeRunMs', 'maxRssMb'].map((k) => [k, pick(k)])),
        pdfStepOverFloor: Number((pick('pdfStepWarmMs') / pick('floorMs')).toFixed(2)),
        coldPdfStepOverFloor: Number((pick('pdfStepMs') / pick('floorColdMs')).toFixed(2)),
        // The report's HTML, already drawn, printed: how much of the ratio is Chromium's alone.
        printOnlyOverFloor: Number((pick('printOnlyMs') / pick('floorMs')).toFixed(2)),
      });
    }
    return {
      firstRunWithoutCodeCacheMs: first.wallMs,
      byChromium,
      targets: { wholeRunMs: 10_000, peakRssMb: 500, pdfStepOverFloor: 2 },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function lokiBench(): Promise<Record<string, unknown>> {
  const run = await measure('node', ['--import', 'tsx', 'bench/loki.ts', '10000']);
  if (run.code !== 0) throw new Error('loki bench failed');
  return { ...(JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, unknown>), processWallMs: run.wallMs, target: { ratioPercent: 1 } };
}

/**
 * 50 stakeholders, each with 1 to 3 apps, one or two report kinds, one of the built-in templates
 * and all four formats: the shape of a real organisation's Monday morning.
 */
function fanOutStakeholders(appIds: string[]): Record<string, unknown>[] {
  const kinds = [['usage'], ['adoption'], ['health'], ['journeys'], ['usage', 'health'], ['adoption', 'journeys']];
  const templates = ['executive', 'product', 'ops', 'journeys'];
  return Array.from({ length: 50 }, (_, i) => ({
    name: `Stakeholder ${String(i + 1).padStart(2, '0')}`,
    email: `s${i + 1}@example.com`,
    apps: appIds.slice(i % appIds.length, (i % appIds.length) + 1 + (i % 3)),
    reports: kinds[i % kinds.length],
    formats: ['pdf', 'html', 'pptx', 'xlsx'],
    template: templates[i % templates.length],
  }));
}

async function fanOutBench(): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'obs-bench-fanout-'));
  try {
    const config = parseYaml(await readFile(join(ROOT, 'reports.config.yaml'), 'utf8')) as { apps: { id: string }[]; stakeholders: unknown; schedules?: unknown };
    config.stakeholders = fanOutStakeholders(config.apps.map((a) => a.id));
    delete config.schedules; // they name the shipped stakeholders
    const file = join(dir, 'reports.config.yaml');
    await writeFile(file, stringifyYaml(config));
    const run = await measure('node', ['bin/obs-report.js', 'generate', '--config', file, '--demo', '--all-stakeholders', '--period', 'last-30d', '--now', '2026-11-25T10:00:00Z', '--out', join(dir, 'out'), '--no-progress'], { OBS_REPORT_CACHE_DIR: join(dir, 'cache') });
    if (run.code !== 0) throw new Error(`generate --all-stakeholders exited ${run.code}`);
    const rows = run.stdout.trim().split('\n').slice(2);
    const stats = /(\d+) data questions asked, (\d+) answered by the sources; (\d+) reports built, (\d+) renders/.exec(run.stderr);
    if (!stats) throw new Error('no fan-out statistics on stderr');
    return {
      stakeholders: 50,
      filesWritten: rows.length,
      wallMs: run.wallMs,
      peakRssMb: run.peakRssMb,
      questionsAsked: Number(stats[1]),
      questionsAnswered: Number(stats[2]),
      reportsBuilt: Number(stats[3]),
      renders: Number(stats[4]),
      target: { wallMs: 60_000 },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const benches: Record<string, () => Promise<Record<string, unknown>>> = { pdf: pdfBench, loki: lokiBench, fanout: fanOutBench };
const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
for (const [name, bench] of Object.entries(benches)) {
  if (only && only !== name) continue;
  process.stderr.write(`bench ${name}...\n`);
  results[name] = await bench();
  console.log(name, JSON.stringify(results[name], null, 2));
}
await mkdir(join(ROOT, '.bench'), { recursive: true });
await writeFile(join(ROOT, '.bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
