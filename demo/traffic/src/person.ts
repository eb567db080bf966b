/**
 * One simulated person: visits start in a home app, each visit is a session (log in, look, use
 * features, mostly log out), then the person moves on to another app or leaves for a while.
 */
import { FEATURE_WEIGHTS, HOME_WEIGHTS, nextApp, pick, rankWeights } from './behaviour.js';
import type { AppClient } from './client.js';

/** What a person works with. */
export interface PersonContext {
  user: string;
  clients: Map<string, AppClient>;
  /** Feature weights of apps whose features are not in FEATURE_WEIGHTS. */
  listed: Map<string, string[]>;
  random: () => number;
  /** Stop starting requests at this time (epoch ms). */
  deadline: number;
  /** Scales every pause: 1 = seconds between clicks, 0.05 = a fast test run. */
  pace: number;
  sessions: Record<string, number>;
  transitions: Record<string, number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function pause(ctx: PersonContext, meanMs: number): Promise<unknown> {
  const ms = -Math.log(1 - ctx.random()) * meanMs * ctx.pace;
  return sleep(Math.min(ms, Math.max(0, ctx.deadline - Date.now())));
}

const open = (ctx: PersonContext) => Date.now() < ctx.deadline;

/** One session in `app`: true when it got as far as logging in. */
async function visit(ctx: PersonContext, app: string): Promise<boolean> {
  const client = ctx.clients.get(app)!;
  if ((await client.request('POST', '/api/login', { user: ctx.user })) !== 200) return false;
  ctx.sessions[app] = (ctx.sessions[app] ?? 0) + 1;
  if (open(ctx)) await client.request('GET', '/');
  const weights = FEATURE_WEIGHTS[app] ?? rankWeights(ctx.listed.get(app) ?? []);
  const actions = 1 + Math.floor(-Math.log(1 - ctx.random()) * 5);
  for (let i = 0; i < actions && open(ctx); i++) {
    await pause(ctx, 2_000);
    const feature = pick(ctx.random, weights);
    if (feature === undefined || !open(ctx)) break;
    await client.request('POST', `/api/features/${feature}`, feature === 'custom_dice' ? { sides: 20, count: 3 } : {});
  }
  // Most people log out; the others just leave and their session times out.
  if (ctx.random() < 0.85 && open(ctx)) await client.request('POST', '/api/logout');
  client.forget();
  return true;
}

/** Plays the person until the deadline. */
export async function play(ctx: PersonContext, apps: readonly string[]): Promise<void> {
  // Some people only join later in the run, so adoption grows.
  if (ctx.random() < 0.25) await pause(ctx, 20_000);
  const home: Record<string, number> = Object.fromEntries(apps.map((a, i) => [a, HOME_WEIGHTS[i] ?? 1]));
  while (open(ctx)) {
    let app: string | undefined = pick(ctx.random, home);
    while (app !== undefined && open(ctx)) {
      if (!(await visit(ctx, app))) await pause(ctx, 5_000);
      const next = nextApp(ctx.random, app, apps);
      if (next !== undefined) ctx.transitions[`${app} -> ${next}`] = (ctx.transitions[`${app} -> ${next}`] ?? 0) + 1;
      app = next;
      await pause(ctx, 3_000);
    }
    await pause(ctx, 30_000);
  }
}
