import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertEvent, LifecycleEvent } from '../sources/types.js';
import { healthSummary, type HealthInput } from './health.js';

const window = { from: 1000, to: 11_000, tz: 'UTC' }; // 10,000 ms
const nothing: HealthInput = {
  window,
  uptime: null,
  down: null,
  starts: null,
  lifecycle: null,
  requests: null,
  latency: null,
  alerts: null,
};

function ev(instance: string, ts: number, kind: 'start' | 'stop'): LifecycleEvent {
  return { app: 'dice', instance, ts, kind };
}

// i1: started before the window, stopped, started, started again without a stop (crash).
// i2: first seen starting in the window, stopped gracefully, started. i3: stops at the window end.
const lifecycle = [
  ev('i1', 6000, 'start'),
  ev('i2', 9000, 'start'),
  ev('i1', 500, 'start'),
  ev('i1', 2000, 'stop'),
  ev('i1', 3000, 'start'),
  ev('i2', 4000, 'start'),
  ev('i2', 8000, 'stop'),
  ev('i3', 11_000, 'stop'),
];

describe('healthSummary', () => {
  it('clips, sorts and merges down intervals into incidents, even without uptime', () => {
    const h = healthSummary({
      ...nothing,
      down: [
        { start: 9000, end: 12_000 }, // -> [9000, 11000)
        { start: 2000, end: 3000 },
        { start: 2500, end: 4000 }, // overlaps
        { start: 500, end: 1500 }, // -> [1000, 1500)
        { start: 4000, end: 5000 }, // touches
        { start: 6000, end: 6000 }, // no length
        { start: 12_000, end: 13_000 }, // after the window
      ],
    });
    assert.deepEqual(h.incidents, [
      { start: 1000, end: 1500, durationMs: 500 },
      { start: 2000, end: 5000, durationMs: 3000 },
      { start: 9000, end: 11_000, durationMs: 2000 },
    ]);
    assert.equal(h.uptime, null);
    assert.equal(h.downtimeMs, 5500); // 500 + 3000 + 2000
    assert.equal(h.mttrMs, 5500 / 3);
    assert.equal(h.mtbfMs, 1500); // (10000 - 5500) / 3
  });

  it('counts starts, restarts, crashes and graceful stops from lifecycle logs', () => {
    const h = healthSummary({ ...nothing, uptime: 0.9, lifecycle });
    assert.equal(h.uptime, 0.9);
    assert.equal(h.starts, 4); // i1 3000, i2 4000, i1 6000, i2 9000 (i1 500 is before the window)
    assert.equal(h.restarts, 3); // all but i1 3000
    // i2 4000: no earlier i2 event, not a crash; i1 6000: last event a start, crash; i2 9000: after a stop
    assert.equal(h.crashes, 1);
    assert.equal(h.gracefulStops, 2); // i1 2000, i2 8000; i3 11000 is at the window end
  });

  it('prefers process starts from metrics and looks strictly before each start', () => {
    const h = healthSummary({
      ...nothing,
      lifecycle,
      starts: [
        { instance: 'i2', ts: 8000 }, // i2's stop at 8000 is not before it: its last earlier event is the start at 4000
        { instance: 'i1', ts: 3000 },
        { instance: 'i1', ts: 500 }, // before the window
      ],
    });
    assert.equal(h.starts, 2);
    assert.equal(h.restarts, 1);
    assert.equal(h.crashes, 1);
  });

  it('counts the first start of the window as a crash when the process before it did not stop gracefully', () => {
    // Events before the window (500, 700) are what tells the first start (1500) from a graceful one.
    const crashed = [ev('a', 500, 'start'), ev('a', 1500, 'start'), ev('a', 4000, 'stop'), ev('a', 5000, 'start')];
    const h = healthSummary({ ...nothing, lifecycle: crashed });
    assert.deepEqual([h.starts, h.restarts, h.crashes, h.gracefulStops], [2, 1, 1, 1]); // 1500 crash, 5000 after a stop
    const stopped = [ev('a', 500, 'start'), ev('a', 700, 'stop'), ...crashed.slice(1)];
    assert.equal(healthSummary({ ...nothing, lifecycle: stopped }).crashes, 0);
    // Nothing earlier of its instance: not counted.
    assert.equal(healthSummary({ ...nothing, lifecycle: crashed.slice(1) }).crashes, 0);
    // Earlier events that could not be read: unknown, not 0.
    assert.equal(healthSummary({ ...nothing, lifecycle: crashed.slice(1), crashesUnknown: true }).crashes, null);
  });

  it('has unknown crashes and stops without lifecycle logs', () => {
    const h = healthSummary({ ...nothing, starts: [{ instance: 'a', ts: 2000 }, { instance: 'a', ts: 3000 }] });
    assert.deepEqual([h.starts, h.restarts, h.crashes, h.gracefulStops], [2, 1, null, null]);
    const none = healthSummary({ ...nothing, starts: [], lifecycle: [] });
    assert.deepEqual([none.starts, none.restarts, none.crashes, none.gracefulStops], [0, 0, 0, 0]);
  });

  it('passes requests, error ratio and p95 through', () => {
    const h = healthSummary({
      ...nothing,
      requests: { total: 200, errors: 5, daily: [] },
      latency: { p50Ms: 40, p95Ms: 250, daily: [] },
    });
    assert.deepEqual([h.requests, h.errorRatio, h.p95Ms], [200, 0.025, 250]); // 5 / 200
    const idle = healthSummary({ ...nothing, requests: { total: 0, errors: 0, daily: [] } });
    assert.deepEqual([idle.requests, idle.errorRatio], [0, null]);
  });

  it('lists alerts in the window by start, with their firing time inside it', () => {
    const alert = (name: string, start: number, end: number | null): AlertEvent => ({
      name,
      severity: 'critical',
      start,
      end,
      labels: {},
    });
    const h = healthSummary({
      ...nothing,
      alerts: [
        alert('Zeta', 5000, null), // 11000 - 5000 = 6000
        alert('Early', 500, 1500), // 1500 - 1000 = 500
        alert('Blip', 2000, 2000), // 0
        alert('Before', 100, 900), // resolved before the window: left out
        alert('After', 11_000, null), // starts at the window end: left out
        alert('Late', 10_000, 12_000), // 11000 - 10000 = 1000
        alert('Aaa', 5000, 6000), // 1000; same start as Zeta, sorted by name
        alert('Always', 0, null), // 11000 - 1000 = 10000
      ],
    });
    assert.deepEqual(
      h.alerts.map((a) => [a.name, a.durationMs]),
      [
        ['Always', 10_000],
        ['Early', 500],
        ['Blip', 0],
        ['Aaa', 1000],
        ['Zeta', 6000],
        ['Late', 1000],
      ],
    );
    assert.deepEqual(h.alerts[4], { name: 'Zeta', severity: 'critical', start: 5000, end: null, durationMs: 6000 });
  });

  it('is unknown or empty without any input', () => {
    assert.deepEqual(healthSummary(nothing), {
      uptime: null,
      incidents: [],
      downtimeMs: 0,
      mttrMs: null,
      mtbfMs: null,
      starts: null,
      restarts: null,
      crashes: null,
      gracefulStops: null,
      requests: null,
      errorRatio: null,
      p95Ms: null,
      alerts: [],
    });
  });
});
