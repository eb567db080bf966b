import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { polygonBox, tidySvg } from './svg-tidy.js';
import { renderChartSvg } from './index.js';
import { SAMPLE_THEME } from '../../../test/fixtures/sample-report.js';

const svg = (body: string): string => `<svg viewBox="0 0 10 10">\n${body}</svg>`;
const stop = (offset: number, r: number, g: number, b: number): string => `<stop offset="${offset}%" stop-color="rgb(${r},${g},${b})"></stop>\n`;
const gradient = (stops: string): string => `<linearGradient x1="0" y1="0" x2="0" y2="1" id="g0">\n${stops}</linearGradient>\n`;
const offsets = (out: string): number[] => [...out.matchAll(/offset="([\d.]+)%"/g)].map((m) => Number(m[1]));

describe('tidySvg: gradient stops', () => {
  it('keeps the ends of a straight ramp, whatever its sampling', () => {
    // 0 → 100 in red over 0–100%, sampled every 10%: 0, 10, 20, ... 100, rounded as ECharts does.
    const ramp = Array.from({ length: 11 }, (_, i) => stop(i * 10, i * 10, 50, 200 - i * 10)).join('');
    assert.deepEqual(offsets(tidySvg(svg(gradient(ramp)))), [0, 100]);
  });

  it('keeps the corners of a ramp that bends, and stops off the line by more than one unit', () => {
    // Flat grey until 40%, then to blue: at 40% the slope changes, so 0, 40, 100 stay.
    // 50%: halfway from (200,200,200) at 40 to (0,0,200) at 100 is 200 - 200 * 10/60 = 166.67;
    // 165 is within 1.67 of it, too far: 50 stays too, then 50 → 100 is straight again.
    const bent = [stop(0, 200, 200, 200), stop(20, 200, 200, 200), stop(40, 200, 200, 200), stop(50, 165, 165, 200), stop(75, 82, 82, 200), stop(100, 0, 0, 200)].join('');
    assert.deepEqual(offsets(tidySvg(svg(gradient(bent)))), [0, 40, 50, 100]);
    // Rounded samples of one straight ramp (±0.5) all go.
    const rounded = [stop(0, 0, 0, 0), stop(33, 84, 84, 84), stop(67, 171, 171, 171), stop(100, 255, 255, 255)].join('');
    assert.deepEqual(offsets(tidySvg(svg(gradient(rounded)))), [0, 100]);
  });

  it('leaves gradients it does not fully recognise as they are', () => {
    const withOpacity = `${stop(0, 0, 0, 0)}<stop offset="50%" stop-color="rgb(5,5,5)" stop-opacity="0.5"></stop>\n${stop(100, 10, 10, 10)}`;
    assert.equal(tidySvg(svg(gradient(withOpacity))), svg(gradient(withOpacity)));
  });
});

describe('tidySvg: paths', () => {
  const grid = (y: number): string => `<path d="M0 ${y}L10 ${y}" fill="none" stroke="#e5e7eb"></path>\n`;
  const bar = (x: number, h: number, fill = '#4f46e5'): string => `<path d="M${x} 10l2 0l0 -${h}l-2 0Z" fill="${fill}"></path>\n`;

  it('joins neighbouring lines of one stroke, and neighbouring bars of one fill', () => {
    const out = tidySvg(svg(grid(2) + grid(4) + grid(6) + bar(1, 3) + bar(4, 5) + bar(7, 1)));
    assert.equal(out, svg('<path d="M0 2L10 2M0 4L10 4M0 6L10 6" fill="none" stroke="#e5e7eb"></path>\n<path d="M1 10l2 0l0 -3l-2 0ZM4 10l2 0l0 -5l-2 0ZM7 10l2 0l0 -1l-2 0Z" fill="#4f46e5"></path>\n'));
  });

  it('keeps the painting order: only neighbours join', () => {
    const text = '<text x="1" y="1">a</text>\n';
    const out = tidySvg(svg(bar(1, 3) + bar(4, 5, '#ff0000') + bar(7, 1) + text + bar(1, 2)));
    assert.equal((out.match(/<path/g) ?? []).length, 4);
  });

  it('does not join what would paint differently as one path', () => {
    const cases = [
      // overlapping fills: outlines wound in opposite directions would leave a hole
      `<path d="M0 0L4 0L4 4L0 4Z" fill="#000"></path>\n<path d="M2 2L2 6L6 6L6 2Z" fill="#000"></path>\n`,
      // curves: no box is computed for them
      `<path d="M0 0A2 2 0 0 1 4 0Z" fill="#000"></path>\n<path d="M5 0A2 2 0 0 1 9 0Z" fill="#000"></path>\n`,
      // filled and stroked
      `<path d="M0 0L1 0L1 1Z" fill="#000" stroke="#fff"></path>\n<path d="M3 0L4 0L4 1Z" fill="#000" stroke="#fff"></path>\n`,
      // translucent, dashed, transformed, clipped
      `<path d="M0 1L9 1" fill="none" stroke="rgba(0,0,0,0.5)"></path>\n<path d="M0 3L9 3" fill="none" stroke="rgba(0,0,0,0.5)"></path>\n`,
      `<path d="M0 1L9 1" fill="none" stroke="#000" stroke-dasharray="2"></path>\n<path d="M0 3L9 3" fill="none" stroke="#000" stroke-dasharray="2"></path>\n`,
      `<path d="M0 1L9 1" fill="none" stroke="#000" transform="rotate(3)"></path>\n<path d="M0 3L9 3" fill="none" stroke="#000" transform="rotate(3)"></path>\n`,
      `<path d="M0 1L9 1" fill="none" stroke="#000" clip-path="url(#c)"></path>\n<path d="M0 3L9 3" fill="none" stroke="#000" clip-path="url(#c)"></path>\n`,
      // a gradient fill is laid over each shape's own box
      `<path d="M0 0L1 0L1 1Z" fill="url(#g0)"></path>\n<path d="M3 0L4 0L4 1Z" fill="url(#g0)"></path>\n`,
      // a relative start would move with the outline before it
      `<path d="m0 1l9 0" fill="none" stroke="#000"></path>\n<path d="m0 3l9 0" fill="none" stroke="#000"></path>\n`,
    ];
    for (const body of cases) assert.equal(tidySvg(svg(body)), svg(body), body);
  });

  it('reads the boxes of straight outlines, absolute and relative', () => {
    assert.deepEqual(polygonBox('M1 10l2 0l0 -3l-2 0Z'), [1, 7, 3, 10]);
    assert.deepEqual(polygonBox('M0,0 H5 V-2 h-1 v4 z'), [0, -2, 5, 2]);
    assert.deepEqual(polygonBox('M1 1 2 2 3 0'), [1, 0, 3, 2], 'pairs after M are lines');
    assert.deepEqual(polygonBox('M.5.5L1e1 -1'), [0.5, -1, 10, 0.5]);
    assert.equal(polygonBox('M0 0C1 1 2 2 3 3'), null);
    assert.equal(polygonBox('M0 0L1'), null);
    assert.equal(polygonBox('M0 0L1 x'), null);
  });
});

describe('tidySvg on ECharts charts', () => {
  const draw = (spec: Parameters<typeof renderChartSvg>[0]): string => renderChartSvg(spec, { width: 720, height: 300, tz: 'UTC', theme: SAMPLE_THEME, title: 't' });

  it('leaves a continuous legend two stops per ramp instead of a hundred', () => {
    const cells: [number, number, number | null][] = [];
    for (let x = 0; x < 24; x++) for (let y = 0; y < 7; y++) cells.push([x, y, (x * 7 + y) * 13]);
    const heat = draw({ type: 'heatmap', unit: 'count', xLabel: 'Hour', yLabel: 'Day', xCategories: Array.from({ length: 24 }, (_, i) => String(i)), yCategories: ['M', 'T', 'W', 'T', 'F', 'S', 'S'], cells });
    const stops = [...heat.matchAll(/<linearGradient[\s\S]*?<\/linearGradient>/g)].map((m) => (m[0].match(/<stop/g) ?? []).length);
    assert.ok(stops.length > 0, 'the legend is a gradient');
    for (const n of stops) assert.ok(n <= 4, `${n} stops`);
  });

  it('draws the bars of one series as one path', () => {
    const categories = Array.from({ length: 12 }, (_, i) => `c${i}`);
    const bars = draw({ type: 'bar', unit: 'count', yLabel: 'n', categories, series: [{ name: 's', values: categories.map((_, i) => i + 1) }] });
    const fills = [...bars.matchAll(/<path d="([^"]*)" fill="(#[0-9a-f]{6})"><\/path>/gi)];
    const joined = fills.filter((m) => (m[1]!.match(/M/g) ?? []).length === 12);
    assert.equal(joined.length, 1, 'one path holds the twelve bars');
  });
});
