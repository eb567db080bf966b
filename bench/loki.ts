/**
 * Push-down benchmark: a 30-day adoption report and a 30-day usage report of the demo
 * organisation, read from Loki (the replay server serving the demo's log lines), counting the
 * queries sent and the bytes received against the raw bytes of the log lines in the window.
 * Target: bytes received <= 1% of the raw bytes. Prints one JSON object. BENCH_LOKI_COUNT_USERS=on-server
 * counts distinct users as LogQL set expressions instead of from per-user daily counts.
 */
import { performance } from 'node:perf_hooks';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { buildReportFor } from '../src/run/generate.js';
import { BUILTIN_DEMO_APPS, buildDemoOrg, demoLogLines } from '../src/sources/demo/index.js';
import { createSources } from '../src/sources/registry.js';
import { resolvePeriod } from '../src/time/period.js';
import { startFakeLoki, type FakeLogLine, type Matcher } from '../test/fakes/loki/index.js';

const users = Number(process.argv[2] ?? 10_000);
// How distinct users are counted (datasources.loki.countUsers): per-day (the default) or on-server.
const countUsers = process.env.BENCH_LOKI_COUNT_USERS === 'on-server' ? 'on-server' : 'per-day';
const NOW = Date.parse('2026-11-25T10:00:00Z');
const DAY = 86_400_000;
const apps = BUILTIN_DEMO_APPS.map((a) => a.id);
const org = buildDemoOrg({ seed: 42, users, historyDays: 90, end: Math.floor(NOW / DAY) * DAY + DAY, apps: BUILTIN_DEMO_APPS });

// The fake's time goes into generating and parsing lines, not into answering: each app's lines
// are generated once (the whole history, in time order) and every read is a binary-searched slice.
const generated = new Map<string, FakeLogLine[]>();
function linesOf(app: string | undefined): FakeLogLine[] {
  const key = app ?? '*';
  let lines = generated.get(key);
  if (!lines) {
    lines = [...demoLogLines(org, { apps: app === undefined ? apps : [app], from: org.range.start, to: org.range.end })];
    generated.set(key, lines);
  }
  return lines;
}
function* slice(lines: FakeLogLine[], fromNs: bigint, toNs: bigint): Generator<FakeLogLine> {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lines[mid]!.tsNs < fromNs) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < lines.length && lines[i]!.tsNs < toNs; i++) yield lines[i]!;
}

const loki = await startFakeLoki({
  lines: (matchers: readonly Matcher[], fromNs: bigint, toNs: bigint) => {
    const app = matchers.find((m) => m.name === 'app' && m.op === '=')?.value;
    return slice(linesOf(app), fromNs, toNs);
  },
  now: () => new Date(NOW),
});
const dir = await mkdtemp(join(tmpdir(), 'obs-bench-loki-'));
try {
  const file = join(dir, 'reports.config.yaml');
  const shipped = (await loadConfig({ allowBuiltin: true })).config;
  await writeFile(
    file,
    `version: 1\ntimezone: Europe/Berlin\ndatasources:\n  loki: { url: "${loki.url}", timeoutMs: 600000, countUsers: ${countUsers} }\napps:\n${shipped.apps
      .map((a) => `  - { id: ${a.id}, name: "${a.name}", features: [${a.features.join(', ')}] }`)
      .join('\n')}\n`,
  );
  const { config } = await loadConfig({ file });
  const period = resolvePeriod('last-30d', config.timezone, NOW);
  const results = [];
  for (const [kind, appIds] of [['adoption', []], ['usage', ['dice']]] as const) {
    const sources = await createSources(config, { demo: false, now: NOW });
    const http = sources.http.get('loki')!;
    const start = performance.now();
    const report = await buildReportFor({ config, kind, apps: [...appIds], period, formats: ['json'], outDir: dir, now: NOW }, sources);
    const wallMs = Math.round(performance.now() - start);
    results.push({ kind, status: report.status, requests: http.stats.requests, bytesReceived: http.stats.bytesReceived, wallMs });
    for (const u of report.appendix.unavailable) console.error(`unavailable in ${kind}: ${u.what}: ${u.reason}`);
  }
  if (process.env.BENCH_BREAKDOWN) {
    const by = new Map<string, { n: number; bytes: number }>();
    for (const r of loki.requests) {
      const key = (r.query.query ?? r.path).replace(/, user=~"[^"]*"|, user!~"[^"]*"|user=~"[^"]*"|user!~"[^"]*"/g, '').replace(/offset \S+/g, '').slice(0, 160);
      const e = by.get(key) ?? { n: 0, bytes: 0 };
      e.n++;
      e.bytes += r.bytes;
      by.set(key, e);
    }
    for (const [k, v] of [...by].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 25)) console.error(String(v.bytes).padStart(9), String(v.n).padStart(4), k);
  }
  let rawBytes = 0;
  let rawLines = 0;
  for (const line of demoLogLines(org, { apps, from: period.from, to: period.to })) {
    rawBytes += Buffer.byteLength(line.line);
    rawLines++;
  }
  const requests = results.reduce((s, r) => s + r.requests, 0);
  const bytesReceived = results.reduce((s, r) => s + r.bytesReceived, 0);
  console.log(
    JSON.stringify({
      users,
      countUsers,
      period: period.slug,
      reports: results,
      requests,
      bytesReceived,
      rawLinesInWindow: rawLines,
      rawBytesInWindow: rawBytes,
      ratioPercent: Number(((100 * bytesReceived) / rawBytes).toFixed(3)),
      benchProcessMaxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), // obs-report and the fake Loki with every line in memory
    }),
  );
} finally {
  await loki.stop();
  await rm(dir, { recursive: true, force: true });
}
