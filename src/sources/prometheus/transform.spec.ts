import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertEvents, downIntervals, mergeIntervals, processStarts } from './transform.js';

const series = (labels: Record<string, string>, points: [number, number][]) => ({ labels, samples: points.map(([t, v]) => ({ t, v })) });

describe('transforms', () => {
  it('merges touching and overlapping intervals', () => {
    assert.deepEqual(
      mergeIntervals([
        { start: 5, end: 7 },
        { start: 0, end: 2 },
        { start: 2, end: 3 },
        { start: 6, end: 9 },
      ]),
      [
        { start: 0, end: 3 },
        { start: 5, end: 9 },
      ],
    );
  });

  it('turns down points into intervals ending at each point', () => {
    const s = series({}, [[120, 0], [180, 0], [300, 0]]);
    assert.deepEqual(downIntervals([s], 60), [
      { start: 60, end: 180 },
      { start: 240, end: 300 },
    ]);
  });

  it('keeps each distinct start per instance inside [from, to)', () => {
    const a = series({ instance: 'a' }, [[60, 1.5], [120, 1.5], [180, 2.25], [240, 2.25]]);
    const b = series({ instance: 'b' }, [[60, 0.5], [120, 3], [180, NaN]]);
    assert.deepEqual(processStarts([a, b], 1000, 3000), [
      { instance: 'a', ts: 1500 },
      { instance: 'a', ts: 2250 },
    ]);
    assert.deepEqual(processStarts([b], 0, 3001), [
      { instance: 'b', ts: 500 },
      { instance: 'b', ts: 3000 },
    ]);
  });

  it('makes one alert per run of consecutive firing points', () => {
    const s = series({ alertname: 'AppDown', severity: 'critical' }, [[120, 1], [180, 1], [240, 1], [420, 1], [480, 1]]);
    const other = series({ alertname: 'Slow' }, [[60, 1]]);
    assert.deepEqual(alertEvents([s, other], 60, 480), [
      { name: 'Slow', severity: '', start: 0, end: 60, labels: { alertname: 'Slow' } },
      { name: 'AppDown', severity: 'critical', start: 60, end: 240, labels: { alertname: 'AppDown', severity: 'critical' } },
      { name: 'AppDown', severity: 'critical', start: 360, end: null, labels: { alertname: 'AppDown', severity: 'critical' } },
    ]);
  });
});
