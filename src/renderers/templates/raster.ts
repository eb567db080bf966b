/**
 * Pictures for formats that cannot hold SVG: charts and the template's SVG logo rasterised
 * to PNG by resvg (no browser needed). Fonts are the system's; a stack naming none of them
 * falls back to DejaVu Sans, which Debian always has.
 */
import { Resvg } from '@resvg/resvg-js';
import { ObsReportError, describeError } from '../../errors.js';
import type { AppRef, ChartSpec } from '../../model/report.js';
import { renderChartSvg } from '../charts/index.js';
import type { TemplateAsset, Theme } from '../types.js';

/** A PNG with its size in pixels. */
export interface PngImage {
  data: Buffer;
  width: number;
  height: number;
}

/** Rasterises an SVG to PNG `widthPx` wide (height from its aspect ratio), on `background` if given. */
export function svgToPng(svg: string, widthPx: number, background?: string): PngImage {
  try {
    const resvg = new Resvg(svg, {
      fitTo: { mode: 'width', value: Math.round(widthPx) },
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
      ...(background ? { background } : {}),
    });
    const image = resvg.render();
    return { data: image.asPng(), width: image.width, height: image.height };
  } catch (error) {
    throw new ObsReportError('RENDER', `Could not rasterise an SVG image: ${describeError(error)}`, {
      hint: 'Check that the SVG (e.g. the template logo) is well-formed; if it is a chart, please report it as a bug.',
      cause: error,
    });
  }
}

/** What `chartPng` needs besides the spec. */
export interface ChartPngOptions {
  /** Drawing size in CSS pixels; the PNG has `scale` times as many pixels for sharp print. */
  width: number;
  height: number;
  tz: string;
  theme: Theme;
  apps: AppRef[];
  title: string;
  scale?: number;
}

/** A chart as a PNG on white, drawn by the same code as the HTML/PDF charts. */
export function chartPng(spec: ChartSpec, opts: ChartPngOptions): PngImage {
  const svg = renderChartSvg(spec, { width: opts.width, height: opts.height, tz: opts.tz, theme: opts.theme, apps: opts.apps, title: opts.title });
  return svgToPng(svg, opts.width * (opts.scale ?? 2), '#ffffff');
}

/** Width and height of a PNG, GIF or JPEG from its header, or null if unknown. */
export function imageSize(data: Buffer): { width: number; height: number } | null {
  if (data.length >= 24 && data.readUInt32BE(0) === 0x89504e47) return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  if (data.length >= 10 && data.toString('latin1', 0, 3) === 'GIF') return { width: data.readUInt16LE(6), height: data.readUInt16LE(8) };
  if (data.length < 4 || data.readUInt16BE(0) !== 0xffd8) return null;
  // JPEG: walk the segments to the first start-of-frame marker.
  let offset = 2;
  while (offset + 9 < data.length) {
    const marker = data.readUInt16BE(offset);
    const length = data.readUInt16BE(offset + 2);
    if (marker >= 0xffc0 && marker <= 0xffcf && ![0xffc4, 0xffc8, 0xffcc].includes(marker)) {
      return { width: data.readUInt16BE(offset + 7), height: data.readUInt16BE(offset + 5) };
    }
    offset += 2 + length;
  }
  return null;
}

/** Image types Office files can hold as they are (WebP cannot). */
const OFFICE_IMAGES: Record<string, 'png' | 'jpeg' | 'gif'> = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/gif': 'gif' };

/** The template logo as a PNG (SVG rasterised), or its own bytes if PNG/JPEG/GIF; null when absent or unreadable. */
export function logoImage(logo: TemplateAsset | null, heightPx = 96): (PngImage & { ext: 'png' | 'jpeg' | 'gif' }) | null {
  if (logo === null) return null;
  if (logo.mime === 'image/svg+xml') {
    const svg = logo.data.toString('utf8');
    // Rasterise at the logo's own aspect ratio: first at a nominal width, then to the wanted height.
    const probe = svgToPng(svg, 400);
    return { ...svgToPng(svg, (400 * heightPx) / Math.max(1, probe.height)), ext: 'png' };
  }
  const size = imageSize(logo.data);
  const ext = OFFICE_IMAGES[logo.mime];
  if (!size || !ext) return null;
  return { data: logo.data, ...size, ext };
}
