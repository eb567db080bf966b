/** One HTTP exchange through axios, reduced to a response or a classified connection failure. */
import type { AxiosInstance } from 'axios';
import { classifyNetworkError, type NetworkFailure } from './network.js';
import { encodeParams } from './request.js';
import type { HttpRequest, HttpResponse } from './types.js';

/** The result of one attempt: any HTTP answer, or no answer at all. */
export type Outcome = { response: HttpResponse; failure?: undefined } | { response?: undefined; failure: NetworkFailure };

function bodyOf(req: HttpRequest): { data?: string; contentType?: string } {
  if (req.form) return { data: encodeParams(req.form), contentType: 'application/x-www-form-urlencoded' };
  if (req.json !== undefined) return { data: JSON.stringify(req.json), contentType: 'application/json' };
  return {};
}

/** Sends `req` to `url` once; never throws. `timeoutMs` bounds the whole exchange, body included. */
export async function attemptOnce(
  client: AxiosInstance,
  url: string,
  req: HttpRequest,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<Outcome> {
  const controller = new AbortController();
  let timedOut = false;
  // Unlike axios' `timeout`, this also trips on a body that trickles in slowly.
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const { data, contentType } = bodyOf(req);
  const started = Date.now();
  try {
    const res = await client.request<ArrayBuffer>({
      url,
      method: req.method ?? (data === undefined ? 'GET' : 'POST'),
      headers: { ...headers, ...(contentType ? { 'Content-Type': contentType } : {}), ...req.headers },
      data,
      responseType: 'arraybuffer',
      transformResponse: (raw: unknown) => raw,
      validateStatus: () => true,
      signal: controller.signal,
    });
    const buffer = Buffer.from(res.data);
    const responseHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers)) {
      if (value !== undefined && value !== null) responseHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    return { response: { status: res.status, headers: responseHeaders, body: buffer.toString('utf8'), bytes: buffer.byteLength } };
  } catch (error) {
    return { failure: { ...classifyNetworkError(error, timedOut), afterMs: Date.now() - started } };
  } finally {
    clearTimeout(timer);
  }
}
