// Templates that extend others, team templates by name, override folders, and manifest
// problems named by file and line.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObsReportError } from '../../errors.js';
import { resolveChain } from './chain.js';
import { BUILTIN_TEMPLATES_ROOT, loadTemplate } from './load.js';

let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'obs-report-chain-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function folder(name: string, files: Record<string, string>): Promise<string> {
  const root = join(dir, name);
  await mkdir(root, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

async function templateError(fn: () => Promise<unknown>): Promise<ObsReportError> {
  try {
    await fn();
  } catch (error) {
    assert.ok(error instanceof ObsReportError && error.code === 'TEMPLATE', `expected a TEMPLATE error, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a TEMPLATE error');
}

describe('template chains', () => {
  it('resolves a built-in that extends default: its own folder first, then the parent', async () => {
    const chain = await resolveChain('executive', { builtinRoot: BUILTIN_TEMPLATES_ROOT });
    assert.deepEqual(chain.dirs, [join(BUILTIN_TEMPLATES_ROOT, 'executive'), join(BUILTIN_TEMPLATES_ROOT, 'default')]);
    const template = await loadTemplate('executive');
    assert.equal(template.name, 'executive');
    assert.equal(template.theme.good, '#15803d', 'inherited from default');
    assert.equal(template.theme.palette[0], '#1e3a8a', 'its own');
    assert.match(template.css, /break-inside: avoid[\s\S]*\.table-pointer/, "default's stylesheet, then its own");
    assert.deepEqual(template.sections, { adoption: ['overview', 'trend', 'lifecycle'], usage: ['activity', 'features'], health: ['overview'], journeys: ['flow'] });
  });

  it('finds team templates by name in the override folder, which may extend the built-in of the same name', async () => {
    const team = await folder('team1', {
      'acme/manifest.yaml': 'name: acme\nextends: executive\ndescription: ACME weekly\n',
      'executive/manifest.yaml': 'name: executive\nextends: executive\ntheme:\n  bad: "#ff0000"\n',
      'logo.svg': '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>',
    });
    const acme = await resolveChain('acme', { builtinRoot: BUILTIN_TEMPLATES_ROOT, overrideDir: team });
    // The team folder's own files (logo.svg) replace built-in ones: it goes before the first built-in folder.
    assert.deepEqual(acme.dirs, [join(team, 'acme'), join(team, 'executive'), team, join(BUILTIN_TEMPLATES_ROOT, 'executive'), join(BUILTIN_TEMPLATES_ROOT, 'default')]);
    const template = await loadTemplate('acme', { overrideDir: team });
    assert.deepEqual([template.name, template.description, template.theme.bad], ['acme', 'ACME weekly', '#ff0000']);
    assert.equal(template.logo?.file, join(team, 'logo.svg'));
  });

  it('refuses loops and unknown parents, naming the file and line', async () => {
    const loop = await folder('loop', { 'a/manifest.yaml': 'name: a\nextends: b\n', 'b/manifest.yaml': 'name: b\n\nextends: a\n' });
    const error = await templateError(() => loadTemplate('a', { builtinRoot: loop }));
    assert.match(error.message, /b[/\\]manifest\.yaml:3: extends: "a" leads back to this template/);
    const orphan = await folder('orphan', { 'manifest.yaml': 'name: orphan\nextends: nope\n' });
    assert.match((await templateError(() => loadTemplate(orphan))).message, /Template "nope" not found \(extended by .*orphan[/\\]manifest\.yaml\)/);
    const bad = await folder('badname', { 'manifest.yaml': 'name: x\nextends: ../default\n' });
    assert.match((await templateError(() => loadTemplate(bad))).message, /manifest\.yaml:2: extends: must be a template name/);
  });

  it('names the file and line of every manifest problem, in the file that has it', async () => {
    const child = await folder('child', { 'manifest.yaml': 'name: child\nextends: default\nsections:\n  adoption: [overview]\n  bogus: [x]\ntheme:\n  palette: [red]\n' });
    const error = await templateError(() => loadTemplate(child));
    assert.ok(error.message.startsWith(`${join(child, 'manifest.yaml')}:5: `), error.message);
    assert.match(error.message, /manifest\.yaml:5: invalid template manifest: sections: Unrecognized key: "bogus"/);
    assert.match(error.message, /manifest\.yaml:7: theme\.palette\.0: must be a hex colour/);
    const override = await folder('override-bad', { 'manifest.yaml': 'theme:\n  fonts:\n    body: "<script>"\n' });
    const fonts = await templateError(() => loadTemplate('default', { overrideDir: override }));
    assert.match(fonts.message, /override-bad[/\\]manifest\.yaml:3: invalid template manifest: theme\.fonts\.body: must be a CSS font stack/);
  });

  it('concatenates the stylesheets a manifest lists, each found through the chain and checked', async () => {
    const extra = await folder('extra', { 'manifest.yaml': 'name: extra\nextends: default\nstylesheets: [style.css, extra.css]\n', 'extra.css': '.x { color: red; }\n' });
    assert.match((await loadTemplate(extra)).css, /break-inside: avoid[\s\S]*\.x \{ color: red; \}\s*$/);
    const fetching = await folder('fetching', { 'manifest.yaml': 'name: f\nextends: default\nstylesheets: [style.css, f.css]\n', 'f.css': '\n.y { background: url(http://x/y.png); }\n' });
    assert.match((await templateError(() => loadTemplate(fetching))).message, /f\.css:2: url\(http:\/\/x\/y\.png\) is not allowed/);
  });
});
