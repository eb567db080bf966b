/**
 * Makes ECharts's server-side SVG cheaper for Chromium to print, without changing what it shows.
 * Printing a report's charts is a third of Chromium's time on it (BENCHMARKS.md), and it grows
 * with the number of elements and gradient stops, so:
 *
 * - a linear gradient keeps only the stops that linear interpolation between the kept ones
 *   cannot reproduce to within one unit of 255 per channel. ECharts samples a continuous
 *   legend's colour ramp into 100 stops; ours are straight ramps, so 2 remain.
 * - consecutive `<path>` elements of one plain style (grid lines, axis ticks, the bars of one
 *   series) become one path with their outlines one after the other. Only paths that paint
 *   either a fill or a stroke, in opaque colours, with no transform, clip, dash, id or other
 *   attribute are joined, so that painted together they cover the same pixels as painted one
 *   by one: a filled and stroked shape is left alone (a later fill could cover part of an
 *   earlier stroke), and filled shapes join only if they are polygons whose bounding boxes do
 *   not overlap (where outlines wound in opposite directions overlap, one path leaves a hole).
 *
 * Both work on ECharts's own output, whose attributes are always double-quoted and whose text is
 * escaped, so the patterns cannot match drawn text; anything they do not recognise is left as it is.
 */

const GRADIENT = /(<linearGradient\b[^>]*>\n?)([\s\S]*?)(<\/linearGradient>)/g;
const STOP = /<stop offset="(\d+(?:\.\d+)?)%" stop-color="rgb\((\d{1,3}),(\d{1,3}),(\d{1,3})\)"><\/stop>\n?/g;

interface Stop {
  text: string;
  offset: number;
  rgb: [number, number, number];
}

/** Whether every stop strictly between `stops[from]` and `stops[to]` lies on their interpolation (±1). */
function interpolated(stops: readonly Stop[], from: number, to: number): boolean {
  const a = stops[from]!;
  const b = stops[to]!;
  for (let k = from + 1; k < to; k++) {
    const stop = stops[k]!;
    const t = b.offset === a.offset ? 0 : (stop.offset - a.offset) / (b.offset - a.offset);
    for (let ch = 0; ch < 3; ch++) {
      if (Math.abs(a.rgb[ch]! + t * (b.rgb[ch]! - a.rgb[ch]!) - stop.rgb[ch]!) > 1) return false;
    }
  }
  return true;
}

/** The gradient's body with the stops interpolation reproduces left out; unknown bodies unchanged. */
function thinStops(body: string): string {
  const stops: Stop[] = [...body.matchAll(STOP)].map((m) => ({
    text: m[0],
    offset: Number(m[1]),
    rgb: [Number(m[2]), Number(m[3]), Number(m[4])],
  }));
  if (stops.length < 3 || stops.map((s) => s.text).join('') !== body) return body;
  const kept = [stops[0]!];
  for (let from = 0; from < stops.length - 1; ) {
    let to = from + 1;
    while (to + 1 < stops.length && interpolated(stops, from, to + 1)) to++;
    kept.push(stops[to]!);
    from = to;
  }
  return kept.map((s) => s.text).join('');
}

const PATH = /<path d="([^"]*)"((?: [a-z-]+="[^"]*")*)><\/path>\n?/g;
const PATH_RUN = /(?:<path d="[^"]*"(?: [a-z-]+="[^"]*")*><\/path>\n?){2,}/g;
const OPAQUE_PAINT = /^(?:#[0-9a-f]{3}|#[0-9a-f]{6}|rgb\(\d{1,3},\s*\d{1,3},\s*\d{1,3}\))$/i;
const PLAIN_ATTRS = new Set(['fill', 'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit']);

/** What a path of these attributes (after `d`) paints, if it may join a neighbour of the same attributes. */
function joinable(attrs: string): 'fill' | 'stroke' | null {
  const values = new Map<string, string>();
  for (const m of attrs.matchAll(/ ([a-z-]+)="([^"]*)"/g)) {
    if (!PLAIN_ATTRS.has(m[1]!)) return null;
    values.set(m[1]!, m[2]!);
  }
  const fill = values.get('fill') ?? '#000';
  const stroke = values.get('stroke') ?? 'none';
  const fills = fill !== 'none';
  const strokes = stroke !== 'none';
  if (fills === strokes || !OPAQUE_PAINT.test(fills ? fill : stroke)) return null;
  return fills ? 'fill' : 'stroke';
}

/**
 * The bounding box of an outline made only of straight segments (M L H V Z, absolute or
 * relative), or null for anything else (curves, arcs, an unreadable path).
 */
export function polygonBox(d: string): [number, number, number, number] | null {
  const tokens = d.match(/[a-zA-Z]|-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/g);
  if (!tokens || tokens.join('').length !== d.replace(/[\s,]/g, '').length) return null;
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  let box: [number, number, number, number] | null = null;
  const visit = (): void => {
    box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
  };
  let command = '';
  for (let i = 0; i < tokens.length; ) {
    if (/^[a-zA-Z]$/.test(tokens[i]!)) command = tokens[i++]!;
    const relative = command === command.toLowerCase();
    const num = (): number | null => {
      const token = tokens[i];
      if (token === undefined || /^[a-zA-Z]$/.test(token)) return null;
      i++;
      return Number(token);
    };
    switch (command.toUpperCase()) {
      case 'M':
      case 'L': {
        const dx = num();
        const dy = num();
        if (dx === null || dy === null) return null;
        x = relative ? x + dx : dx;
        y = relative ? y + dy : dy;
        if (command.toUpperCase() === 'M') {
          [startX, startY] = [x, y];
          command = relative ? 'l' : 'L';
        }
        break;
      }
      case 'H': {
        const v = num();
        if (v === null) return null;
        x = relative ? x + v : v;
        break;
      }
      case 'V': {
        const v = num();
        if (v === null) return null;
        y = relative ? y + v : v;
        break;
      }
      case 'Z':
        [x, y] = [startX, startY];
        if (tokens[i] !== undefined && !/^[a-zA-Z]$/.test(tokens[i]!)) return null;
        break;
      default:
        return null;
    }
    visit();
  }
  return box;
}

function overlaps(a: readonly number[], b: readonly number[]): boolean {
  return a[0]! < b[2]! && b[0]! < a[2]! && a[1]! < b[3]! && b[1]! < a[3]!;
}

/** A run of consecutive paths with neighbours of one plain style joined. */
function joinPaths(run: string): string {
  let out = '';
  // Boxes of the filled outlines joined so far (null for stroked paths, which may overlap).
  let pending = null as { d: string[]; attrs: string; boxes: [number, number, number, number][] | null } | null;
  const flush = (): void => {
    if (pending) out += `<path d="${pending.d.join('')}"${pending.attrs}></path>\n`;
    pending = null;
  };
  for (const m of run.matchAll(PATH)) {
    const d = m[1]!;
    const attrs = m[2]!;
    // A later subpath's `m` would be relative to the previous outline's end: only absolute starts join.
    const absolute = d.startsWith('M');
    if (absolute && pending?.attrs === attrs) {
      const box = pending.boxes ? polygonBox(d) : null;
      if (!pending.boxes || (box && !pending.boxes.some((b) => overlaps(b, box)))) {
        pending.d.push(d);
        if (box) pending.boxes?.push(box);
        continue;
      }
    }
    flush();
    const style = absolute ? joinable(attrs) : null;
    if (style === 'stroke') pending = { d: [d], attrs, boxes: null };
    else if (style === 'fill') {
      const box = polygonBox(d);
      if (box) pending = { d: [d], attrs, boxes: [box] };
    }
    if (!pending) out += m[0].endsWith('\n') ? m[0] : `${m[0]}\n`;
  }
  flush();
  return out;
}

/** The SVG with gradients thinned and same-style neighbouring paths joined. */
export function tidySvg(svg: string): string {
  return svg
    .replace(GRADIENT, (_, open: string, body: string, close: string) => `${open}${thinStops(body)}${close}`)
    .replace(PATH_RUN, joinPaths);
}
