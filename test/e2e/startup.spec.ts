/**
 * What a command loads: a run imports only the libraries its formats and sources need (the
 * Office renderers, the datasource clients, the mailer and puppeteer load on use), and
 * date-fns function by function. Each of these costs a run 0.05 to 0.35 s of start-up.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';

const REGISTER = fileURLToPath(new URL('../helpers/package-log/register.mjs', import.meta.url));
const LOADED_ON_USE = ['exceljs', 'pptxgenjs', 'jszip', '@resvg/resvg-js', 'kafkajs', 'axios', 'nodemailer'];

/** Runs the CLI with the package log; returns its exit code and the packages it imported. */
async function packagesOf(args: string[]): Promise<{ code: number; packages: Set<string>; stderr: string }> {
  const run = await runCli(args, { nodeArgs: ['--import', REGISTER] });
  const packages = new Set([...run.stderr.matchAll(/^\[package-log\] (.+)$/gm)].map((m) => m[1]!));
  return { code: run.code, packages, stderr: run.stderr };
}

describe('start-up: what a run loads', { timeout: 120_000 }, () => {
  let out: string;
  before(async () => {
    out = await mkdtemp(join(tmpdir(), 'obs-startup-'));
  });
  after(() => rm(out, { recursive: true, force: true }));

  const args = (format: string) => ['generate', '--demo', '--app', 'dice', '--now', '2026-11-25T10:00:00Z', '--out', out, '--no-progress', '--format', format];

  it('an HTML and JSON run loads neither puppeteer, the Office libraries, the datasource clients nor the mailer', async () => {
    const run = await packagesOf(args('html,json'));
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.packages.has('handlebars') && run.packages.has('zod'), 'the log sees the packages a run does load');
    for (const name of [...LOADED_ON_USE, 'puppeteer-core']) assert.ok(!run.packages.has(name), `${name} is not loaded`);
    assert.ok(!run.packages.has('date-fns'), 'date-fns is imported function by function, not whole');
  });

  it('a PDF run loads puppeteer, and still none of the others', async () => {
    const run = await packagesOf(args('pdf'));
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.packages.has('puppeteer-core'));
    for (const name of LOADED_ON_USE) assert.ok(!run.packages.has(name), `${name} is not loaded`);
  });

  it('an XLSX run loads exceljs when it renders', async () => {
    const run = await packagesOf(args('xlsx'));
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.packages.has('exceljs'));
    assert.ok(!run.packages.has('pptxgenjs'));
  });
});
