/** Pure helpers about an HttpRequest: its query string, its cache key and a safe description. */
import { redactQueryString } from './redact.js';
import type { HttpRequest } from './types.js';

type Params = Record<string, string | number | undefined>;

/** Longest request description put into an error message. */
const MAX_DESCRIPTION = 1000;

function entries(params: Params | undefined): [string, string][] {
  if (!params) return [];
  return Object.entries(params).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)] satisfies [string, string]]));
}

/** URL-encoded `a=1&b=2` from params, skipping undefined values. */
export function encodeParams(params: Params | undefined): string {
  return new URLSearchParams(entries(params)).toString();
}

function sorted(params: Params | undefined): [string, string][] {
  return entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Identity of a request for the in-run cache: method, path, params, body and extra headers; order-insensitive. */
export function requestKey(req: HttpRequest): string {
  const headers = Object.entries(req.headers ?? {})
    .map(([k, v]): [string, string] => [k.toLowerCase(), v])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([req.method ?? 'GET', req.path, sorted(req.query), sorted(req.form), req.json ?? null, headers]);
}

/**
 * `METHOD /path?params` for errors and logs: form parameters are shown like query parameters
 * (they carry the PromQL of POST queries), secret-looking values are masked, long text is cut.
 */
export function describeRequest(req: HttpRequest): string {
  const params = encodeParams({ ...req.query, ...req.form });
  const decoded = params === '' ? '' : `?${decodeURIComponent(redactQueryString(params).replace(/\+/g, ' '))}`;
  const text = `${req.method ?? 'GET'} ${req.path}${decoded}`;
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION)}...` : text;
}
