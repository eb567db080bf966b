import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChartSpec } from '../../model/report.js';
import { findExternalReferences } from '../html/external.js';
import { durationInterval, legendRows } from './common.js';
import { flowGraph } from './flow.js';
import { DeferredCharts, renderChartSvg } from './index.js';
import { SAMPLE_THEME as TEST_THEME } from '../../../test/fixtures/sample-report.js';

// ECharts formats time in the process zone; a far-away one proves labels do not depend on it.
process.env.TZ = 'America/Los_Angeles';

const H = 3_600_000;
const HOSTILE = '<img src=x onerror=alert(1)>';
const apps = [
  { id: 'dice', name: 'Dice' },
  { id: 'wiki', name: 'Wiki' },
];

function draw(spec: ChartSpec, tz = 'Europe/Berlin', title = 'A chart'): string {
  return renderChartSvg(spec, { width: 720, height: 300, tz, theme: TEST_THEME, apps, title });
}

/** The text drawn in an SVG, unescaped. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    (m[1] ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&'),
  );
}

const hourly = (from: number, hours: number, f: (i: number) => number | null): [number, number | null][] =>
  Array.from({ length: hours + 1 }, (_, i) => [from + i * H, f(i)]);

const specs: Record<ChartSpec['type'] | 'stacked' | 'horizontal', ChartSpec> = {
  timeseries: {
    type: 'timeseries',
    unit: 'count',
    yLabel: 'Users',
    series: [{ name: HOSTILE, points: hourly(Date.UTC(2026, 10, 16, 5), 12, (i) => (i === 4 ? null : 1000 + i * 900)) }],
    annotations: [{ ts: Date.UTC(2026, 10, 16, 8), text: 'Deploy <b>v2</b>' }, { ts: Date.UTC(2026, 10, 16, 10), tsEnd: Date.UTC(2026, 10, 16, 12), text: 'Outage' }],
  },
  stacked: { type: 'timeseries', unit: 'count', yLabel: 'Users', stacked: true, series: ['new', 'returning'].map((name) => ({ name, points: hourly(Date.UTC(2026, 10, 16), 48, () => 5) })) },
  bar: { type: 'bar', unit: 'percent', yLabel: 'Share', categories: ['Dice', 'Wiki', HOSTILE], series: [{ name: 'Share', values: [0.5, null, 0.25] }] },
  horizontal: { type: 'bar', unit: 'count', yLabel: 'Events', horizontal: true, stacked: true, categories: ['a', 'b'], series: [{ name: 'x', values: [1, 2] }, { name: 'y', values: [3, 4] }] },
  doughnut: { type: 'doughnut', unit: 'count', slices: [{ name: 'Dice', value: 3000 }, { name: HOSTILE, value: 1000 }] },
  heatmap: { type: 'heatmap', unit: 'count', xLabel: 'Hour', yLabel: 'Day', xCategories: ['00', '01'], yCategories: ['Mon', 'Tue'], cells: [[0, 0, 5], [1, 0, null], [0, 1, 1500], [1, 1, 7]] },
  flow: { type: 'flow', unit: 'count', nodes: [{ name: 'Dice' }, { name: 'Wiki' }], links: [{ source: 'Dice', target: 'Wiki', value: 12 }, { source: 'Wiki', target: 'Dice', value: 5 }] },
};

describe('renderChartSvg', () => {
  for (const [kind, spec] of Object.entries(specs)) {
    it(`draws a self-contained, scalable SVG for ${kind}`, () => {
      const svg = draw(spec, 'Europe/Berlin', `Title $& <b>${kind}</b>`);
      assert.match(svg, /^<svg role="img" aria-label="Title \$&#38; &#60;b&#62;/);
      assert.match(svg, /viewBox="0 0 720 300"/);
      assert.match(svg, /<\/svg>$/);
      assert.deepEqual(findExternalReferences(svg), []);
      assert.ok(!svg.includes('<img'), 'hostile text must be escaped');
      assert.ok(texts(svg).length > 0, 'draws some text');
      assert.doesNotMatch(svg, /ecmeta_|<style|zr\d+-cls-|pointer-events/, 'nothing for a browser runtime: no script runs in a report');
    });
  }

  it('keeps text that looks like the attributes it removes', () => {
    const names = ['x class="zr1-cls-2"', 'ecmeta_data_index="3"', 'pointer-events="none"', '<style >x</style>'];
    const bars: ChartSpec = { type: 'bar', unit: 'count', yLabel: 'Events', horizontal: true, categories: names, series: [{ name: 'Events', values: [3, 2, 1, 4] }] };
    const drawn = texts(draw(bars));
    for (const name of names) assert.ok(drawn.includes(name), name);
  });

  it('escapes hostile names into text, drawn as they are', () => {
    const bars: ChartSpec = { type: 'bar', unit: 'count', yLabel: 'Events', horizontal: true, categories: [HOSTILE], series: [{ name: 'Events', values: [3] }] };
    assert.ok(texts(draw(bars)).includes(HOSTILE), 'category label');
    const lines: ChartSpec = { type: 'timeseries', unit: 'count', yLabel: 'Users', series: [HOSTILE, 'b'].map((name) => ({ name, points: [[0, 1], [H, 2]] })) };
    assert.ok(texts(draw(lines)).includes(HOSTILE), 'legend entry');
  });

  it('labels the time axis in the report time zone, whatever the process zone', () => {
    // 05:00-17:00 UTC is 06:00-18:00 in Berlin and 10:30-22:30 in Kolkata; 2-hour steps fit 8 ticks.
    const berlin = texts(draw(specs.timeseries, 'Europe/Berlin'));
    assert.deepEqual(berlin.filter((t) => /^\d\d:\d\d$/.test(t)), ['06:00', '08:00', '10:00', '12:00', '14:00', '16:00', '18:00']);
    assert.ok(berlin.includes('Time (Europe/Berlin)'), 'axis name with the zone');
    const kolkata = texts(draw(specs.timeseries, 'Asia/Kolkata'));
    assert.deepEqual(kolkata.filter((t) => /^\d\d:\d\d$/.test(t)), ['12:00', '14:00', '16:00', '18:00', '20:00', '22:00']);
  });

  it('formats value axes with the unit', () => {
    assert.ok(texts(draw(specs.timeseries)).some((t) => /^\d+(\.\d)?k$/.test(t)), 'compact counts on the axis');
    assert.ok(texts(draw(specs.bar)).includes('50%'), 'percent axis');
    assert.ok(texts(draw(specs.heatmap)).includes('1.5k'), 'compact heatmap label');
  });

  it('draws annotations with their text', () => {
    const all = texts(draw(specs.timeseries));
    assert.ok(all.includes('Deploy <b>v2</b>'), 'deploy mark');
    assert.ok(all.includes('Outage'), 'incident region');
  });

  it('gives an app the same colour in every chart', () => {
    assert.match(draw(specs.doughnut), /fill="#2563eb"/);
    const bar = draw({ type: 'bar', unit: 'count', yLabel: 'Users', categories: ['Dice', 'Wiki'], series: [{ name: 'Users', values: [4, null] }] });
    assert.match(bar, /fill="#2563eb"/);
    // Wiki's value is missing: no bar at all, not a zero-height one in Wiki's colour.
    assert.doesNotMatch(bar, /fill="#f59e0b"/);
    const lines = draw({ type: 'timeseries', unit: 'count', yLabel: 'Users', series: ['wiki', 'errors'].map((name) => ({ name, points: [[0, 1], [H, 2]] })) });
    assert.match(lines, /stroke="#f59e0b"/);
    assert.match(lines, /stroke="#dc2626"/, 'errors are drawn in the bad colour');
  });

  it('draws a dot only on values no line passes through', () => {
    const circles = (values: (number | null)[]) => {
      const spec: ChartSpec = { type: 'timeseries', unit: 'count', yLabel: 'Users', series: [{ name: 'Users', points: values.map((v, i) => [Date.UTC(2026, 10, 16, i), v]) }] };
      // ECharts draws a circle symbol as a path of two arcs ("A"), lines and axes have none.
      return [...draw(spec).matchAll(/<path d="[^"]*A[^"]*"/g)].length;
    };
    assert.equal(circles([1, 2, 3, 4, 5]), 0, 'a continuous line has no dots');
    assert.equal(circles([1, null, 3, null, 5, 6]), 2, 'the first and the third value stand alone; 5 and 6 are joined');
    assert.equal(circles([7]), 1, 'a single value');
    assert.equal(circles([null, null]), 0);
  });

  it('draws the charts of a document after it, each in its place', async () => {
    const deferred = new DeferredCharts();
    const opts = { width: 720, height: 300, tz: 'Europe/Berlin', theme: TEST_THEME, apps, title: 'A chart' };
    const html = `<p>${deferred.placeholder(specs.bar, opts)}</p><p>${deferred.placeholder(specs.doughnut, opts)}</p><!--obs-chart-0:0-->`;
    const filled = await deferred.fill(html);
    assert.equal(filled, `<p>${renderChartSvg(specs.bar, opts)}</p><p>${renderChartSvg(specs.doughnut, opts)}</p><!--obs-chart-0:0-->`, 'a look-alike comment of another document stays');
  });

  it('shows "no data" rather than an empty frame', () => {
    const empty = texts(draw({ type: 'bar', unit: 'count', yLabel: 'x', categories: [], series: [] }));
    assert.ok(empty.includes('No data in this period'), 'no-data message');
    // Days but no value on any (an error ratio without requests): no frame whose labels hang off the edge.
    const days = [0, 1, 2].map((d): [number, null] => [Date.UTC(2026, 10, 18, 23) + d * 86_400_000, null]);
    assert.deepEqual(texts(draw({ type: 'timeseries', unit: 'percent', yLabel: 'Requests with 5xx', series: [{ name: 'Error ratio', points: days }] })), ['No data in this period']);
  });

  it('reuses a chart drawn for the same spec and options, and draws again when they differ', () => {
    const spec = structuredClone(specs.timeseries);
    const first = draw(spec);
    assert.equal(draw(spec), first);
    // Drawn again, only zrender's numbered class names and ids differ.
    const instanceFree = (svg: string) => svg.replace(/zr\d+-(?:cls-)?[a-z]*\d+/g, 'zr');
    assert.notEqual(draw(structuredClone(spec)), first, 'an equal spec is another spec: drawn anew');
    assert.equal(instanceFree(draw(structuredClone(spec))), instanceFree(first));
    assert.notEqual(instanceFree(draw(spec, 'America/New_York')), instanceFree(first), 'another time zone is drawn anew');
    assert.notEqual(instanceFree(renderChartSvg(spec, { width: 720, height: 300, tz: 'Europe/Berlin', theme: { ...TEST_THEME, palette: ['#000000'] }, apps, title: 'A chart' })), instanceFree(first), 'another palette is drawn anew');
  });
});

describe('chart layout helpers', () => {
  it('steps duration axes on whole units', () => {
    assert.equal(durationInterval(219), 50);
    assert.equal(durationInterval(45 * 60_000), 600_000);
    assert.equal(durationInterval(3 * H), 1_800_000);
    assert.equal(durationInterval(0), undefined);
  });

  it('counts the rows a wrapping legend needs', () => {
    assert.equal(legendRows(['one'], 720), 0);
    assert.equal(legendRows(['Dice', 'Wiki', 'Tickets'], 720), 1);
    // Six names of 30 characters: 195 + 34 px each, three to a 720 px row.
    assert.equal(legendRows(Array.from({ length: 6 }, (_, i) => `${i}`.padEnd(30, 'x')), 720), 2);
  });
});

describe('flowGraph', () => {
  it('splits cyclic flows into from and to columns', () => {
    const graph = flowGraph({ type: 'flow', unit: 'count', nodes: [{ name: 'A' }, { name: 'B' }], links: [{ source: 'A', target: 'B', value: 2 }, { source: 'B', target: 'A', value: 1 }, { source: 'A', target: 'A', value: 1 }] });
    assert.deepEqual(graph.nodes.map((n) => n.id), ['from:A', 'from:B', 'to:A', 'to:B']);
    assert.deepEqual(graph.links.map((l) => `${l.source}>${l.target}`), ['from:A>to:B', 'from:B>to:A', 'from:A>to:A']);
  });

  it('keeps acyclic paths as they are', () => {
    const graph = flowGraph({ type: 'flow', unit: 'count', nodes: [{ name: 'A' }, { name: 'B' }, { name: 'C' }], links: [{ source: 'A', target: 'B', value: 2 }, { source: 'B', target: 'C', value: 1 }] });
    assert.deepEqual(graph.nodes.map((n) => n.id), ['n:A', 'n:B', 'n:C']);
  });
});
