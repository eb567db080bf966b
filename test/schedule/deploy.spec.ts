/**
 * What ships for running obs-report for real: the Kubernetes manifests parse and carry what a
 * scheduled job needs, the config in the ConfigMap is valid and its jobs match the CronJobs,
 * the Dockerfile has the pieces the design asks for, and Prometheus accepts the alert rule and
 * passes its unit tests.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { parseConfig } from '../../src/config/load.js';
import { cronOf } from '../../src/schedule/expression.js';
import { prometheusBuilds, skipIfMissing } from '../harness/prometheus.js';

const run = promisify(execFile);
const path = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const read = (p: string) => readFile(path(p), 'utf8');

interface Manifest {
  kind: string;
  metadata: { name: string };
  [key: string]: unknown;
}

async function manifests(): Promise<Manifest[]> {
  const kustomization = (await parseYaml('deploy/k8s/kustomization.yaml'))[0] as { resources: string[] };
  const all = await Promise.all(kustomization.resources.map((r) => parseYaml(`deploy/k8s/${r}`)));
  return all.flat() as Manifest[];
}

async function parseYaml(p: string): Promise<unknown[]> {
  const docs = parseAllDocuments(await read(p));
  for (const doc of docs) assert.deepEqual(doc.errors, [], `${p} parses`);
  return docs.map((d) => d.toJS() as unknown);
}

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are checked field by field */
describe('Kubernetes manifests', () => {
  it('are a ConfigMap, a Secret, a PersistentVolumeClaim and CronJobs', async () => {
    assert.deepEqual((await manifests()).map((m) => m.kind).sort(), ['ConfigMap', 'CronJob', 'CronJob', 'PersistentVolumeClaim', 'Secret']);
  });

  it('each CronJob runs one job once, never two at a time, bounded in time and resources', async () => {
    const { config } = await configMapConfig();
    for (const job of (await manifests()).filter((m) => m.kind === 'CronJob') as any[]) {
      const spec = job.spec;
      assert.equal(spec.concurrencyPolicy, 'Forbid');
      assert.ok(spec.startingDeadlineSeconds > 0);
      assert.equal(spec.timeZone, config.timezone);
      assert.ok(spec.jobTemplate.spec.backoffLimit >= 1);
      assert.ok(spec.jobTemplate.spec.activeDeadlineSeconds > 0);
      const pod = spec.jobTemplate.spec.template.spec;
      assert.equal(pod.restartPolicy, 'Never');
      assert.equal(pod.securityContext.runAsNonRoot, true);
      const container = pod.containers[0];
      assert.equal(container.args[0], 'run');
      const schedule = config.schedules.find((s) => s.id === container.args[1]);
      assert.ok(schedule, `${container.args[1]} is a job of the config`);
      if (schedule.preset === 'weekly') assert.equal(spec.schedule, cronOf(schedule), 'the CronJob fires when the job does');
      const grace = Number(container.args[container.args.indexOf('--grace') + 1]);
      assert.ok(pod.terminationGracePeriodSeconds > grace, 'Kubernetes waits longer than obs-report\'s own grace period');
      for (const kind of ['requests', 'limits']) assert.ok(container.resources[kind].cpu && container.resources[kind].memory, `${kind} set`);
      assert.deepEqual(container.envFrom, [{ secretRef: { name: 'obs-report-secrets' } }]);
      assert.ok(container.env.some((e: any) => e.name === 'OBS_REPORT_CONFIG' && e.value === '/config/reports.config.yaml'));
      const mounts = Object.fromEntries(container.volumeMounts.map((v: any) => [v.name, v.mountPath]));
      const volumes = Object.fromEntries(pod.volumes.map((v: any) => [v.name, v]));
      assert.equal(volumes[Object.keys(mounts).find((n) => mounts[n] === '/config')!].configMap.name, 'obs-report-config');
      assert.equal(volumes[Object.keys(mounts).find((n) => mounts[n] === '/data')!].persistentVolumeClaim.claimName, 'obs-report-data');
    }
  });

  it('the Secret holds only placeholders, and the config refers to its keys as ${VAR}', async () => {
    const secret = (await manifests()).find((m) => m.kind === 'Secret') as any;
    const keys = Object.keys(secret.stringData);
    assert.ok(keys.every((k) => k.startsWith('OBS_REPORT_')));
    assert.ok(Object.values(secret.stringData).every((v) => /REPLACE/.test(String(v)) || String(v).endsWith('@example.com')));
    const { text } = await configMapConfig();
    for (const key of ['OBS_REPORT_SMTP_USER', 'OBS_REPORT_SMTP_PASSWORD', 'OBS_REPORT_WEBHOOK_URL']) {
      assert.ok(keys.includes(key));
      assert.ok(text.includes(`\${${key}}`), `the config reads ${key}`);
    }
  });

  it('the ConfigMap\'s config is valid and keeps the ledger and outputs on the volume', async () => {
    const { config } = await configMapConfig();
    assert.equal(config.delivery.ledger.dir, '/data/ledger');
    assert.equal(config.output.dir, '/data/out');
    assert.equal(config.delivery.smtp?.auth?.password, 'secret-from-env');
    const pvc = (await manifests()).find((m) => m.kind === 'PersistentVolumeClaim') as any;
    assert.deepEqual(pvc.spec.accessModes, ['ReadWriteMany']);
    // Left to the cluster's default class, which is mostly ReadWriteOnce: the file shows where to name one.
    assert.equal(pvc.spec.storageClassName, undefined);
    assert.match(await read('deploy/k8s/pvc.yaml'), /ReadWriteMany needs a storage class[\s\S]*^ {2}# storageClassName: \S+$/m);
  });
});

async function configMapConfig() {
  const configMap = (await manifests()).find((m) => m.kind === 'ConfigMap') as any;
  const text = configMap.data['reports.config.yaml'] as string;
  const env = Object.fromEntries(['OBS_REPORT_PROMETHEUS_URL', 'OBS_REPORT_LOKI_URL'].map((k) => [k, 'http://example:1']));
  Object.assign(env, { OBS_REPORT_SMTP_USER: 'u', OBS_REPORT_SMTP_PASSWORD: 'secret-from-env', OBS_REPORT_WEBHOOK_URL: 'https://hooks.example.com/x' });
  return { text, config: parseConfig(text, 'configmap', env).config };
}

describe('Dockerfile', () => {
  it('builds on Node LTS Debian slim with Chromium and CJK and emoji fonts, runs as a non-root user', async () => {
    const dockerfile = await read('Dockerfile');
    assert.match(dockerfile, /^FROM node:20-bookworm-slim/m);
    for (const pkg of ['chromium', 'fonts-noto-cjk', 'fonts-noto-color-emoji']) assert.match(dockerfile, new RegExp(`\\b${pkg}\\b`));
    assert.match(dockerfile, /PUPPETEER_EXECUTABLE_PATH=\/usr\/bin\/chromium/);
    assert.match(dockerfile, /^USER 10001/m);
    assert.match(dockerfile, /^ENTRYPOINT \["obs-report"\]$/m);
    const ignore = await read('.dockerignore');
    assert.match(ignore, /^node_modules$/m);
  });
});

for (const build of prometheusBuilds()) {
  describe(`the alert on obs-report's own health, promtool ${build.name}`, skipIfMissing(build), () => {
    it('promtool accepts the rules', async () => {
      const { stdout } = await run(build.promtool, ['check', 'rules', path('deploy/prometheus/obs-report-rules.yml')]);
      assert.match(stdout, /SUCCESS: 2 rules found/);
    });

    it('promtool\'s unit tests pass: firing after the schedule plus an hour, quiet before and for healthy jobs', async () => {
      const { stdout } = await run(build.promtool, ['test', 'rules', path('deploy/prometheus/obs-report-rules.test.yml')]);
      assert.match(stdout, /SUCCESS/);
    });
  });
}
