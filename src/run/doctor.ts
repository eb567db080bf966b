/**
 * `obs-report doctor`: for each configured datasource, is it reachable, does auth work, which
 * version is it, and do the configured apps have data there; and does Chromium print a PDF (the
 * default format). Each failure comes with the fix.
 */
import { z } from 'zod';
import type { Config, KafkaConfig } from '../config/schema.js';
import { ObsReportError, describeError } from '../errors.js';
import { createHttpClient } from '../http/client.js';
import type { HttpTransport } from '../http/types.js';
import { grafanaDatasources, grafanaHealth, grafanaWhoAmI } from '../sources/grafana/index.js';
import { kafkaDoctor } from '../sources/kafka/index.js';
import { lokiBuildInfo } from '../sources/loki/index.js';
import { jobExists, prometheusBuildInfo } from '../sources/prometheus/index.js';

/** One line of the doctor's answer. */
export interface Check {
  datasource: string;
  check: string;
  ok: boolean;
  detail: string;
  /** What to do when not ok. */
  fix?: string;
}

const DAY_MS = 86_400_000;

/** Runs every check; never throws for a datasource problem (that is a failed check). */
export async function runDoctor(config: Config, now: number): Promise<Check[]> {
  const checks: Check[] = [];
  const ds = config.datasources;
  const client = (type: 'prometheus' | 'loki' | 'grafana', settings: Parameters<typeof createHttpClient>[0]) =>
    createHttpClient({ ...settings, retries: Math.min(settings.retries, 1), name: type, type });
  if (ds.prometheus) checks.push(...(await prometheusChecks(config, client('prometheus', { ...ds.prometheus, name: 'prometheus', type: 'prometheus' }))));
  if (ds.loki) checks.push(...(await lokiChecks(config, client('loki', { ...ds.loki, name: 'loki', type: 'loki' }), now)));
  if (ds.grafana) checks.push(...(await grafanaChecks(config, client('grafana', { ...ds.grafana, name: 'grafana', type: 'grafana' }))));
  if (ds.kafka) checks.push(await kafkaCheck(ds.kafka));
  if (checks.length === 0) {
    checks.push({ datasource: '(none)', check: 'datasources', ok: false, detail: 'no real datasource is configured', fix: 'Add datasources.prometheus/loki/grafana (`obs-report generate --demo` needs none).' });
  }
  checks.push(await chromiumCheck());
  return checks;
}

/**
 * Starts Chromium as a run would (the same binaries, in the same order) and prints one page. A
 * binary that could not start fails the check even when the next one worked: PDFs still come
 * out, but from another Chromium than intended, each run paying the failed start first.
 */
async function chromiumCheck(): Promise<Check> {
  const check = 'prints a PDF';
  // Loaded here: only this check needs puppeteer.
  const { BrowserProvider } = await import('../renderers/pdf/browser.js');
  const { printPdf } = await import('../renderers/pdf/print.js');
  const fallbacks: string[] = [];
  const provider = new BrowserProvider({ onFallback: (message) => fallbacks.push(message) });
  try {
    const start = performance.now();
    const browser = await provider.get();
    const pdf = await printPdf(browser, '<!DOCTYPE html><html><body><p>obs-report doctor</p></body></html>', { pageSize: 'A4', orientation: 'portrait' });
    const ms = Math.round(performance.now() - start);
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new ObsReportError('RENDER', 'Chromium answered, but not with a PDF');
    const detail = `${provider.executablePath ?? '?'}, ${await browser.version()}, started and printed a page in ${ms} ms`;
    if (fallbacks.length === 0) return { datasource: 'chromium', check, ok: true, detail };
    return {
      datasource: 'chromium',
      check,
      ok: false,
      detail: `${fallbacks.join(' ')} Then ${detail}.`,
      fix: 'Reinstall the Chromium that could not start (its package), remove it, or set PUPPETEER_EXECUTABLE_PATH to the one that works.',
    };
  } catch (error) {
    return failed('chromium', check, error);
  } finally {
    await provider.close();
  }
}

async function kafkaCheck(config: KafkaConfig): Promise<Check> {
  try {
    const report = await kafkaDoctor(config);
    return {
      datasource: 'kafka',
      check: 'brokers, topic',
      ok: true,
      detail: `${report.brokers.length} broker(s), topic ${report.topic} with ${report.partitions.length} partition(s) and ${report.messages} message(s)`,
    };
  } catch (error) {
    return failed('kafka', 'brokers, topic', error);
  }
}

/** Turns a failure into a check line whose fix comes from the error's hint. */
function failed(datasource: string, check: string, error: unknown): Check {
  const hint = error instanceof ObsReportError ? error.hint : undefined;
  return { datasource, check, ok: false, detail: describeError(error), ...(hint ? { fix: hint } : {}) };
}

/** A server's version as its buildinfo gives it; a build without version stamps answers "". */
function versionOf(version: string): string {
  return version.trim() === '' ? 'unknown (the server was built without a version)' : version;
}

async function prometheusChecks(config: Config, http: HttpTransport): Promise<Check[]> {
  try {
    const info = await prometheusBuildInfo(http);
    const checks: Check[] = [{ datasource: 'prometheus', check: 'reachable, auth', ok: true, detail: `${http.baseUrl}, version ${info === null ? 'unknown (no buildinfo endpoint)' : versionOf(info.version)}` }];
    for (const app of config.apps) {
      const job = app.prometheus?.job ?? app.id;
      const found = await jobExists(http, job);
      checks.push({
        datasource: 'prometheus',
        check: `app ${app.id}`,
        ok: found,
        detail: found ? `job="${job}" has series` : `no series with job="${job}"`,
        ...(found ? {} : { fix: `Set apps[].prometheus.job for ${app.id} to the job label its metrics carry, or check that Prometheus scrapes it.` }),
      });
    }
    return checks;
  } catch (error) {
    return [failed('prometheus', 'reachable, auth', error)];
  }
}

const seriesSchema = z.object({ status: z.literal('success'), data: z.array(z.record(z.string(), z.string())) });

async function lokiChecks(config: Config, http: HttpTransport, now: number): Promise<Check[]> {
  try {
    const info = await lokiBuildInfo(http);
    const checks: Check[] = [{ datasource: 'loki', check: 'reachable, auth', ok: true, detail: `${http.baseUrl}, version ${versionOf(info.version)}` }];
    for (const app of config.apps) {
      const selector = app.loki?.selector ?? `{app="${app.id}"}`;
      try {
        const answer = await http.getJson(
          { path: '/loki/api/v1/series', query: { 'match[]': selector, start: String((now - 7 * DAY_MS) * 1e6), end: String(now * 1e6) } },
          seriesSchema,
        );
        const found = answer.data.length > 0;
        checks.push({
          datasource: 'loki',
          check: `app ${app.id}`,
          ok: found,
          detail: found ? `${selector}: ${answer.data.length} stream(s) in the last 7 days` : `${selector}: no streams in the last 7 days`,
          ...(found ? {} : { fix: `Check apps[].loki.selector of ${app.id} against the labels the collector sets (obs-report expects app and env).` }),
        });
      } catch (error) {
        checks.push(failed('loki', `app ${app.id}`, error));
      }
    }
    return checks;
  } catch (error) {
    return [failed('loki', 'reachable, auth', error)];
  }
}

async function grafanaChecks(config: Config, http: HttpTransport): Promise<Check[]> {
  const checks: Check[] = [];
  try {
    const health = await grafanaHealth(http);
    checks.push({ datasource: 'grafana', check: 'reachable', ok: health.database === 'ok', detail: `${http.baseUrl}, version ${health.version ?? 'hidden'}, database ${health.database}` });
  } catch (error) {
    return [failed('grafana', 'reachable', error)];
  }
  try {
    await grafanaWhoAmI(http);
    checks.push({ datasource: 'grafana', check: 'auth', ok: true, detail: 'the service-account token is accepted' });
    const list = await grafanaDatasources(http);
    for (const type of ['prometheus', 'loki'] as const) {
      const wanted = config.datasources.grafana?.datasources[type];
      if (!wanted) continue;
      const found = list.some((d) => d.uid === wanted);
      checks.push({
        datasource: 'grafana',
        check: `datasource ${type}`,
        ok: found,
        detail: found ? `uid ${wanted} exists` : `no datasource with uid ${wanted}`,
        ...(found ? {} : { fix: `Set datasources.grafana.datasources.${type} to one of: ${list.filter((d) => d.type === type).map((d) => d.uid).join(', ') || '(none of that type)'}.` }),
      });
    }
  } catch (error) {
    checks.push(failed('grafana', 'auth', error));
  }
  return checks;
}
