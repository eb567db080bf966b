/** Loki's default limits (config_defaults.yaml of 3.4.6) that a client meets, all overridable. */

/** Limits the fake enforces; every default is Loki 3.4.6's. */
export interface LokiLimits {
  /** `max_entries_limit_per_query`: the largest `limit` of a log query. */
  maxEntriesLimitPerQuery: number;
  /** `max_query_series`: series of a metric query result (and of inner aggregations, see README). */
  maxQuerySeries: number;
  /** `max_query_length` in Prometheus duration syntax (`30d1h`, `3d`). */
  maxQueryLength: string;
  /** Points per series of a range query ((end - start) / step must not exceed it). */
  maxPointsPerSeries: number;
  /** gRPC message size between querier and frontend; a larger answer is a 500. */
  maxResponseBytes: number;
  /** `split_queries_by_interval`, which decides sub-queries, step alignment checks and stream order. */
  splitQueriesByInterval: string;
  /** `query_timeout`: a query that takes longer is answered 504 (see README, Timeouts). */
  queryTimeout: string;
  /** `server.http_server_write_timeout`: an answer not written by then is never sent; the connection is closed. */
  httpServerWriteTimeout: string;
}

/** The defaults of a single-binary Loki 3.4.6. */
export const DEFAULT_LIMITS: LokiLimits = {
  maxEntriesLimitPerQuery: 5000,
  maxQuerySeries: 500,
  maxQueryLength: '30d1h',
  maxPointsPerSeries: 11000,
  maxResponseBytes: 4 * 1024 * 1024,
  splitQueriesByInterval: '1h',
  queryTimeout: '1m',
  httpServerWriteTimeout: '30s',
};
