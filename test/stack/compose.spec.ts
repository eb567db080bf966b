/**
 * The compose files, checked without a Docker engine: each validates against the Compose
 * Specification JSON schema (the copy check-jsonschema ships on PyPI, run by its own CLI), and
 * every reference resolves the way `docker compose` resolves it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { grafanaSample } from '../fakes/grafana/samples.js';
import { BUILD_INFO as LOKI_BUILD_INFO } from '../fakes/loki/http/meta.js';
import { STACK_PROMETHEUS_VERSION } from '../harness/prometheus.js';
import { DEFAULT_GRACE_SECONDS } from '../../src/cli/schedule.js';
import { ROOT } from '../helpers/cli.js';
import { allFiles, brokenReferences, loadCompose } from './helpers/compose-model.js';
import { PYTHON, runCommand } from './helpers/run.js';

const validate = (file: string) => runCommand(PYTHON, ['-m', 'check_jsonschema', '--builtin-schema', 'vendor.compose-spec', file], { timeoutMs: 60_000 });

describe('compose files', () => {
  const root = loadCompose(join(ROOT, 'compose.yml'));
  const files = allFiles(root);

  it('the root file includes the stack and the demo apps', () => {
    assert.deepEqual(files.map((f) => relative(ROOT, f.path)), ['compose.yml', 'stack/compose.yml', 'demo/compose.yml']);
  });

  const images = (repository: string) =>
    files.flatMap((f) => Object.values((f.doc.services ?? {}) as Record<string, { image?: string }>)).flatMap((s) => (s.image?.startsWith(`${repository}:`) ? [s.image] : []));

  it('runs the Prometheus version the tests build and check the stack against', () => {
    assert.deepEqual(images('prom/prometheus'), [`prom/prometheus:v${STACK_PROMETHEUS_VERSION}`]);
    // and test/harness/prometheus3.sh builds that version, where prometheusBuilds() looks for it
    assert.match(readFileSync(join(ROOT, 'test', 'harness', 'prometheus3.sh'), 'utf8'), new RegExp(`^version=${STACK_PROMETHEUS_VERSION.replaceAll('.', '\\.')}$`, 'm'));
  });

  it('runs the Grafana and Loki versions whose answers the replay servers give', () => {
    const { version } = grafanaSample('health.json') as { version: string };
    assert.deepEqual(images('grafana/grafana'), [`grafana/grafana:${version}`]);
    const loki = JSON.parse(LOKI_BUILD_INFO) as { version: string };
    assert.deepEqual(images('grafana/loki'), [`grafana/loki:${loki.version}`]);
  });

  it('Docker waits longer than the daemon\'s --grace before it kills obs-report (compose and the documented docker stop)', () => {
    // Compose durations: `35s`, `1m30s`; Docker's default is 10 s, less than the grace.
    const seconds = (duration: string) =>
      [...duration.matchAll(/(\d+)(h|m|s)/g)].reduce((sum, [, n, unit]) => sum + Number(n) * { h: 3600, m: 60, s: 1 }[unit as 'h' | 'm' | 's'], 0);
    const service = (root.doc.services as Record<string, { command?: string[]; stop_grace_period?: string }>)['obs-report'];
    assert.deepEqual(service?.command, ['schedule'], 'the daemon, with the default --grace');
    assert.ok(seconds(service?.stop_grace_period ?? '') > DEFAULT_GRACE_SECONDS, `stop_grace_period ${service?.stop_grace_period} exceeds ${DEFAULT_GRACE_SECONDS} s`);
    const stop = /^docker stop -t (\d+) obs-report\b/m.exec(readFileSync(join(ROOT, 'docs', 'deploy.md'), 'utf8'));
    assert.ok(stop && Number(stop[1]) > DEFAULT_GRACE_SECONDS, 'docs/deploy.md stops the daemon with docker stop -t above the grace');
  });

  for (const file of files) {
    const name = relative(ROOT, file.path);
    it(`${name} validates against the Compose Specification schema`, async () => {
      const result = await validate(file.path);
      assert.equal(result.code, 0, result.stdout + result.stderr);
    });
    it(`${name} refers only to things that exist`, () => {
      assert.deepEqual(brokenReferences(file), []);
    });
  }

  it('the schema check and the reference check both catch mistakes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'obs-compose-'));
    try {
      await mkdir(join(dir, 'app'));
      await writeFile(join(dir, 'app', 'Dockerfile'), 'FROM scratch\n');
      const bad = join(dir, 'compose.yml');
      await writeFile(
        bad,
        `services:
  web:
    build: ./app
    depends_on: [db]
    networks: [front]
    volumes: [data:/data, ./missing.conf:/etc/x.conf, /var/run/docker.sock:/var/run/docker.sock]
  worker:
    build: { context: ./app, dockerfile: Other.Dockerfile }
    secrets: [token]
`,
      );
      assert.equal((await validate(bad)).code, 0, 'valid by the schema: only references are broken');
      assert.deepEqual(
        brokenReferences(loadCompose(bad)).map((b) => `${b.where}: ${b.missing.replace(dir, '<dir>')}`),
        [
          'services.web.depends_on: service db',
          'services.web.networks: network front',
          'services.web.volumes: volume data',
          'services.web.volumes: path ./missing.conf',
          'services.worker.secrets: secret token',
          'services.worker.build.dockerfile: file <dir>/app/Other.Dockerfile',
        ],
      );
      await writeFile(bad, 'services:\n  web:\n    image: nginx\n    depends_on: 3\n    restart: sometimes\n');
      const invalid = await validate(bad);
      assert.equal(invalid.code, 1);
      assert.match(invalid.stdout, /depends_on/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
