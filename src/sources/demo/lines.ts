/** The JSON text of simulated log lines, as the apps would write them (design.md, Data conventions). */
import type { DemoApp, DemoOrg } from './org.js';
import { EVENT, EVENT_NAMES, LEVEL_NAMES } from './events.js';
import type { SessionEvents } from './events.js';
import { mix32 } from './rng.js';
import type { Process } from './ops.js';

/** The unique, random-looking id of session `s` (mix32 is a bijection, so ids never collide). */
export function sessionId(org: DemoOrg, s: number): string {
  return `s-${mix32((s ^ org.seed) >>> 0).toString(16).padStart(8, '0')}`;
}

/** The scrape target and log `instance` of an app. */
export function instanceOf(app: DemoApp): string {
  return `${app.spec.id}:8080`;
}

/** The line of event `i` of session `s`, whose events are in `buf`. */
export function sessionLine(org: DemoOrg, s: number, buf: SessionEvents, i: number): string {
  const app = org.apps[org.sessions.app[s]!]!;
  const profile = app.profile;
  const kind = buf.kind[i]!;
  const detail = buf.detail[i]!;
  const value = buf.value[i]!;
  let feature: string | undefined;
  let msg: string;
  switch (kind) {
    case EVENT.sessionStart:
      msg = 'session started';
      break;
    case EVENT.login:
      msg = 'user logged in';
      break;
    case EVENT.pageView:
      msg = buf.level[i] === 1 ? `slow response for ${profile.pages[detail]}` : `GET ${profile.pages[detail]}`;
      break;
    case EVENT.featureUsed:
      feature = profile.spec.features[detail];
      msg = `used ${feature}`;
      break;
    case EVENT.error:
      msg = profile.errors[detail] ?? 'error';
      break;
    case EVENT.logout:
      msg = 'user logged out';
      break;
    default:
      msg = 'session ended';
  }
  return JSON.stringify({
    ts: new Date(buf.ts[i]!).toISOString(),
    level: LEVEL_NAMES[buf.level[i]!],
    event: EVENT_NAMES[kind],
    user: org.users.ids[org.sessions.user[s]!],
    session: sessionId(org, s),
    feature,
    duration_ms: value >= 0 ? value : undefined,
    msg,
  });
}

/** The app_start or app_stop line of a process. */
export function lifecycleLine(app: DemoApp, process: Process, kind: 'start' | 'stop', afterCrash: boolean): string {
  const name = `${app.spec.name} v${process.version}`;
  const ts = kind === 'start' ? process.start : process.end;
  const msg = kind === 'stop' ? `${name} stopping for a deploy` : afterCrash ? `${name} started after an unclean shutdown` : `${name} started`;
  return JSON.stringify({
    ts: new Date(ts).toISOString(),
    level: afterCrash ? 'warn' : 'info',
    event: kind === 'start' ? 'app_start' : 'app_stop',
    instance: instanceOf(app),
    msg,
  });
}
