/**
 * Traffic generator: many people logging in and moving between the demo apps, bounded by
 * --duration and --users. Prints one JSON summary on stdout at the end: the answers each app
 * gave by status code, sessions per app and transitions between apps.
 *
 *   node --import tsx demo/traffic/src/main.ts --app dice=http://localhost:8081 \
 *     --app forecast=http://localhost:8082 --users 30 --duration 600 [--seed 1] [--pace 1]
 */
import { parseArgs } from 'node:util';
import { FEATURE_WEIGHTS, rng } from './behaviour.js';
import { AppClient, type Tally } from './client.js';
import { play, type PersonContext } from './person.js';

const { values } = parseArgs({
  options: {
    app: { type: 'string', multiple: true, default: [] },
    users: { type: 'string', default: '20' },
    duration: { type: 'string', default: '60' },
    seed: { type: 'string', default: '1' },
    pace: { type: 'string', default: '1' },
    'timeout-ms': { type: 'string', default: '5000' },
  },
});

function positive(name: string, text: string, max: number): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > max) {
    console.error(`--${name} must be a number in (0, ${max}], got ${text}`);
    process.exit(2);
  }
  return n;
}

const apps = values.app.map((spec) => {
  const [name, url] = spec.split(/=(.*)/s);
  if (!name || !url) {
    console.error(`--app must be name=url, got ${spec}`);
    process.exit(2);
  }
  return { name, url: url.replace(/\/$/, '') };
});
if (apps.length === 0) {
  console.error('give at least one --app name=url');
  process.exit(2);
}
const users = positive('users', values.users, 10_000);
const durationMs = positive('duration', values.duration, 7 * 86_400) * 1000;
const pace = positive('pace', values.pace, 100);
const timeoutMs = positive('timeout-ms', values['timeout-ms'], 60_000);
const seed = Number(values.seed) || 1;

/** Features of apps this generator does not know, as the apps list them. */
async function listedFeatures(): Promise<Map<string, string[]>> {
  const listed = new Map<string, string[]>();
  for (const { name, url } of apps.filter((a) => !FEATURE_WEIGHTS[a.name])) {
    const res = await fetch(`${url}/api/features`, { signal: AbortSignal.timeout(timeoutMs) }).catch(() => undefined);
    const body = (await res?.json().catch(() => undefined)) as { features?: string[] } | undefined;
    listed.set(name, body?.features ?? []);
  }
  return listed;
}

const tally: Tally = {};
const sessions: Record<string, number> = {};
const transitions: Record<string, number> = {};
const listed = await listedFeatures();
const deadline = Date.now() + durationMs;
const people = Array.from({ length: users }, (_, i): PersonContext => {
  const clients = new Map(apps.map((a) => [a.name, new AppClient(a.name, a.url, tally, timeoutMs)]));
  const user = `user-${String(i + 1).padStart(4, '0')}`;
  return { user, clients, listed, random: rng(seed * 100_003 + i), deadline, pace, sessions, transitions };
});
await Promise.all(people.map((p) => play(p, apps.map((a) => a.name))));
console.log(JSON.stringify({ users, durationMs, requests: tally, sessions, transitions }));
