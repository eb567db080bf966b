import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import cron from 'node-cron';
import { cronOf, cronProblem } from './expression.js';
import { compileCron, longestInterval, nextFire, nextFires, previousFire } from './fire-times.js';
import { localIso } from './wall-time.js';

const BERLIN = 'Europe/Berlin';
const at = (iso: string) => Date.parse(iso);
const utc = (ms: number) => new Date(ms).toISOString();

describe('presets', () => {
  it('compile to cron expressions node-cron accepts', () => {
    assert.equal(cronOf({ preset: 'daily', at: '06:05' }), '5 6 * * *');
    assert.equal(cronOf({ preset: 'weekly' }), '0 7 * * 1');
    assert.equal(cronOf({ preset: 'weekly', weekday: 'sunday', at: '23:59' }), '59 23 * * 0');
    assert.equal(cronOf({ preset: 'monthly', at: '08:00' }), '0 8 1W * *');
    assert.equal(cronOf({ preset: 'weekdays' }), '0 7 * * 1-5');
    assert.equal(cronOf({ preset: 'month-end', at: '18:30' }), '30 18 L * *');
    for (const preset of ['daily', 'weekly', 'monthly', 'weekdays', 'month-end'] as const) assert.equal(cronProblem(cronOf({ preset })), null);
  });

  it('rejects expressions that are not 5 or 6 valid fields, saying why', () => {
    assert.match(cronProblem('@daily')!, /1 field/);
    assert.match(cronProblem('0 7 * *')!, /4 field/);
    assert.match(cronProblem('61 7 * * *')!, /61 is an invalid expression for minute/);
    assert.equal(cronProblem('0 0 7 * * 1-5'), null);
  });

  it('monthly fires on the first weekday: Monday 2 Feb 2026 (1 Feb is a Sunday), Monday 3 Aug 2026 (1 Aug is a Saturday)', () => {
    const spec = compileCron(cronOf({ preset: 'monthly', at: '08:00' }), BERLIN);
    const fires = nextFires(spec, at('2026-01-15T00:00:00Z'), 7).map((t) => localIso(t, BERLIN));
    assert.deepEqual(fires, [
      '2026-02-02T08:00:00+01:00',
      '2026-03-02T08:00:00+01:00',
      '2026-04-01T08:00:00+02:00',
      '2026-05-01T08:00:00+02:00',
      '2026-06-01T08:00:00+02:00',
      '2026-07-01T08:00:00+02:00',
      '2026-08-03T08:00:00+02:00',
    ]);
  });

  it('month-end fires on the last day, 28 February included', () => {
    const spec = compileCron(cronOf({ preset: 'month-end', at: '18:00' }), BERLIN);
    assert.deepEqual(nextFires(spec, at('2026-01-31T18:00:00Z'), 3).map((t) => localIso(t, BERLIN)), [
      '2026-02-28T18:00:00+01:00',
      '2026-03-31T18:00:00+02:00',
      '2026-04-30T18:00:00+02:00',
    ]);
  });

  it('weekdays skips the weekend', () => {
    const spec = compileCron(cronOf({ preset: 'weekdays' }), BERLIN);
    // Friday 27 Nov 2026 07:00 CET, then Monday 30 Nov.
    assert.equal(utc(nextFire(spec, at('2026-11-27T06:00:00Z'))), '2026-11-30T06:00:00.000Z');
  });
});

describe('daylight-saving changes in Europe/Berlin', () => {
  it('a daily 02:30 job fires when the clocks jump on 29 March 2026 (02:30 does not exist), at 02:30 on the days around', () => {
    const spec = compileCron('30 2 * * *', BERLIN);
    assert.deepEqual(nextFires(spec, at('2026-03-27T12:00:00Z'), 3).map(utc), [
      '2026-03-28T01:30:00.000Z', // 02:30 CET
      '2026-03-29T01:00:00.000Z', // 03:00 CEST, the instant the clocks jumped from 02:00 to 03:00
      '2026-03-30T00:30:00.000Z', // 02:30 CEST
    ]);
  });

  it('a daily 02:30 job fires once on 25 October 2026, when 02:30 happens twice (the first one)', () => {
    const spec = compileCron('30 2 * * *', BERLIN);
    assert.deepEqual(nextFires(spec, at('2026-10-24T12:00:00Z'), 2).map(utc), ['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('an hourly job fires at both 02:00 in October and once at 03:00 in March', () => {
    const spec = compileCron('0 * * * *', BERLIN);
    assert.deepEqual(nextFires(spec, at('2026-10-24T23:30:00Z'), 4).map((t) => localIso(t, BERLIN)), [
      '2026-10-25T02:00:00+02:00',
      '2026-10-25T02:00:00+01:00',
      '2026-10-25T03:00:00+01:00',
      '2026-10-25T04:00:00+01:00',
    ]);
    assert.deepEqual(nextFires(spec, at('2026-03-28T23:30:00Z'), 3).map((t) => localIso(t, BERLIN)), [
      '2026-03-29T01:00:00+01:00',
      '2026-03-29T03:00:00+02:00',
      '2026-03-29T04:00:00+02:00',
    ]);
  });

  it('a daily job has 23 h and 25 h gaps around the changes, so its longest interval is 25 h', () => {
    assert.equal(longestInterval(compileCron('0 7 * * *', BERLIN), at('2026-01-01T00:00:00Z')), 25 * 3_600_000);
    assert.equal(longestInterval(compileCron('0 7 * * 1-5', BERLIN), at('2026-01-01T00:00:00Z')), 3 * 86_400_000 + 3_600_000);
  });
});

describe('previousFire', () => {
  it('is the latest fire at or before the instant', () => {
    const weekly = compileCron('0 7 * * 1', BERLIN);
    assert.equal(utc(previousFire(weekly, at('2026-11-25T10:00:00Z'))), '2026-11-23T06:00:00.000Z');
    assert.equal(utc(previousFire(weekly, at('2026-11-23T06:00:00Z'))), '2026-11-23T06:00:00.000Z');
    assert.equal(utc(previousFire(weekly, at('2026-11-23T05:59:59Z'))), '2026-11-16T06:00:00.000Z');
  });

  it('agrees with nextFire across the spring gap', () => {
    const spec = compileCron('30 2 * * *', BERLIN);
    const fire = nextFire(spec, at('2026-03-28T12:00:00Z'));
    assert.equal(previousFire(spec, fire), fire);
    assert.equal(previousFire(spec, fire - 1), at('2026-03-28T01:30:00Z'));
  });
});

describe('agreement with node-cron away from DST changes', () => {
  for (const [expression, tz] of [
    ['*/20 9-17 * * 1-5', 'America/New_York'],
    ['0 7 1W * *', BERLIN],
    ['15 6 L * *', 'Asia/Tokyo'],
    ['0 12 * * 2#1', 'UTC'],
    ['45 23 1,15 * *', 'Australia/Sydney'],
  ] as const) {
    it(`${expression} in ${tz}: every fire matches node-cron and no minute in between does`, () => {
      const spec = compileCron(expression, tz);
      const task = cron.createTask(expression, () => undefined, { timezone: tz });
      // Two weeks around the turn of May and June 2026 (month ends, first weekdays; no DST change in these zones).
      const from = at('2026-05-25T00:00:00Z');
      const to = at('2026-06-08T00:00:00Z');
      const ours = new Set<number>();
      for (let t = nextFire(spec, from); t < to; t = nextFire(spec, t)) ours.add(t);
      assert.ok(ours.size > 0);
      for (let t = from + 60_000; t < to; t += 60_000) assert.equal(ours.has(t), task.match(new Date(t)), `${utc(t)}`);
    });
  }
});
