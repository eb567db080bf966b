/**
 * Scheduled-run scenarios: a config in a temp folder (demo data, one weekly health job, three
 * stakeholders of whom two take health reports), and the CLI started on it as a child
 * process, exactly as a CronJob starts it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = fileURLToPath(new URL('./obs-report.ts', import.meta.url));

/** The SMTP login the scenario's config uses (the password comes from the environment). */
export const SMTP_PASSWORD = 'pw-9f8e7d6c-never-logged';
export const SMTP_USER = 'obs';

/** What a scenario writes into its config. */
export interface ScenarioOptions {
  smtpPort: number;
  retries?: number;
  retryDelayMs?: number;
  /** delivery.smtp.socketTimeoutMs; default 30000. */
  socketTimeoutMs?: number;
  /** Extra YAML under `delivery:` (indented two spaces). */
  delivery?: string;
  /** Report formats of the report itself (the union with the recipients' is generated). */
  formats?: string[];
  schedule?: string;
  /** Ben's own template (stakeholders[].template); none by default. */
  benTemplate?: string;
  /** YAML lines under `reports:` and `stakeholders:` instead of the default ones. */
  reports?: string;
  stakeholders?: string;
}

/** A folder with reports.config.yaml, out/ and ledger/. */
export interface Scenario {
  dir: string;
  config: string;
  out: string;
  ledger: string;
}

/** Writes the scenario's config into a new temp folder. */
export async function makeScenario(options: ScenarioOptions): Promise<Scenario> {
  const dir = await mkdtemp(join(tmpdir(), 'obs-sched-'));
  const out = join(dir, 'out');
  const ledger = join(dir, 'ledger');
  const config = join(dir, 'reports.config.yaml');
  await writeFile(
    config,
    `version: 1
timezone: Europe/Berlin
datasources:
  demo: { seed: 7, users: 60, historyDays: 40 }
apps:
  - { id: dice, name: Dice }
  - { id: wiki, name: Team Wiki }
reports:
${options.reports ?? `  - { id: dice-health, kind: health, apps: [dice], period: last-week, formats: [${(options.formats ?? ['json']).join(', ')}] }`}
stakeholders:
${options.stakeholders ?? `  - { name: Ana Ops, email: ana@example.com, apps: [dice], reports: [health], formats: [pdf, html] }
  - { name: Ben Dev, email: ben@example.com, reports: [health], formats: [html]${options.benTemplate ? `, template: ${options.benTemplate}` : ''} }
  - { name: Cy Exec, email: cy@example.com, reports: [adoption], formats: [pdf] }`}
schedules:
  - ${options.schedule ?? '{ id: ops-weekly, preset: weekly, at: "07:00", reports: [dice-health] }'}
${deliveryYaml(options, ledger)}
${options.delivery ?? ''}
output: { dir: ${out} }
`,
  );
  return { dir, config, out, ledger };
}

/** The `delivery:` mapping of a scenario: the test SMTP server (its password from the environment) and the ledger. */
export function deliveryYaml(options: Pick<ScenarioOptions, 'smtpPort' | 'retries' | 'retryDelayMs' | 'socketTimeoutMs'>, ledger: string): string {
  return `delivery:
  smtp:
    host: 127.0.0.1
    port: ${options.smtpPort}
    security: none
    auth: { user: ${SMTP_USER}, password: "\${OBS_TEST_SMTP_PASSWORD}" }
    from: "obs-report <reports@example.com>"
    retries: ${options.retries ?? 3}
    retryDelayMs: ${options.retryDelayMs ?? 300}
    connectionTimeoutMs: 3000
    greetingTimeoutMs: 3000
    socketTimeoutMs: ${options.socketTimeoutMs ?? 30000}
  ledger: { dir: ${ledger} }`;
}

/** Output of a finished CLI run. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The JSON events from stdout. */
  events: Record<string, unknown>[];
}

/** Starts `obs-report <args>` with the scenario's environment; `onLine` sees each stdout line as it comes. */
export function startCli(args: readonly string[], onLine?: (line: string, child: ChildProcess) => void): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    cwd: ROOT,
    env: { ...process.env, OBS_TEST_SMTP_PASSWORD: SMTP_PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let pending = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
    pending += d.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) onLine?.(line, child);
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const events = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
      resolve({ code: code ?? -1, stdout, stderr, events });
    });
  });
  return { child, done };
}

/** Runs `obs-report <args>` to the end. */
export function runCli(args: readonly string[]): Promise<CliRun> {
  return startCli(args).done;
}

/** Every file under `dir`, relative, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}
