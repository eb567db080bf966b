/**
 * The UTC offset of a time zone at an instant, cached: Intl lookups (what @date-fns/tz does) cost
 * microseconds each, and a report formats thousands of instants (every table row, every cell of
 * a spreadsheet). Offsets change on whole quarter hours of UTC at most (IANA zones since 1970),
 * so one lookup per zone and quarter hour serves every instant in it.
 */
import { tzOffset } from '@date-fns/tz';

const QUARTER_HOUR_MS = 900_000;
const offsets = new Map<string, number>();

/** UTC offset of `tz` at `ms`, in ms (positive east of Greenwich). */
export function utcOffsetMs(ms: number, tz: string): number {
  const key = `${tz} ${Math.floor(ms / QUARTER_HOUR_MS)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size > 100_000) offsets.clear();
    offset = tzOffset(tz, new Date(ms)) * 60_000;
    offsets.set(key, offset);
  }
  return offset;
}
