import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appSchema } from '../../config/schema.js';
import { renderMetric, type MetricSpec } from './metric.js';
import { jsonExpression, labelIs, logApp, pipeline } from './pipeline.js';
import { parseLogfmt, lineFields } from './raw-line.js';
import { splitShard, ROOT_SHARD } from './shards.js';

const dice = logApp(appSchema.parse({ id: 'dice', name: 'Dice' }));
const renamed = logApp(
  appSchema.parse({
    id: 'shop',
    name: 'Shop',
    loki: { selector: '{namespace="shop", container="web"}', parser: 'logfmt' },
    fields: { user: 'uid', event: 'evt', duration: 'took' },
  }),
);

describe('pipelines', () => {
  it('defaults to {app="<id>"} and json, parsing only the needed fields', () => {
    assert.equal(
      pipeline(dice, { fields: ['user'], filters: [labelIs('user', '', '!=')] }),
      '{app="dice"} | json user="user" | __error__="" | user!=""',
    );
  });

  it('maps configured field names onto the fixed label names, with logfmt', () => {
    assert.equal(
      pipeline(renamed, { fields: ['event', 'duration'], filters: [labelIs('event', 'session_end')] }),
      '{namespace="shop", container="web"} |= "session_end" | logfmt event="evt", duration_ms="took" | __error__="" | event="session_end"',
    );
  });

  it('adds the user filter (and the user field) for one-user questions, escaped', () => {
    assert.equal(
      pipeline(dice, { fields: ['event'], filters: [labelIs('event', 'session_start')], user: 'x"} |= "' }),
      '{app="dice"} |= "session_start" | json event="event", user="user" | __error__="" | event="session_start" | user="x\\"} |= \\""',
    );
  });

  it('puts line filters for exact values in front of the parser, the user first, when no writer would escape them', () => {
    assert.equal(
      pipeline(dice, { fields: ['event'], filters: [labelIs('event', 'session_start')], user: 'u00017' }),
      '{app="dice"} |= "u00017" |= "session_start" | json event="event", user="user" | __error__="" | event="session_start" | user="u00017"',
    );
    assert.equal(
      pipeline(renamed, { fields: [], filters: [], user: 'ana.lima@example.com' }),
      '{namespace="shop", container="web"} |= "ana.lima@example.com" | logfmt user="uid" | __error__="" | user="ana.lima@example.com"',
    );
    // Not for other operators, empty values or regexes.
    assert.equal(
      pipeline(dice, { fields: ['event', 'feature'], filters: [labelIs('feature', '', '!='), labelIs('event', 'x', '!='), 'event=~"app_start|app_stop"', '__error__=""'] }),
      '{app="dice"} | json event="event", feature="feature" | __error__="" | feature!="" | event!="x" | event=~"app_start|app_stop" | __error__=""',
    );
    // JSON writers may escape these (`\/`, `\u00e9`, `\u003c`), so the raw line need not contain the value as given.
    for (const id of ['a/b', 'josé', 'a<b', 'a b', 'x"y']) {
      assert.ok(!pipeline(dice, { fields: [], filters: [labelIs('event', id)], user: id }).includes('|='), id);
    }
  });

  it('quotes json field names that are not plain dotted paths', () => {
    assert.equal(jsonExpression('user'), 'user');
    assert.equal(jsonExpression('actor.id'), 'actor.id');
    assert.equal(jsonExpression('user-id'), '["user-id"]');
    assert.equal(jsonExpression('a"b'), '["a\\"b"]');
    const odd = logApp(appSchema.parse({ id: 'odd', name: 'Odd', fields: { user: 'user id' } }));
    assert.equal(pipeline(odd, { fields: ['user'], filters: [] }), '{app="odd"} | json user="[\\"user id\\"]" | __error__=""');
  });

  it('renders a metric with range, offset and shard filters before any tail', () => {
    const spec: MetricSpec = {
      app: dice,
      pipeline: { fields: ['user'], filters: [labelIs('user', '', '!=')] },
      aggregate: (r) => `sum by (user) (count_over_time(${r}))`,
      shardBy: ['user'],
    };
    const shard = splitShard(ROOT_SHARD, 2)[0]!;
    assert.equal(
      renderMetric(spec, 86_400_000, '1h1ns', shard),
      `sum by (user) (count_over_time({app="dice"} | json user="user" | __error__="" | user!="" | user=~".*[${shard.suffix.slice(1, -1)}]" [1d] offset 1h1ns))`,
    );
    const unwrapped: MetricSpec = { ...spec, pipeline: { ...spec.pipeline, tail: '| unwrap duration_ms | __error__=""' }, aggregate: (r) => `sum(sum_over_time(${r}))` };
    assert.equal(
      renderMetric(unwrapped, 3_600_000),
      'sum(sum_over_time({app="dice"} | json user="user" | __error__="" | user!="" | unwrap duration_ms | __error__="" [1h]))',
    );
  });
});

describe('raw lines', () => {
  it('reads configured json fields, nested paths and numbers', () => {
    const app = logApp(appSchema.parse({ id: 'a', name: 'A', fields: { user: 'actor.id', session: 'sid' } }));
    assert.deepEqual(lineFields(app, '{"actor":{"id":"u1"},"sid":42}', ['user', 'session']), { user: 'u1', session: '42' });
    assert.deepEqual(lineFields(app, 'not json', ['user']), {});
    assert.deepEqual(lineFields(app, '{"actor":"flat"}', ['user']), {});
  });

  it('reads logfmt, quoted values with escapes included', () => {
    assert.deepEqual(
      [...parseLogfmt('level=info uid=u7 msg="said \\"hi\\"\\nthen left" flag')],
      [
        ['level', 'info'],
        ['uid', 'u7'],
        ['msg', 'said "hi"\nthen left'],
        ['flag', ''],
      ],
    );
    assert.deepEqual(lineFields(renamed, 'evt=session_start uid="u 9" session=s1', ['user', 'session', 'event']), {
      user: 'u 9',
      session: 's1',
      event: 'session_start',
    });
  });
});
