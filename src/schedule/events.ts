/**
 * What runs and the daemon report as they go: one event per step, written by the CLI as one
 * JSON line on stdout (so `kubectl logs` and log shippers can read them). Events never carry
 * secrets: no passwords, tokens or webhook URLs, only recipients' addresses and file paths.
 */

/** Steps of a run. */
export type RunEventName = 'started' | 'generated' | 'delivered' | 'failed' | 'skipped' | 'warning' | 'finished';
/** Steps of the daemon itself. */
export type DaemonEventName = 'scheduled' | 'retrying' | 'stopping' | 'stopped';

/** One event. */
export interface RunEvent {
  event: RunEventName | DaemonEventName;
  job?: string;
  runId?: string;
  /** Period slug(s) the run covers, e.g. `2026-W47`. */
  period?: string;
  /** The scheduled instant the run stands for (ISO, UTC). */
  slot?: string;
  report?: string;
  channel?: 'email' | 'webhook' | 'metrics';
  recipient?: string;
  files?: string[];
  status?: string;
  reason?: string;
  code?: string;
  hint?: string;
  /** For a delivery: tries made; for `retrying` and the daemon's `skipped`: runs made for the slot. */
  attempts?: number;
  durationMs?: number;
  /** For `scheduled`: the next fire time; for `retrying`: when the run is made again (ISO, UTC). */
  next?: string;
}

/** Receives events (the CLI prints them; tests collect them). */
export type EventSink = (event: RunEvent) => void;

/** How a run ended. */
export type RunStatus = 'ok' | 'partial' | 'error' | 'interrupted';

/** The summary of a run: what the exit code and the pushed metrics are made of. */
export interface RunOutcome {
  runId: string;
  job: string;
  slot: number;
  status: RunStatus;
  startedAt: number;
  finishedAt: number;
  /** Reports generated (complete or partial). */
  reportsWritten: number;
  reportsPartial: number;
  reportsFailed: number;
  filesWritten: number;
  delivered: number;
  /** Deliveries skipped because the ledger says they were done. */
  skipped: number;
  /** Deliveries that failed, or that another run holds the claim of (neither done by this run). */
  deliveryFailures: number;
  /** Deliveries of a partial report held back for the daemon's next run of the job (see RunDeps.holdPartial). */
  held: number;
}

/** Exit code of a run: 0 ok, 1 partial (a report partial or failed, a recipient failed), 2 error or interrupted. */
export function exitCodeOf(status: RunStatus): 0 | 1 | 2 {
  return status === 'ok' ? 0 : status === 'partial' ? 1 : 2;
}
