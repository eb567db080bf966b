// `obs-report templates list|init` through the CLI, as a user runs it (bin/ on dist/).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTemplate } from '../../src/renderers/templates/load.js';
import { ROOT, runCli } from '../helpers/cli.js';

let dir: string;
let config: string;
let team: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'obs-report-templates-cli-'));
  team = join(dir, 'team');
  await mkdir(join(team, 'acme'), { recursive: true });
  await mkdir(join(team, 'partials'), { recursive: true });
  await writeFile(join(team, 'acme', 'manifest.yaml'), 'name: acme\ndescription: ACME weekly for the board\nextends: executive\nformats: [html, pdf]\n');
  await writeFile(join(team, 'partials', 'cover.hbs'), '<header class="cover">{{report.title}}</header>\n');
  await writeFile(join(team, 'broken.keep'), '');
  await mkdir(join(team, 'broken'), { recursive: true });
  await writeFile(join(team, 'broken', 'manifest.yaml'), 'name: broken\ntheme: [\n');
  config = join(dir, 'reports.config.yaml');
  await writeFile(config, `${await readFile(join(ROOT, 'reports.config.yaml'), 'utf8')}\ntemplates:\n  dir: ${team}\n`);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('obs-report templates', () => {
  it('lists built-in and team templates with formats and descriptions, and the override files', async () => {
    const result = await runCli(['templates', 'list', '--config', config]);
    assert.equal(result.code, 1, 'a template that cannot be loaded is a finding');
    assert.match(result.stdout, /^ {2}default +html, pdf, pptx, xlsx +Clean, print-friendly report/m);
    assert.match(result.stdout, /^ {2}executive +html, pdf, pptx, xlsx +Short adoption summary .* \(extends default\)$/m);
    for (const name of ['ops', 'product', 'journeys']) assert.match(result.stdout, new RegExp(`^ {2}${name} +html, pdf, pptx, xlsx `, 'm'));
    assert.match(result.stdout, new RegExp(`Team templates in ${team} \\(templates.dir\\):\\n {2}acme +html, pdf +ACME weekly for the board \\(extends executive\\)`));
    assert.match(result.stdout, /^ {2}broken +- +cannot be loaded: .*manifest\.yaml:\d+:/m);
    assert.match(result.stdout, /replace the built-in file of the same name in every template:\n {2}broken\.keep, partials\/cover\.hbs\n/);
  });

  it('lists the built-ins alone without a config, exit 0', async () => {
    const result = await runCli(['templates', 'list'], { cwd: team, env: { OBS_REPORT_CONFIG: '' } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /No templates.dir configured/);
  });

  it('copies a built-in, with what it inherits, into a template that stands alone', async () => {
    const target = join(dir, 'mine');
    const result = await runCli(['templates', 'init', 'board', '--from', 'executive', '--dir', target]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Created .*board from "executive" \(\d+ files\)/);
    const files = await readdir(join(target, 'board'), { recursive: true });
    for (const file of ['manifest.yaml', 'layout.hbs', 'style.css', 'executive.css', 'logo.svg', join('partials', 'block-table.hbs'), join('partials', 'cover.hbs')]) {
      assert.ok(files.includes(file), `copied ${file}`);
    }
    const manifest = await readFile(join(target, 'board', 'manifest.yaml'), 'utf8');
    assert.match(manifest, /^# Copied from the built-in template "executive"/);
    assert.match(manifest, /^name: board$/m);
    assert.ok(!/^extends:/m.test(manifest), 'stands alone');
    const template = await loadTemplate(join(target, 'board'));
    const executive = await loadTemplate('executive');
    assert.deepEqual([template.name, template.sections, template.theme, template.css], ['board', executive.sections, executive.theme, executive.css]);
    assert.equal(template.partial('block-table', { id: 't', title: 'T', rows: [] })?.includes('is in the XLSX'), true, 'its own partial came along');

    const again = await runCli(['templates', 'init', 'board', '--from', 'executive', '--dir', target]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists/);
    const badName = await runCli(['templates', 'init', '../x', '--dir', target]);
    assert.equal(badName.code, 2);
    assert.match(badName.stderr, /is not a template name/);
    // A file in the way: a clear error, not "a bug" with a stack trace.
    const blocked = join(target, 'a-file');
    await writeFile(blocked, 'x');
    const inFile = await runCli(['templates', 'init', 'board', '--dir', blocked]);
    assert.equal(inFile.code, 2);
    assert.match(inFile.stderr, /could not write the template to .*a-file\/board: .*a-file\/board, or a folder above it, is a file, not a folder/);
    assert.doesNotMatch(inFile.stderr, /a bug/);
  });
});
