import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, ObsReportError } from '../errors.js';
import { configJsonSchema } from './json-schema.js';
import { loadConfig, locateConfig, parseConfig } from './load.js';

const MINIMAL = `version: 1
apps:
  - id: dice
    name: Dice
`;

function issuesOf(text: string, env: NodeJS.ProcessEnv = {}) {
  try {
    parseConfig(text, 'test.yaml', env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.issues;
  }
  assert.fail('expected a ConfigError');
}

describe('config loading', () => {
  it('fills defaults for a minimal file', () => {
    const { config } = parseConfig(MINIMAL, 'test.yaml', {});
    assert.equal(config.timezone, 'UTC');
    assert.equal(config.apps[0]!.fields.user, 'user');
    assert.equal(config.datasources.demo.users, 500);
    assert.equal(config.analytics.historyDays, 90);
  });

  it('substitutes ${VAR} and ${VAR:-default} inside values, restoring the type of plain scalars', () => {
    const text = `${MINIMAL}datasources:
  loki:
    url: \${LOKI_URL:-http://localhost:3100}
    timeoutMs: \${LOKI_TIMEOUT}
    auth: { bearer: "token-\${LOKI_TOKEN}" }
`;
    const { config } = parseConfig(text, 'test.yaml', { LOKI_TIMEOUT: '5000', LOKI_TOKEN: 'abc' });
    assert.equal(config.datasources.loki?.url, 'http://localhost:3100');
    assert.equal(config.datasources.loki?.timeoutMs, 5000);
    assert.equal(config.datasources.loki?.auth?.bearer, 'token-abc');
  });

  it('never lets a value from the environment add YAML structure', () => {
    const text = `${MINIMAL}timezone: \${TZ_VALUE}\n`;
    const issues = issuesOf(text, { TZ_VALUE: 'UTC\nversion: 2' });
    assert.equal(issues.length, 1);
    assert.match(issues[0]!.path, /^timezone/);
  });

  it('writes $${ as a literal ${', () => {
    const { config } = parseConfig(`${MINIMAL}reports: [{ id: r, kind: usage, title: "cost $\${x}" }]\n`, 't.yaml', {});
    assert.equal(config.reports[0]!.title, 'cost ${x}');
  });

  it('reports an unset variable with its path and how to fix it, without follow-on noise', () => {
    const issues = issuesOf(`${MINIMAL}datasources:\n  loki:\n    url: \${NOT_SET}\n`);
    assert.deepEqual(issues.map((i) => i.path), ['datasources.loki.url']);
    assert.match(issues[0]!.fix!, /export NOT_SET=/);
  });

  it('lets OBS_REPORT_* variables override the file', () => {
    const text = `${MINIMAL}datasources:\n  loki: { url: "http://file:3100" }\n`;
    const { config, overrides } = parseConfig(text, 't.yaml', {
      OBS_REPORT_LOKI_URL: 'http://env:3100',
      OBS_REPORT_GRAFANA_URL: 'https://grafana.example.com',
      OBS_REPORT_GRAFANA_TOKEN: 'glsa_secret',
      OBS_REPORT_KAFKA_BROKERS: 'k1:9092, k2:9092',
      OBS_REPORT_KAFKA_TOPIC: 'events',
    });
    assert.equal(config.datasources.loki?.url, 'http://env:3100');
    assert.equal(config.datasources.grafana?.auth?.bearer, 'glsa_secret');
    assert.deepEqual(config.datasources.kafka?.brokers, ['k1:9092', 'k2:9092']);
    assert.deepEqual(overrides.sort(), ['OBS_REPORT_GRAFANA_TOKEN', 'OBS_REPORT_GRAFANA_URL', 'OBS_REPORT_KAFKA_BROKERS', 'OBS_REPORT_KAFKA_TOPIC', 'OBS_REPORT_LOKI_URL']);
  });

  it('pushes run metrics to OBS_REPORT_PUSHGATEWAY_URL when it is set, and nowhere when it is not (the shipped config too)', () => {
    const withUrl = parseConfig(MINIMAL, 't.yaml', { OBS_REPORT_PUSHGATEWAY_URL: 'http://pushgateway:9091' });
    assert.deepEqual(withUrl.config.delivery.pushgateway, { url: 'http://pushgateway:9091', job: 'obs-report', timeoutMs: 10_000 });
    assert.deepEqual(withUrl.overrides, ['OBS_REPORT_PUSHGATEWAY_URL']);
    const own = parseConfig(`${MINIMAL}delivery:\n  pushgateway: { url: "http://file:9091", job: reports }\n`, 't.yaml', { OBS_REPORT_PUSHGATEWAY_URL: 'http://env:9091' });
    assert.deepEqual(own.config.delivery.pushgateway, { url: 'http://env:9091', job: 'reports', timeoutMs: 10_000 }, 'the file\'s job label stays');
    for (const env of [{}, { OBS_REPORT_PUSHGATEWAY_URL: '' }]) assert.equal(parseConfig(MINIMAL, 't.yaml', env).config.delivery.pushgateway, undefined);
    const shipped = readFileSync(new URL('../../reports.config.yaml', import.meta.url), 'utf8');
    assert.equal(parseConfig(shipped, 'reports.config.yaml', {}).config.delivery.pushgateway, undefined);
    assert.equal(parseConfig(shipped, 'reports.config.yaml', { OBS_REPORT_PUSHGATEWAY_URL: 'http://pushgateway:9091' }).config.delivery.pushgateway?.url, 'http://pushgateway:9091');
  });

  it('does not apply a token, tenant or topic for a datasource the config does not use, and says so', () => {
    // A Kubernetes Secret shared by several CronJobs may hold the Grafana token of a config without Grafana.
    const text = `${MINIMAL}datasources:\n  loki: { url: "http://file:3100" }\n`;
    const { config, overrides, unusedOverrides } = parseConfig(text, 't.yaml', {
      OBS_REPORT_GRAFANA_TOKEN: 'glsa_secret',
      OBS_REPORT_PROMETHEUS_TENANT: 'team-a',
      OBS_REPORT_KAFKA_TOPIC: 'events',
      OBS_REPORT_LOKI_TOKEN: 'loki_secret',
    });
    assert.equal(config.datasources.grafana, undefined);
    assert.equal(config.datasources.prometheus, undefined);
    assert.equal(config.datasources.kafka, undefined);
    assert.equal(config.datasources.loki?.auth?.bearer, 'loki_secret');
    assert.deepEqual(overrides, ['OBS_REPORT_LOKI_TOKEN']);
    assert.deepEqual(unusedOverrides, [
      { env: 'OBS_REPORT_PROMETHEUS_TENANT', datasource: 'prometheus', needs: 'OBS_REPORT_PROMETHEUS_URL' },
      { env: 'OBS_REPORT_GRAFANA_TOKEN', datasource: 'grafana', needs: 'OBS_REPORT_GRAFANA_URL' },
      { env: 'OBS_REPORT_KAFKA_TOPIC', datasource: 'kafka', needs: 'OBS_REPORT_KAFKA_BROKERS' },
    ]);
  });

  it('says a bad value set by an environment variable comes from it, not from a line of the file', () => {
    const issues = issuesOf(`version: 1\ntimezone: Europe/Berlin\n${MINIMAL.replace('version: 1\n', '')}`, { OBS_REPORT_TIMEZONE: 'Bad/Zone' });
    assert.deepEqual(issues.map((i) => i.path), ['timezone (from OBS_REPORT_TIMEZONE)']);
    assert.match(issues[0]!.message, /IANA/);
  });

  it('lists every problem at once, each with its path, line and a fix', () => {
    const text = `version: 2
timezone: Mars/Olympus
apps:
  - id: Dice
    nmae: Dice
output: { pageSize: A3 }
`;
    const issues = issuesOf(text);
    const byPath = new Map(issues.map((i) => [i.path, i]));
    assert.deepEqual([...byPath.keys()].sort(), [
      'apps[0].id (line 4)',
      'apps[0].name (line 4)',
      'apps[0].nmae (line 5)',
      'output.pageSize (line 6)',
      'timezone (line 2)',
      'version (line 1)',
    ]);
    assert.equal(byPath.get('apps[0].nmae (line 5)')!.fix, 'did you mean "name"?');
    assert.equal(byPath.get('output.pageSize (line 6)')!.fix, 'write one of: "A4", "Letter"');
    assert.equal(byPath.get('output.pageSize (line 6)')!.message, '"A3" is not allowed here');
    assert.equal(byPath.get('version (line 1)')!.fix, 'write 1');
    assert.equal(byPath.get('apps[0].name (line 4)')!.fix, 'add it: a string');
    assert.match(byPath.get('timezone (line 2)')!.message, /IANA/);
    assert.equal(byPath.get('apps[0].name (line 4)')!.message, 'is required but missing');
  });

  it('says whether a bound is allowed itself: > 0 for a positive number, <= for an inclusive maximum', () => {
    const issues = issuesOf('version: 1\nanalytics: { sessionTimeoutMinutes: 0, topN: 101 }\napps:\n  - { id: dice, name: Dice, sessionsFrom: sessions }\n');
    const fix = (path: string) => issues.find((i) => i.path.startsWith(path))?.fix;
    assert.equal(fix('analytics.sessionTimeoutMinutes'), 'use a value > 0');
    assert.equal(fix('analytics.topN'), 'use a value <= 100');
    assert.equal(fix('apps[0].sessionsFrom'), 'write one of: "session_events", "events"');
  });

  it('lists reference problems beside the schema\'s, not after those are fixed', () => {
    const text = `version: 1
timezone: Mars/Olympus
apps:
  - { id: dice, name: Dice }
  - { id: dice, name: Dice again }
  - { name: No id }
reports: [{ id: weekly, kind: usage, apps: [nope] }]
schedules: [{ id: mon, preset: weekly, reports: [monthly, 7] }]
`;
    assert.deepEqual(issuesOf(text).map((i) => `${i.path}: ${i.message}`).sort(), [
      'apps[1].id: app id "dice" is already the id of apps[0]',
      'apps[2].id (line 6): is required but missing',
      'reports[0].apps[0]: unknown app "nope"',
      'schedules[0].reports[0]: unknown report "monthly"',
      'schedules[0].reports[1] (line 8): expected string, received number',
      'timezone (line 2): not an IANA time zone; write one such as Europe/Berlin, America/New_York or UTC',
    ]);
  });

  it('checks references between sections once the schema passes', () => {
    const text = `${MINIMAL}  - { id: dice, name: Dice again }
reports: [{ id: weekly, kind: usage, apps: [nope] }]
schedules: [{ id: mon, preset: weekly, reports: [monthly] }]
sources: { activity: loki }
`;
    const issues = issuesOf(text);
    assert.deepEqual(
      issues.map((i) => `${i.path}: ${i.message}`),
      [
        'apps[1].id: app id "dice" is already the id of apps[0]',
        'reports[0].apps[0]: unknown app "nope"',
        'schedules[0].reports[0]: unknown report "monthly"',
        'sources.activity: uses "loki", which is not configured under datasources',
      ],
    );
  });

  it('says a --config that is a folder is one, and which file to give instead', async () => {
    const dir = tmpdir();
    await assert.rejects(loadConfig({ file: dir, env: {} }), (error: unknown) => {
      assert.ok(error instanceof ObsReportError, String(error));
      assert.equal(error.code, 'CONFIG_NOT_FOUND');
      assert.equal(error.message, `${dir} is a folder, not a config file`);
      assert.equal(error.hint, `Give the YAML file's path, e.g. --config ${join(dir, 'reports.config.yaml')}.`);
      return true;
    });
  });

  it('with --demo, runs on the built-in config when OBS_REPORT_CONFIG names a file that is not there (a container without its mount), never when --config does', async () => {
    const env = { OBS_REPORT_CONFIG: '/config/not-mounted/reports.config.yaml' };
    const { file } = await loadConfig({ env, allowBuiltin: true });
    assert.equal(file, locateConfig({ env: {}, cwd: tmpdir(), allowBuiltin: true }));
    await assert.rejects(loadConfig({ env }), /config file not found: \/config\/not-mounted\/reports.config.yaml/);
    await assert.rejects(loadConfig({ env, file: '/config/not-mounted/x.yaml', allowBuiltin: true }), /config file not found/);
  });

  it('reports YAML syntax errors with their line', () => {
    const issues = issuesOf('version: 1\napps:\n  - id: dice\n   name: [unclosed\n');
    assert.match(issues[0]!.path, /^line \d+/);
  });

  it('ships a config that validates and a JSON Schema that matches the zod schema', async () => {
    const text = await readFile(new URL('../../reports.config.yaml', import.meta.url), 'utf8');
    const { config } = parseConfig(text, 'reports.config.yaml', {});
    assert.deepEqual(config.apps.map((a) => a.id), ['dice', 'forecast', 'tickets', 'wiki', 'catalog']);
    assert.match(text.split('\n')[0]!, /yaml-language-server: \$schema=\.\/reports\.config\.schema\.json/);
    const published = JSON.parse(await readFile(new URL('../../reports.config.schema.json', import.meta.url), 'utf8')) as unknown;
    assert.deepEqual(published, configJsonSchema(), 'reports.config.schema.json is stale: run `npm run schema`');
  });
});
