/** Labels for fixed duration bounds (histogram edges), not for measured figures: those are the renderers' job. */

const UNITS: readonly { ms: number; name: string }[] = [
  { ms: 3_600_000, name: 'h' },
  { ms: 60_000, name: 'min' },
  { ms: 1_000, name: 's' },
];

/** A bound in the largest unit that divides it exactly: 7200000 -> "2 h", 90000 -> "90 s", 1500 -> "1500 ms". */
export function formatBound(ms: number): string {
  for (const unit of UNITS) {
    if (ms > 0 && ms % unit.ms === 0) return `${ms / unit.ms} ${unit.name}`;
  }
  return `${ms} ms`;
}
