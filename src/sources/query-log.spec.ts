import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectNotes, noteQuery, QueryLog, replayNotes, within } from './query-log.js';

const loki = { datasource: 'loki', datasourceType: 'loki' };

describe('QueryLog', () => {
  it('keeps one record per query text, adding up the requests of every window it was sent for', async () => {
    const log = new QueryLog();
    await within(log, 'apps', async () => {
      noteQuery({ ...loki, query: '{app="dice"}', purpose: 'session starts', requests: 3 });
      noteQuery({ ...loki, query: '{app="dice"}', purpose: 'session starts, read again', requests: 1 });
      noteQuery({ ...loki, query: '{app="wiki"}', purpose: 'session starts', requests: 1 });
      noteQuery({ ...loki, query: '{app="tickets"}', purpose: 'session starts', requests: 0 });
      noteQuery({ datasource: 'prometheus', datasourceType: 'prometheus', query: 'up', purpose: 'uptime' });
    });
    assert.deepEqual(
      log.all().map((r) => [r.id, r.query, r.purpose]),
      [
        ['q1', '{app="dice"}', 'session starts (4 requests)'],
        ['q2', '{app="wiki"}', 'session starts (1 request)'],
        ['q3', '{app="tickets"}', 'session starts (0 requests)'],
        ['q4', 'up', 'uptime'],
      ],
    );
  });

  it('counts the requests of a shared dataset once, however many sections it is replayed for', async () => {
    const log = new QueryLog();
    const { notes } = await within(log, undefined, () =>
      collectNotes(async () => noteQuery({ ...loki, query: '{app="dice"}', purpose: 'lines per day', requests: 2 })),
    );
    await within(log, 'apps', async () => replayNotes(notes));
    await within(log, 'days', async () => replayNotes(notes));
    const [record] = log.all();
    assert.equal(record!.purpose, 'lines per day (2 requests)');
    assert.deepEqual(record!.usedBy, ['apps', 'days']);
    // Another report of the same run (--all-stakeholders) is given the answer and its notes: its
    // appendix says what the figures took, once.
    const other = new QueryLog();
    await within(other, 'apps', async () => replayNotes(notes));
    await within(other, 'days', async () => replayNotes(notes));
    assert.equal(other.all()[0]!.purpose, 'lines per day (2 requests)');
  });
});
