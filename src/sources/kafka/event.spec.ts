import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appSchema } from '../../config/schema.js';
import { eventFields, parseRfc3339, readEvent, type RawMessage } from './event.js';

const apps = eventFields([
  appSchema.parse({ id: 'dice', name: 'Dice' }),
  appSchema.parse({ id: 'crm', name: 'CRM', fields: { user: 'actor.id', event: 'action', level: 'severity', duration: 'took' } }),
]);
const msg = (value: string | null, timestamp = '1000', headers?: RawMessage['headers']): RawMessage => ({
  value: value === null ? null : Buffer.from(value),
  timestamp,
  headers,
});

describe('parseRfc3339', () => {
  it('reads UTC and offset timestamps to the millisecond', () => {
    assert.equal(parseRfc3339('2026-03-29T01:00:00Z'), Date.UTC(2026, 2, 29, 1));
    assert.equal(parseRfc3339('2026-03-29T01:00:00.123Z'), Date.UTC(2026, 2, 29, 1, 0, 0, 123));
    // Nanoseconds are cut to the millisecond, not rounded (as Loki's ns -> ms).
    assert.equal(parseRfc3339('2026-03-29T01:00:00.123999999Z'), Date.UTC(2026, 2, 29, 1, 0, 0, 123));
    assert.equal(parseRfc3339('2026-03-29T03:30:00+02:00'), Date.UTC(2026, 2, 29, 1, 30));
    assert.equal(parseRfc3339('2026-03-28T20:00:00-05:30'), Date.UTC(2026, 2, 29, 1, 30));
    assert.equal(parseRfc3339('2026-03-29 01:00:00.5z'), Date.UTC(2026, 2, 29, 1, 0, 0, 500));
  });

  it('refuses what is not an RFC 3339 timestamp', () => {
    for (const text of ['2026-03-29', '2026-03-29T01:00:00', '1774746000000', '2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-03-29T24:00:00Z', 'yesterday']) {
      assert.equal(parseRfc3339(text), null, text);
    }
  });
});

describe('readEvent', () => {
  it('reads the conventional fields and the event time from ts', () => {
    const line = '{"app":"dice","ts":"2026-03-29T01:00:00Z","level":"info","event":"feature_used","user":"u1","session":"s1","feature":"roll","duration_ms":12}';
    assert.deepEqual(readEvent(msg(line), apps), {
      app: 'dice',
      ts: Date.UTC(2026, 2, 29, 1),
      user: 'u1',
      session: 's1',
      event: 'feature_used',
      feature: 'roll',
      level: 'info',
      duration: '12',
      instance: '',
    });
  });

  it('uses the Kafka timestamp when ts is missing or unreadable', () => {
    assert.equal((readEvent(msg('{"app":"dice","user":"u1"}', '1774746000000'), apps) as { ts: number }).ts, 1774746000000);
    assert.equal((readEvent(msg('{"app":"dice","ts":1774746000,"user":"u1"}', '42'), apps) as { ts: number }).ts, 42);
  });

  it('reads renamed and nested fields with the app\'s names', () => {
    const line = '{"app":"crm","actor":{"id":"a-7"},"action":"login","severity":"error","took":"3.5","user":"not-this"}';
    const e = readEvent(msg(line), apps);
    assert.deepEqual([typeof e === 'object' && e.user, typeof e === 'object' && e.event, typeof e === 'object' && e.level, typeof e === 'object' && e.duration], ['a-7', 'login', 'error', '3.5']);
  });

  it('takes the app from a header when the line has none', () => {
    const e = readEvent(msg('{"user":"u1","event":"login"}', '5', { app: Buffer.from('dice') }), apps);
    assert.equal(typeof e === 'object' && e.app, 'dice');
  });

  it('says why a message is not an event', () => {
    assert.equal(readEvent(msg('not json'), apps), 'not-json');
    assert.equal(readEvent(msg('[1,2]'), apps), 'not-json');
    assert.equal(readEvent(msg(null), apps), 'not-json');
    assert.equal(readEvent(msg('{"user":"u1"}'), apps), 'no-app');
    assert.equal(readEvent(msg('{"app":"wiki","user":"u1"}'), apps), 'other-app');
  });

  it('leaves absent and non-scalar fields empty', () => {
    const e = readEvent(msg('{"app":"dice","user":{"id":1},"event":null}'), apps);
    assert.deepEqual(typeof e === 'object' && [e.user, e.event, e.session], ['', '', '']);
  });
});
