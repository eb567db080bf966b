/** The definitions behind every figure, written once and printed in each report's appendix. */
import { cutSessionMargin } from '../analytics/cut-sessions.js';
import { formatValue } from '../model/format.js';
import type { Definition, ReportKind } from '../model/report.js';

interface Entry extends Definition {
  kinds: readonly ReportKind[];
}

const ALL: readonly ReportKind[] = ['usage', 'adoption', 'health', 'journeys', 'user'];

const ENTRIES = (historyDays: number, journeyGapMinutes: number): Entry[] => [
  { term: 'Event', text: 'One log line (or Kafka message) of an app that carries a user id.', kinds: ['usage', 'adoption', 'user'] },
  { term: 'Active user', text: 'A user with at least one event in the period.', kinds: ['usage', 'adoption', 'user'] },
  { term: 'DAU / WAU / MAU', text: 'Distinct users with at least one event in the day / the 7 days / the 30 days ending with that day. Days are local days in the report\'s time zone. In a period to date (this-week, this-month), today is only partly over: the daily charts and tables show it with its events so far.', kinds: ['usage', 'adoption'] },
  { term: 'Daily active users', text: 'The mean of DAU over the period\'s whole days. A day only partly over (today, in a period to date) is shown day by day but left out of the mean, as is the partly over last day of the previous period it is compared with. A period with no whole day yet (a period to date that began today) shows today\'s DAU so far instead, compared with the same hours of the previous period\'s first day.', kinds: ['usage', 'adoption'] },
  { term: 'Stickiness', text: 'The mean of DAU / MAU over the period\'s whole days whose MAU is above zero: how many of the month\'s users come on a given day. Partial days are treated as for daily active users: today, in a period to date, is left out of the mean; a period with no whole day yet shows today\'s DAU so far / MAU.', kinds: ['usage', 'adoption'] },
  { term: 'New user', text: `A user whose first event falls in the period, looking back ${historyDays} days before it; every other active user is returning.`, kinds: ['usage', 'adoption'] },
  { term: 'Lifecycle', text: `Weeks are the 7-day stretches ending with the period's end (with now, for a period to date). Per week: new (first event in that week, looking back to ${historyDays} days before the week preceding the first week shown), returning (also active the week before), resurrecting (active now, not the week before, seen earlier), dormant (active the week before, not now).`, kinds: ['adoption'] },
  { term: 'Retention cohort', text: 'The new users of a week, and how many of them were active in each following week. Weeks after the period\'s end have no figure yet (n/a).', kinds: ['adoption'] },
  { term: 'Session', text: 'Events sharing a session id, from its session_start to its session_end event; its length is the duration_ms of session_end. Sessions are counted by their session_start in the period, lengths are those of the sessions whose session_end is in it: the two differ by the sessions that span the period\'s start or end.', kinds: ['usage', 'journeys', 'user'] },
  { term: 'Sessions per user', text: 'Sessions started in the period divided by the users who started at least one (users active without starting a session in the period are not counted).', kinds: ['usage'] },
  { term: 'Median / longest 10% of sessions', text: 'The 50th and 90th percentiles of session length, with linear interpolation between ranks (as LogQL quantile_over_time).', kinds: ['usage'] },
  { term: 'Feature use', text: 'An event feature_used with a feature name; features listed in the config but never used are named.', kinds: ['usage', 'user'] },
  { term: 'Journey', text: `A user's sessions whose consecutive starts are at most ${journeyGapMinutes} minutes apart; consecutive sessions in the same app count as one visit, and a step is a move from one app to the next.`, kinds: ['journeys', 'user'] },
  { term: 'Transition A → B', text: `A user's next session, within ${journeyGapMinutes} minutes, is in app B after app A. Staying in the same app is not a transition.`, kinds: ['journeys', 'user'] },
  { term: '2-step and 3-step paths', text: 'Two or three steps in a row of one journey, through three or four apps (A → B → C, A → B → C → D).', kinds: ['journeys'] },
  { term: 'Drop-off', text: 'A visit to an app after which the user started no session within the gap: where journeys end. Journeys are cut at the period\'s end, so a visit in its last minutes counts as an end even if a session follows just after the period.', kinds: ['journeys'] },
  { term: 'Uptime', text: 'The share of the period\'s scrapes with up == 1 (avg_over_time of up over the period, which Prometheus takes as the scrapes after its first instant up to and including its last).', kinds: ['health'] },
  { term: 'Incident', text: 'A stretch of time in which no instance of the app was up, at the resolution of the query step.', kinds: ['health'] },
  { term: 'MTTR / MTBF', text: 'Mean duration of incidents / mean up time between incidents (period minus downtime, divided by incidents); neither is defined for a period without incidents (shown as n/a, "no incidents").', kinds: ['health'] },
  { term: 'Start, restart, crash', text: `A start is a new process_start_time_seconds (without metrics of it, an app_start event); a restart is any start after the first in the period; a crash is a start, the period's first included, whose instance's last app_start or app_stop event before it (looking back up to ${historyDays} days before the period) is not a graceful app_stop. A start with no earlier event of its instance is not counted as a crash.`, kinds: ['health'] },
  { term: 'Requests', text: 'The increase of http_requests_total over the period, rounded to whole requests: Prometheus counts from the first to the last sample in the period and stretches that to its edges; the range is 1 ms longer than the period so that a scrape on its first instant counts on Prometheus 2 and 3 alike.', kinds: ['health'] },
  { term: 'Error ratio', text: 'Requests answered with a 5xx status divided by all requests (increase of http_requests_total).', kinds: ['health'] },
  { term: 'p95 latency', text: 'The 95th percentile of request duration from the latency histogram (histogram_quantile).', kinds: ['health'] },
  { term: 'Alert', text: 'A Prometheus alert in state firing; its duration is the time it fired within the period.', kinds: ['health'] },
  { term: 'Change', text: 'Each figure is compared with the period just before this one, of the same kind: the week before for a week, the month before for a month (months differ by days, and by an hour across a daylight-saving change), as many days before for days or a range of dates. A period to date (this-week, this-month) is compared with the same stretch of the period before.', kinds: ALL },
  { term: 'Unavailable', text: 'A figure the datasource could not give is shown as n/a with the reason in this appendix, never as zero.', kinds: ALL },
];

/** Sessions of apps that log no session_start/session_end (apps[].sessionsFrom: events). */
function cutSessionsEntry(apps: readonly string[], timeoutMinutes: number): Entry {
  const names = apps.length === 1 ? apps[0]! : `${apps.slice(0, -1).join(', ')} and ${apps[apps.length - 1]!}`;
  const [log, its] = apps.length === 1 ? ['logs', 'its'] : ['log', 'their'];
  const margin = formatValue(cutSessionMargin(timeoutMinutes * 60_000), 'duration_ms');
  const timeout = `${timeoutMinutes} minute${timeoutMinutes === 1 ? '' : 's'}`;
  return {
    term: 'Session cut from events',
    text: `${names} ${log} no session_start or session_end: ${its} sessions are cut from ${its} events. A user's events sharing a session id are one session; a user's events without one are one session until more than ${timeout} pass without an event. A session lasts from its first event to its last (a single event: 0 s); it is counted by its first event, and its length by its last once ${timeout} ${timeoutMinutes === 1 ? 'has' : 'have'} passed without another. Events are read from ${margin} before the period to ${margin} after it (or to now): a session running across its start or end is measured within those.`,
    kinds: ['usage', 'journeys', 'user'],
  };
}

/** The definitions a report kind uses; `cutSessionApps` names the apps whose sessions are cut from events. */
export function definitionsFor(
  kind: ReportKind,
  options: { historyDays: number; journeyGapMinutes: number; sessionTimeoutMinutes: number },
  cutSessionApps: readonly string[] = [],
): Definition[] {
  const entries = ENTRIES(options.historyDays, options.journeyGapMinutes);
  if (cutSessionApps.length > 0) {
    const at = entries.findIndex((e) => e.term === 'Session');
    const logged = entries[at]!;
    entries.splice(at, 1, { ...logged, text: `For apps that log session_start and session_end: ${logged.text.charAt(0).toLowerCase()}${logged.text.slice(1)}` }, cutSessionsEntry(cutSessionApps, options.sessionTimeoutMinutes));
  }
  return entries.filter((e) => e.kinds.includes(kind)).map(({ term, text }) => ({ term, text }));
}
