/**
 * The HTTP routes of the app. Every answer except /metrics is counted in http_requests_total and
 * timed, labelled with the route pattern (not the raw path, which would explode cardinality).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventLog } from './events.js';
import { FEATURES, FeatureError, isFeature, runFeature, type DiceState } from './features.js';
import { ClientError, cookie, readBody, sendJson, sendText } from './http-util.js';
import { timeRequest, type AppMetrics } from './metrics.js';
import { page } from './page.js';
import type { Session, Sessions } from './sessions.js';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'dice_session';

/** What the routes work with. */
export interface AppContext {
  log: EventLog;
  metrics: AppMetrics;
  sessions: Sessions;
  state: DiceState;
  /** POST /admin/crash exits the process without app_stop (ALLOW_CRASH=1; for tests). */
  allowCrash: boolean;
}

type Handler = (ctx: AppContext, req: IncomingMessage, res: ServerResponse, param: string) => Promise<void> | void;

const USER = /^[A-Za-z0-9._@-]{1,64}$/;

function requireSession(ctx: AppContext, req: IncomingMessage): Session {
  const session = ctx.sessions.touch(cookie(req, SESSION_COOKIE));
  if (!session) throw new ClientError(401, 'log in first: POST /api/login {"user": "..."}');
  return session;
}

const login: Handler = async (ctx, req, res) => {
  const { user } = await readBody(req);
  if (typeof user !== 'string' || !USER.test(user)) throw new ClientError(400, 'user must be 1-64 letters, digits or ._@-');
  const session = ctx.sessions.open(user);
  ctx.log.emit({ event: 'session_start', level: 'info', user, session: session.id, msg: 'session started' });
  ctx.log.emit({ event: 'login', level: 'info', user, session: session.id, msg: 'user logged in' });
  sendJson(res, 200, { user, session: session.id }, { 'set-cookie': `${SESSION_COOKIE}=${session.id}; Path=/; HttpOnly; SameSite=Lax` });
};

const logout: Handler = (ctx, req, res) => {
  const session = requireSession(ctx, req);
  const durationMs = ctx.sessions.close(session);
  ctx.log.emit({ event: 'logout', level: 'info', user: session.user, session: session.id, msg: 'user logged out' });
  ctx.log.emit({ event: 'session_end', level: 'info', user: session.user, session: session.id, duration_ms: durationMs, msg: 'session ended' });
  sendJson(res, 200, { ok: true }, { 'set-cookie': `${SESSION_COOKIE}=; Path=/; Max-Age=0` });
};

const feature: Handler = async (ctx, req, res, name) => {
  const session = requireSession(ctx, req);
  if (!isFeature(name)) throw new ClientError(404, `no feature ${name}; features: ${FEATURES.join(', ')}`);
  const params = await readBody(req);
  try {
    const result = runFeature(ctx.state, name, session.user, params);
    ctx.log.emit({ event: 'feature_used', level: 'info', user: session.user, session: session.id, feature: name, msg: `used ${name}` });
    sendJson(res, 200, { feature: name, result });
  } catch (error) {
    if (!(error instanceof FeatureError)) throw error;
    ctx.log.emit({ event: 'error', level: 'error', user: session.user, session: session.id, feature: name, msg: error.message });
    sendJson(res, 500, { error: error.message });
  }
};

const home: Handler = (ctx, req, res) => {
  const session = ctx.sessions.touch(cookie(req, SESSION_COOKIE));
  if (session) ctx.log.emit({ event: 'page_view', level: 'info', user: session.user, session: session.id, msg: 'GET /' });
  sendText(res, 200, 'text/html; charset=utf-8', page(session?.user));
};

const crash: Handler = (ctx) => {
  if (!ctx.allowCrash) throw new ClientError(404, 'not found');
  ctx.log.note({ event: 'error', level: 'error', msg: 'crash requested: exiting without a graceful shutdown' });
  process.exit(70);
};

/** Method + path pattern -> handler; `:name` is the one parameter. */
const ROUTES: { method: string; route: string; handler: Handler }[] = [
  { method: 'GET', route: '/', handler: home },
  { method: 'GET', route: '/healthz', handler: (_ctx, _req, res) => sendJson(res, 200, { status: 'ok' }) },
  { method: 'GET', route: '/api/features', handler: (_ctx, _req, res) => sendJson(res, 200, { features: FEATURES }) },
  { method: 'POST', route: '/api/login', handler: login },
  { method: 'POST', route: '/api/logout', handler: logout },
  { method: 'POST', route: '/api/features/:name', handler: feature },
  { method: 'POST', route: '/admin/crash', handler: crash },
];

function match(method: string, path: string): { route: string; handler: Handler | undefined; param: string } {
  for (const r of ROUTES) {
    const prefix = r.route.endsWith('/:name') ? r.route.slice(0, -':name'.length) : undefined;
    if (prefix !== undefined && path.startsWith(prefix) && path.length > prefix.length && !path.slice(prefix.length).includes('/')) {
      return { route: r.route, handler: r.method === method ? r.handler : undefined, param: decodeURIComponent(path.slice(prefix.length)) };
    }
    if (r.route === path) return { route: r.route, handler: r.method === method ? r.handler : undefined, param: '' };
  }
  return { route: 'unmatched', handler: undefined, param: '' };
}

/** The request listener of the app's HTTP server. */
export function createHandler(ctx: AppContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    if (path === '/metrics' && method === 'GET') {
      void ctx.metrics.registry.metrics().then((text) => sendText(res, 200, ctx.metrics.registry.contentType, text));
      return;
    }
    const { route, handler, param } = match(method, path);
    const done = timeRequest(ctx.metrics, method, route);
    res.once('finish', () => done(res.statusCode));
    Promise.resolve()
      .then(() => (handler ? handler(ctx, req, res, param) : Promise.reject(new ClientError(route === 'unmatched' ? 404 : 405, 'not found'))))
      .catch((error: unknown) => {
        if (error instanceof ClientError) return sendJson(res, error.status, { error: error.message });
        ctx.log.emit({ event: 'error', level: 'error', msg: `${method} ${route} failed: ${String(error)}` });
        sendJson(res, 500, { error: 'internal error' });
      });
  };
}
