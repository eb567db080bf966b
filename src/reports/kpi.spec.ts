import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayMeanKpis } from './kpi.js';

const WHOLE = { days: 3, partial: false, leftOut: 0 };
const TODAY_LEFT_OUT = { days: 2, partial: false, leftOut: 1 };
const TODAY_ONLY = { days: 1, partial: true, leftOut: 0 };

describe('dayMeanKpis', () => {
  it('says when today is left out of the means, and compares them with the previous ones', () => {
    // Mean DAU 1.5 against 2: change 1.5 - 2 = -0.5, relative -0.5 / 2 = -0.25.
    const [dau, stickiness] = dayMeanKpis('', { users: 3, avgDau: 1.5, stickiness: 0.25, averaged: TODAY_LEFT_OUT }, { users: 4, avgDau: 2, stickiness: 0.5, averaged: TODAY_LEFT_OUT });
    assert.deepEqual([dau.id, dau.value, dau.previous, dau.change, dau.note], ['avg_dau', 1.5, 2, { absolute: -0.5, relative: -0.25 }, 'mean over the whole days, today left out']);
    assert.deepEqual([stickiness.id, stickiness.value, stickiness.note], ['stickiness', 0.25, 'mean DAU / MAU over the whole days, today left out']);
  });

  it('keeps the plain notes for a period of whole days, and says "today so far" when there is no whole day yet', () => {
    const whole = dayMeanKpis('all_', { users: 1, avgDau: 1, stickiness: 1, averaged: WHOLE }, { users: 1, avgDau: 1, stickiness: 1, averaged: WHOLE });
    assert.deepEqual(whole.map((k) => [k.id, k.note]), [['all_avg_dau', 'mean over the days'], ['all_stickiness', 'mean DAU / MAU']]);
    const today = dayMeanKpis('', { users: 7, avgDau: 7, stickiness: 0.25, averaged: TODAY_ONLY }, { users: 5, avgDau: 5, stickiness: 0.2, averaged: TODAY_ONLY });
    assert.deepEqual(today.map((k) => k.note), ['today so far: no whole day yet', 'DAU / MAU today so far: no whole day yet']);
  });

  it('says why stickiness has no figure: no active users, or all of them came today', () => {
    // Users today only: every whole day has MAU 0, so no day has a DAU / MAU; the previous period had no users.
    const [dau, stickiness] = dayMeanKpis('', { users: 2, avgDau: 0, stickiness: null, averaged: TODAY_LEFT_OUT }, { users: 0, avgDau: 0, stickiness: null, averaged: TODAY_LEFT_OUT });
    assert.equal(dau.value, 0);
    assert.equal(stickiness.notDefined, 'no active users on whole days');
    assert.equal(stickiness.previousNotDefined, 'no active users');
  });
});
