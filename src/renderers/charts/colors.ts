/**
 * Colours that mean the same thing on every page and in every format: a series or app
 * name always gets the same colour. Order of precedence: the template's fixed
 * `seriesColors`, then good/bad words (errors are red, uptime is green), then the
 * report's apps in order, then a hash of the name into the palette.
 */
import type { AppRef } from '../../model/report.js';
import type { Theme } from '../types.js';

const GOOD_NAMES = new Set(['up', 'ok', 'success', 'successful', 'healthy', 'resolved', 'available', 'new']);
const BAD_NAMES = new Set([
  'down',
  'error',
  'errors',
  'crash',
  'crashes',
  'failed',
  'failure',
  'failures',
  'firing',
  'incident',
  'incidents',
  'dormant',
  'unhealthy',
  'unavailable',
]);
// Totals and the previous period are context for the other series: grey.
const NEUTRAL_NAMES = new Set(['other', 'others', 'unknown', 'deploy', 'deploys', 'total', 'all', 'all apps', 'previous', 'previous period']);

/** FNV-1a: small, stable across runs and platforms. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Assigns colours to names for one report: stable per name, distinct within one chart where the palette allows. */
export class ColorScale {
  private readonly fixed = new Map<string, string>();
  private readonly appIndex = new Map<string, number>();
  private readonly appCount: number;

  constructor(
    private readonly theme: Theme,
    apps: AppRef[] = [],
  ) {
    for (const [name, colour] of Object.entries(theme.seriesColors)) this.fixed.set(name.toLowerCase(), colour);
    apps.forEach((app, i) => {
      this.appIndex.set(app.id.toLowerCase(), i);
      this.appIndex.set(app.name.toLowerCase(), i);
    });
    this.appCount = apps.length;
  }

  /** The colour a name has on its own (charts may shift hashed names to avoid a clash). */
  colorFor(name: string): string {
    return this.semantic(name) ?? this.palette(this.preferredIndex(name));
  }

  /** Whether a name has a colour of its own (fixed, good/bad, or an app), rather than a hashed one. */
  isKnown(name: string): boolean {
    return this.semantic(name) !== null || this.appIndex.has(name.trim().toLowerCase());
  }

  /** Colours for the names shown together in one chart, in the order given. */
  assign(names: string[]): string[] {
    const used = new Set<number>();
    const result = new Array<string>(names.length);
    const hashed: number[] = [];
    names.forEach((name, i) => {
      const semantic = this.semantic(name);
      if (semantic) {
        result[i] = semantic;
        return;
      }
      const app = this.appIndex.get(name.trim().toLowerCase());
      if (app === undefined) {
        hashed.push(i);
        return;
      }
      used.add(app % this.theme.palette.length);
      result[i] = this.palette(app);
    });
    // Hashed names probe forward past colours already taken in this chart.
    for (const i of hashed) {
      const size = this.theme.palette.length;
      let index = this.preferredIndex(names[i] ?? '') % size;
      for (let step = 0; step < size && used.has(index); step++) index = (index + 1) % size;
      used.add(index);
      result[i] = this.palette(index);
    }
    return result;
  }

  private semantic(name: string): string | null {
    const key = name.trim().toLowerCase();
    const fixed = this.fixed.get(key);
    if (fixed) return fixed;
    if (GOOD_NAMES.has(key)) return this.theme.good;
    if (BAD_NAMES.has(key)) return this.theme.bad;
    if (NEUTRAL_NAMES.has(key)) return this.theme.neutral;
    return null;
  }

  private preferredIndex(name: string): number {
    const key = name.trim().toLowerCase();
    const app = this.appIndex.get(key);
    if (app !== undefined) return app;
    // Other names hash into the colours the apps left free, so they never look like an app.
    const free = this.theme.palette.length - this.appCount;
    return free > 0 ? this.appCount + (hash(key) % free) : hash(key);
  }

  private palette(index: number): string {
    const palette = this.theme.palette;
    return palette[index % palette.length] ?? this.theme.neutral;
  }
}
