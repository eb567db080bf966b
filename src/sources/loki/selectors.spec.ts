import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appSchema } from '../../config/schema.js';
import { logApp, type LogApp } from './pipeline.js';
import { appGroups, parseSelector } from './selectors.js';

const app = (id: string, loki?: { selector?: string; parser?: 'json' | 'logfmt' }, user?: string): LogApp =>
  logApp(appSchema.parse({ id, name: id, ...(loki ? { loki } : {}), ...(user ? { fields: { user } } : {}) }));

describe('parseSelector', () => {
  it('reads matchers with double-quoted (escaped) and backtick values', () => {
    assert.deepEqual(parseSelector('{app="dice", env=~`prod|stag.*`, team!="a\\"b"}'), [
      { name: 'app', op: '=', value: 'dice' },
      { name: 'env', op: '=~', value: 'prod|stag.*' },
      { name: 'team', op: '!=', value: 'a"b' },
    ]);
  });

  it('refuses anything but a plain matcher list', () => {
    for (const s of ['{app="x"} |= "y"', '{app}', 'app="x"', '{app="x" env="y"}', '{}', '{app="x",}']) assert.equal(parseSelector(s), undefined, s);
  });
});

describe('appGroups', () => {
  it('puts apps whose selectors differ in one label value under one regex selector, values escaped', () => {
    const groups = appGroups([app('dice'), app('wiki'), app('ab', { selector: '{app="a.b"}' })], true);
    assert.deepEqual(groups.map((g) => [g.apps.map((a) => a.id), g.selector]), [[['dice', 'wiki', 'ab'], '{app=~"dice|wiki|a\\\\.b"}']]);
  });

  it('keeps the other matchers and leaves apart what differs in more, or is parsed differently', () => {
    const groups = appGroups(
      [
        app('dice', { selector: '{app="dice", env="prod"}' }),
        app('wiki', { selector: '{app="wiki", env="prod"}' }),
        app('crm', { selector: '{app="crm", env="staging"}' }),
        app('logs', { selector: '{app="logs", env="prod"}', parser: 'logfmt' }),
        app('ids', { selector: '{app="ids", env="prod"}' }, 'uid'),
        app('rx', { selector: '{app=~"r.+", env="prod"}' }),
        // Not a plain matcher list (the config refuses it, the grouping must not rely on that).
        { ...app('odd'), selector: '{app="odd"} |= "x"' },
      ],
      true,
    );
    assert.deepEqual(
      groups.map((g) => [g.apps.map((a) => a.id), g.selector]),
      [
        [['dice', 'wiki'], '{app=~"dice|wiki", env="prod"}'],
        [['crm'], '{app="crm", env="staging"}'],
        [['logs'], '{app="logs", env="prod"}'],
        [['ids'], '{app="ids", env="prod"}'],
        [['rx'], '{app=~"r.+", env="prod"}'],
        [['odd'], '{app="odd"} |= "x"'],
      ],
    );
  });

  it('joins apps with the same selector, and asks each app on its own when told not to combine', () => {
    assert.deepEqual(appGroups([app('a', { selector: '{job="x"}' }), app('b', { selector: '{job="x"}' })], true).map((g) => g.selector), ['{job=~"x"}']);
    assert.deepEqual(appGroups([app('dice'), app('wiki')], false).map((g) => g.selector), ['{app="dice"}', '{app="wiki"}']);
  });
});
