/**
 * Both demo apps keep the same contract, the one obs-report and the stack rely on (design.md,
 * Data conventions; src/sources/prometheus/promql.ts): JSON event lines with the conventional
 * fields, app_start/app_stop with the instance, sessions by cookie, http_requests_total and
 * http_request_duration_seconds with the standard buckets, process_start_time_seconds, /healthz,
 * and a crash endpoint only when enabled. Each app runs as a process on a free port.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers/cli.js';
import { startApp, type AppCommand, type LoggedLine } from './helpers/app-process.js';
import { parseExposition } from './helpers/exposition.js';
import { PYTHON } from './helpers/run.js';

const FIELDS = ['ts', 'level', 'event', 'user', 'session', 'feature', 'duration_ms', 'instance', 'msg'];
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, Infinity];

const apps: { name: string; command: AppCommand; feature: string; featureRoute: string; cookie: string }[] = [
  { name: 'dice', command: { cmd: process.execPath, args: ['--import', 'tsx', 'demo/dice/src/main.ts'], cwd: ROOT, env: {} }, feature: 'roll', featureRoute: '/api/features/:name', cookie: 'dice_session' },
  { name: 'forecast', command: { cmd: PYTHON, args: ['main.py'], cwd: join(ROOT, 'demo', 'forecast'), env: { PYTHONDONTWRITEBYTECODE: '1' } }, feature: 'run_forecast', featureRoute: '/api/features/{name}', cookie: 'forecast_session' },
];

for (const app of apps) {
  describe(`${app.name} follows the conventions`, { timeout: 90_000 }, () => {
    it('logs, sessions, metrics, health, crash guard and graceful stop', async () => {
      const log: LoggedLine[] = [];
      const before = Date.now();
      let session = '';
      const proc = await startApp({ ...app.command, env: { ...app.command.env, EXPORT_ERROR_RATE: '0', ERROR_RATE: '0' } }, 0, log, 60_000);
      try {
        const base = `http://127.0.0.1:${proc.port}`;
        const post = (path: string, body?: unknown, cookie?: string) =>
          fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body ?? {}) });

        assert.equal(proc.instance, `127.0.0.1:${proc.port}`);
        assert.equal((await fetch(`${base}/healthz`)).status, 200);
        assert.equal((await post(`/api/features/${app.feature}`)).status, 401);
        const login = await post('/api/login', { user: 'ann' });
        assert.equal(login.status, 200);
        const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
        assert.match(cookie, new RegExp(`^${app.cookie}=s-[0-9a-f]{12}$`));
        session = cookie.split('=')[1]!;
        assert.equal((await post(`/api/features/${app.feature}`, {}, cookie)).status, 200);
        assert.equal((await post('/api/features/nope', {}, cookie)).status, 404);
        assert.equal((await post('/admin/crash')).status, 404, 'crash is off without ALLOW_CRASH=1');
        assert.equal((await post('/api/logout', {}, cookie)).status, 200);

        const metrics = parseExposition(await (await fetch(`${base}/metrics`)).text());
        const requests = (code: string, method: string, route: string) => metrics.get(`http_requests_total{code="${code}",method="${method}",route="${route}"}`);
        assert.equal(requests('200', 'GET', '/healthz'), 1);
        assert.equal(requests('401', 'POST', app.featureRoute), 1);
        assert.equal(requests('200', 'POST', '/api/login'), 1);
        assert.equal(requests('200', 'POST', app.featureRoute), 1);
        assert.equal(requests('404', 'POST', app.featureRoute), 1);
        assert.equal(requests('404', 'POST', '/admin/crash'), 1);
        assert.equal(requests('200', 'POST', '/api/logout'), 1);
        const total = [...metrics].filter(([k]) => k.startsWith('http_requests_total{')).reduce((s, [, v]) => s + v, 0);
        assert.equal(total, 7, 'every answer counted once, /metrics not');
        const buckets = [...metrics.keys()].filter((k) => k.startsWith('http_request_duration_seconds_bucket{') && k.includes('route="/api/login"')).map((k) => /le="([^"]+)"/.exec(k)![1]);
        // Compared as numbers: the Python client writes le="1.0" where prom-client writes le="1".
        assert.deepEqual(buckets.map((le) => (le === '+Inf' ? Infinity : Number(le))).sort((a, b) => a - b), BUCKETS);
        assert.equal(metrics.get('http_request_duration_seconds_count{code="200",method="POST",route="/api/login"}'), 1);
        const started = metrics.get('process_start_time_seconds{}')! * 1000;
        assert.ok(started > before - 5000 && started <= Date.now(), `process_start_time_seconds ${started}`);

        // Uvicorn re-raises the SIGTERM once it has shut down; either way app_stop was written (below).
        assert.ok([0, 'SIGTERM'].includes(await proc.stop()));
      } finally {
        await proc.stop();
      }

      const lines = log.map((l) => l.json);
      assert.ok(lines.every((l) => l !== undefined), 'stdout holds only JSON lines');
      for (const line of lines) assert.deepEqual(Object.keys(line!).filter((k) => !FIELDS.includes(k)), [], JSON.stringify(line));
      const ts = lines.map((l) => Date.parse(String(l!.ts)));
      assert.ok(ts.every((t, i) => Number.isFinite(t) && (i === 0 || t > ts[i - 1]!)), 'ts strictly increases');
      const events = lines.map((l) => [l!.event, l!.level, l!.user ?? null, l!.feature ?? null]);
      assert.deepEqual(events, [
        ['app_start', 'info', null, null],
        ['session_start', 'info', 'ann', null],
        ['login', 'info', 'ann', null],
        ['feature_used', 'info', 'ann', app.feature],
        ['logout', 'info', 'ann', null],
        ['session_end', 'info', 'ann', null],
        ['app_stop', 'info', null, null],
      ]);
      const sessionLines = lines.filter((l) => l!.user === 'ann');
      assert.ok(sessionLines.every((l) => typeof l!.session === 'string' && l!.session.length > 0));
      assert.deepEqual([...new Set(sessionLines.map((l) => l!.session))], [session], 'the cookie is the session id');
      const end = lines.find((l) => l!.event === 'session_end')!;
      assert.equal(typeof end.duration_ms, 'number');
      assert.ok((end.duration_ms as number) >= 0 && (end.duration_ms as number) <= ts.at(-1)! - ts[0]!);
      assert.equal(lines[0]!.instance, lines.at(-1)!.instance);
    });
  });
}
