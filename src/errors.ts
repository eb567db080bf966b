/**
 * Typed errors. Every error the tool raises on purpose is an ObsReportError with a code;
 * the CLI maps codes to exit codes and prints `message` plus `hint` on one or two lines.
 * Anything else reaching the CLI is a bug and is printed with its stack.
 */

/** What went wrong, as a stable machine-readable code. */
export type ErrorCode =
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_INVALID'
  | 'USAGE'
  | 'UNKNOWN_APP'
  | 'BAD_PERIOD'
  | 'BAD_TIMEZONE'
  | 'DATASOURCE_UNREACHABLE'
  | 'DATASOURCE_AUTH'
  | 'DATASOURCE_LIMIT'
  | 'DATASOURCE_QUERY'
  | 'DATASOURCE_RESPONSE'
  /** The datasource answered, but has nothing a figure is counted from: the app does not log it, or there is no data for that time (before the demo's history). */
  | 'DATASOURCE_NO_DATA'
  | 'TEMPLATE'
  | 'RENDER'
  | 'BROWSER_MISSING'
  | 'OUTPUT'
  | 'DELIVERY';

export interface ObsReportErrorOptions {
  /** What the user can do about it, one sentence. */
  hint?: string;
  cause?: unknown;
}

export class ObsReportError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: ObsReportErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ObsReportError';
    this.code = code;
    this.hint = options.hint;
  }
}

/**
 * A delivery whose outcome is unknown: the mail or post was sent in full, then the connection
 * timed out or broke before the server answered. It may have arrived, so it is not sent again
 * in the same run (that would be a second copy). Always code DELIVERY.
 */
export class OutcomeUnknownError extends ObsReportError {}

/** One problem found while validating a config file, with the YAML path it concerns. */
export interface ConfigIssue {
  /** Dotted YAML path, e.g. `apps[2].loki.selector`. */
  path: string;
  message: string;
  /** What to write instead, when we can tell. */
  fix?: string;
}

export class ConfigError extends ObsReportError {
  readonly issues: ConfigIssue[];
  readonly file: string;

  constructor(file: string, issues: ConfigIssue[]) {
    const noun = issues.length === 1 ? 'problem' : 'problems';
    super('CONFIG_INVALID', `${file}: ${issues.length} ${noun} in the configuration`, {
      hint: 'Fix the entries listed above, then run `obs-report validate` again.',
    });
    this.name = 'ConfigError';
    this.issues = issues;
    this.file = file;
  }
}

/** A datasource call that failed in a way the report can describe (marks sections unavailable). */
export class DatasourceError extends ObsReportError {
  /** Datasource name from the config, e.g. `loki`. */
  readonly datasource: string;
  /** The query or path that failed, secrets removed. */
  readonly query: string | undefined;
  readonly status: number | undefined;

  constructor(
    code: Extract<ErrorCode, `DATASOURCE_${string}`>,
    datasource: string,
    message: string,
    options: ObsReportErrorOptions & { query?: string; status?: number } = {},
  ) {
    super(code, message, options);
    this.name = 'DatasourceError';
    this.datasource = datasource;
    this.query = options.query;
    this.status = options.status;
  }
}

/** Exit codes shared by every command: 0 ok, 1 partial or findings, 2 error. */
export const EXIT = { ok: 0, partial: 1, error: 2 } as const;

/** `text` ending with a full stop (or its own ! or ?): error messages have none, and reports put sentences after them. */
export function sentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
