/** Evaluation errors with the exact texts Loki answers (HTTP 400, text/plain). */

/** A line carried `__error__` into a metric query. */
export class PipelineError extends Error {
  constructor(series: string, errorType: string) {
    super(
      `pipeline error: '${errorType}' for series: '${series}'.\n` +
        `Use a label filter to intentionally skip this error. (e.g | __error__!="${errorType}").\n` +
        'To skip all potential errors you can match empty errors.(e.g __error__="")\n' +
        'The label filter can also be specified after unwrap. (e.g | unwrap latency | __error__="" )\n',
    );
  }
}

/** More series than max_query_series. */
export class SeriesLimitError extends Error {
  constructor(limit: number) {
    super(`maximum of series (${limit}) reached for a single query`);
  }
}

/** Any other evaluation failure Loki reports as a 400 with this text. */
export class QueryError extends Error {}
