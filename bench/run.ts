/**
 * `npm run bench`: the benchmarks of the issues, on the compiled code (dist/), printed and
 * saved to .bench/results.json. Figures are recorded by hand in BENCHMARKS.md.
 *   pdf      generate --demo --format pdf at 10,000 users x 90 days: whole run, peak RSS, and
 *            the PDF step against the floor (Chromium printing as many plain pages)
 *   loki     a 30-day adoption + usage report from Loki: queries, bytes received vs raw bytes
 * Run one with `npm run bench -- pdf`.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const only = process.argv[2];

/** Runs a command, sampling its peak RSS from /proc (VmHWM) while it runs. */
async function measure(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ wallMs: number; peakRssMb: number; stdout: string; code: number }> {
  const start = performance.now();
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  let peakKb = 0;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const timer = setInterval(async () => {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
  }, 25);
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  clearInterval(timer);
  return { wallMs: Math.round(performance.now() - start), peakRssMb: Math.round(peakKb / 1024), stdout, code };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function pdfBench(): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'obs-bench-pdf-'));
  try {
    const shipped = await readFile(join(ROOT, 'reports.config.yaml'), 'utf8');
    const config = join(dir, 'reports.config.yaml');
    await writeFile(config, shipped.replace(/historyDays: 120/, 'historyDays: 90'));
    const args = ['bin/obs-report.js', 'generate', '--config', config, '--demo', '--scale', '10000', '--app', 'dice', '--period', 'last-30d', '--format', 'pdf', '--now', '2026-11-25T10:00:00Z', '--out', join(dir, 'out'), '--no-progress'];
    const runs: Awaited<ReturnType<typeof measure>>[] = [];
    for (let i = 0; i < 3; i++) runs.push(await measure('node', args));
    if (runs.some((r) => r.code !== 0)) throw new Error('generate failed');
    const phases: Record<string, number>[] = [];
    for (let i = 0; i < 3; i++) phases.push(JSON.parse((await measure('node', ['bench/pdf-child.mjs', '10000', '90', 'usage', 'dice', 'last-30d'])).stdout) as Record<string, number>);
    const pick = (k: string) => median(phases.map((p) => p[k]!));
    return {
      cli: { wallMs: median(runs.map((r) => r.wallMs)), peakRssMb: median(runs.map((r) => r.peakRssMb)), runs: runs.map((r) => r.wallMs) },
      pages: phases[0]!.pages,
      inProcess: Object.fromEntries(['orgAndSourcesMs', 'reportMs', 'browserLaunchMs', 'pdfStepMs', 'pdfStepWarmMs', 'floorMs', 'emptyPagesMs', 'wholeRunMs', 'maxRssMb'].map((k) => [k, pick(k)])),
      pdfStepOverFloor: Number((pick('pdfStepWarmMs') / pick('floorMs')).toFixed(2)),
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

const benches: Record<string, () => Promise<Record<string, unknown>>> = { pdf: pdfBench, loki: lokiBench };
const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
for (const [name, bench] of Object.entries(benches)) {
  if (only && only !== name) continue;
  process.stderr.write(`bench ${name}...\n`);
  results[name] = await bench();
  console.log(name, JSON.stringify(results[name], null, 2));
}
await mkdir(join(ROOT, '.bench'), { recursive: true });
await writeFile(join(ROOT, '.bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
