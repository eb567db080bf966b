import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Column } from '../../model/report.js';
import { columnFormat } from '../xlsx/cells.js';
import { formatCell } from './helpers.js';

describe('table cells of a change column', () => {
  const change: Column = { key: 'change', label: 'Change', type: 'number', unit: 'percent', signed: true };
  const plain: Column = { key: 'share', label: 'Share', type: 'number', unit: 'percent' };

  it('write a rise with its sign, as the KPI tiles do, and a fall with its minus', () => {
    assert.equal(formatCell(0.088, change, 'UTC'), '+8.8%');
    assert.equal(formatCell(-0.032, change, 'UTC'), '\u22123.2%');
    assert.equal(formatCell(0, change, 'UTC'), '0%');
    assert.equal(formatCell(null, change, 'UTC'), 'n/a');
    assert.equal(formatCell(0.088, plain, 'UTC'), '8.8%');
  });

  it('carry the sign into the spreadsheet\'s number format, the value staying a number', () => {
    const format = columnFormat(change, [{ change: 0.088 }, { change: -0.032 }], 'UTC');
    assert.equal(format.numFmt, '+0.0%;-0.0%;0.0%');
    assert.equal(format.toValue(0.088), 0.088);
    assert.equal(columnFormat(plain, [{ share: 0.088 }], 'UTC').numFmt, '0.0%');
  });
});
