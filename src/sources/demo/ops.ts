/**
 * The operations timeline of one app: its processes (deploys stop them gracefully, crashes
 * do not), incidents, periods of errors and slowness, and the alerts they fire. A few dozen
 * intervals per app; every metric sample and lifecycle line is derived from them.
 */
import type { Interval } from '../types.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../time/window.js';
import type { TzCalendar } from '../../time/window.js';
import { hash, SALT, Stream } from './rng.js';
import { alertsFor } from './alerts.js';
import type { ModelAlert } from './alerts.js';

/** One process of an app: alive in [start, end); `end` is Infinity for the running one. */
export interface Process {
  start: number;
  end: number;
  ended: 'stop' | 'crash' | 'open';
  version: string;
}

/** Everything that happens to one app's servers over the history. */
export interface OpsTimeline {
  processes: Process[];
  /** Process starts that followed a graceful stop, with the version deployed. */
  deploys: { ts: number; version: string }[];
  outage: Interval | null;
  /** Starts of the short-lived processes of a crash loop (empty for most apps). */
  crashLoopStarts: number[];
  /** Periods with many errors (including the spike before the outage). */
  errorEpisodes: Interval[];
  /** Periods of slow responses. */
  latencyEpisodes: Interval[];
  alerts: ModelAlert[];
}

type Disruption = { at: number; kind: 'deploy' | 'crash' | 'loop' | 'outage' };

/** Whole seconds, as process start times are exported in seconds. */
const toSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;

/** A local time between 09:30 and 16:00 on the Berlin day at `dayStart`. */
function officeTime(dayStart: number, rng: Stream): number {
  return toSecond(dayStart + 9.5 * HOUR_MS + rng.next() * 6.5 * HOUR_MS);
}

function bumpVersion(version: string, rng: Stream): string {
  const [major = 1, minor = 0, patch = 0] = version.split('.').map(Number);
  return rng.next() < 0.2 ? `${major}.${minor}.${patch + 1}` : `${major}.${minor + 1}.0`;
}

/** Builds the timeline of app `appIndex` for data in [start, end) with the given outage. */
export function buildOps(
  seed: number,
  appIndex: number,
  range: Interval,
  berlin: TzCalendar,
  outage: Interval | null,
  crashLoop: boolean,
): OpsTimeline {
  const rng = new Stream(hash(seed, SALT.ops, appIndex));
  const deployWeekday = rng.int(1, 3);
  const candidates: Disruption[] = [];
  const errorEpisodes: Interval[] = [];
  const latencyEpisodes: Interval[] = [];
  const earliest = range.start - 10 * DAY_MS;
  const days = berlin.days.filter((d) => d >= earliest && d < range.end - DAY_MS / 4);
  for (const day of days) {
    const weekday = berlin.weekday(day + 12 * HOUR_MS);
    const workday = weekday < 5;
    if ((weekday === deployWeekday && rng.next() < 0.85) || (workday && rng.next() < 0.05)) {
      candidates.push({ at: officeTime(day, rng), kind: 'deploy' });
    }
    if (rng.next() < 1 / 25) candidates.push({ at: toSecond(day + rng.next() * DAY_MS), kind: 'crash' });
    if (workday && rng.next() < 1 / 20) {
      const at = officeTime(day, rng);
      errorEpisodes.push({ start: at, end: at + toSecond(rng.int(20, 90) * MINUTE_MS) });
    }
    if (rng.next() < 1 / 12) {
      const at = officeTime(day, rng);
      latencyEpisodes.push({ start: at, end: at + toSecond(rng.int(15, 60) * MINUTE_MS) });
    }
  }
  if (crashLoop && days.length > 0) {
    const day = days[Math.floor(days.length * 0.4)] ?? days[0]!;
    candidates.push({ at: officeTime(day, rng), kind: 'loop' });
  }
  const clear = (t: number): boolean => !outage || t < outage.start - 3 * HOUR_MS || t > outage.end + 3 * HOUR_MS;
  const kept: Disruption[] = [];
  for (const d of candidates.filter((c) => clear(c.at) && c.at < range.end - 2 * HOUR_MS).sort((a, b) => a.at - b.at)) {
    const last = kept[kept.length - 1];
    if (!last || d.at - last.at >= 2 * HOUR_MS) kept.push(d);
  }
  if (outage) {
    kept.push({ at: outage.start, kind: 'outage' });
    kept.sort((a, b) => a.at - b.at);
    errorEpisodes.push({ start: outage.start - 40 * MINUTE_MS, end: outage.start });
  }
  const timeline = runProcesses(rng, earliest - rng.int(1, 4) * DAY_MS, kept, outage);
  const calm = (e: Interval): boolean => clear(e.start) && clear(e.end);
  timeline.errorEpisodes = errorEpisodes.filter((e) => calm(e) || e.end === outage?.start).sort((a, b) => a.start - b.start);
  timeline.latencyEpisodes = latencyEpisodes.filter(calm);
  timeline.alerts = alertsFor(timeline);
  return timeline;
}

/** Turns the disruptions into processes, deploys and crash-loop starts. */
function runProcesses(rng: Stream, firstStart: number, disruptions: Disruption[], outage: Interval | null): OpsTimeline {
  const out: OpsTimeline = {
    processes: [],
    deploys: [],
    outage,
    crashLoopStarts: [],
    errorEpisodes: [],
    latencyEpisodes: [],
    alerts: [],
  };
  let start = toSecond(firstStart);
  let version = `${rng.int(1, 2)}.${rng.int(3, 20)}.0`;
  const end = (at: number, ended: Process['ended']): void => {
    out.processes.push({ start, end: at, ended, version });
  };
  for (const d of disruptions) {
    // Every process lives for several scrapes, so Prometheus sees each start.
    if (d.at < start + 5 * MINUTE_MS) continue;
    if (d.kind === 'deploy') {
      end(d.at, 'stop');
      start = d.at + rng.int(15, 90) * 1000;
      version = bumpVersion(version, rng);
      out.deploys.push({ ts: start, version });
    } else if (d.kind === 'crash') {
      end(d.at, 'crash');
      start = d.at + rng.int(30, 300) * 1000;
    } else if (d.kind === 'loop') {
      end(d.at, 'crash');
      start = d.at + rng.int(20, 60) * 1000;
      for (let i = 0; i < 3; i++) {
        out.crashLoopStarts.push(start);
        const died = start + rng.int(150, 230) * 1000;
        end(died, 'crash');
        start = died + rng.int(20, 60) * 1000;
      }
      out.crashLoopStarts.push(start);
    } else {
      end(d.at, 'crash');
      start = outage?.end ?? d.at;
    }
  }
  out.processes.push({ start, end: Infinity, ended: 'open', version });
  return out;
}

/** The process alive at `t`, or undefined while the app is down. */
export function processAt(ops: OpsTimeline, t: number): Process | undefined {
  const list = ops.processes;
  let lo = 0;
  let hi = list.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (list[mid]!.start <= t) lo = mid;
    else hi = mid - 1;
  }
  const p = list[lo];
  return p && p.start <= t && t < p.end ? p : undefined;
}
