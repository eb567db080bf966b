import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../errors.js';
import { parseConfig } from '../config/load.js';
import { findSchedule, planJob, scheduleSpec } from './plan.js';
import { previousFire } from './fire-times.js';

const CONFIG = `version: 1
timezone: UTC
apps:
  - { id: dice, name: Dice }
  - { id: wiki, name: Wiki }
reports:
  - { id: dice-usage, kind: usage, apps: [dice], period: last-30d, formats: [json] }
  - { id: adoption, kind: adoption, period: last-month, formats: [pdf] }
  - { id: health, kind: health, period: last-7d, formats: [html] }
stakeholders:
  - { name: Dana, email: dana@example.com, apps: [dice], reports: [usage], formats: [pdf, html] }
  - { name: Wes, email: wes@example.com, apps: [wiki], reports: [usage, health], formats: [pdf] }
  - { name: Eli, email: eli@example.com, reports: [adoption], formats: [html] }
schedules:
  - { id: weekly, preset: weekly, timezone: Europe/Berlin, reports: [dice-usage] }
  - { id: daily, preset: daily, at: "06:00", timezone: America/New_York, reports: [health] }
  - { id: monthly, preset: monthly, reports: [adoption] }
  - { id: month-end, preset: month-end, at: "18:00", reports: [adoption] }
  - { id: custom, cron: "0 9 * * 3", timezone: Europe/Berlin, reports: [dice-usage, health], stakeholders: [Dana, Eli] }
  - { id: fixed, cron: "0 9 * * 3", period: yesterday, reports: [health] }
  - { id: week-so-far, preset: daily, at: "23:30", timezone: America/New_York, period: this-week, reports: [health] }
`;

const { config } = parseConfig(CONFIG, 'plan.yaml', {});
const plan = (job: string, iso: string) => {
  const schedule = findSchedule(config, job);
  return planJob(config, schedule, previousFire(scheduleSpec(config, schedule), Date.parse(iso)));
};

describe('the period a scheduled run covers', () => {
  it('weekly: a Monday 07:00 run covers the last full week, Monday to Sunday, in the zone', () => {
    const p = plan('weekly', '2026-11-23T06:00:00Z');
    assert.equal(new Date(p.slot).toISOString(), '2026-11-23T06:00:00.000Z');
    const period = p.reports[0]!.period;
    assert.equal(period.slug, '2026-W47');
    assert.equal(period.from, Date.parse('2026-11-15T23:00:00Z')); // Monday 16 Nov, 00:00 CET
    assert.equal(period.to, Date.parse('2026-11-22T23:00:00Z')); // Monday 23 Nov, 00:00 CET (exclusive)
  });

  it('a retried run later in the week still covers the same week (the run stands for the last fire time)', () => {
    assert.equal(plan('weekly', '2026-11-26T15:00:00Z').reports[0]!.period.slug, '2026-W47');
  });

  it('daily: yesterday in the zone (New York, 06:00 EST = 11:00 UTC)', () => {
    const p = plan('daily', '2026-11-24T11:30:00Z');
    assert.equal(p.reports[0]!.period.slug, '2026-11-23');
    assert.equal(p.reports[0]!.period.from, Date.parse('2026-11-23T05:00:00Z'));
  });

  it('before the day\'s run, daily still means the day before the previous run', () => {
    assert.equal(plan('daily', '2026-11-24T10:59:00Z').reports[0]!.period.slug, '2026-11-22');
  });

  it('monthly: last month; month-end: the month to date', () => {
    assert.equal(plan('monthly', '2026-12-01T07:00:00Z').reports[0]!.period.slug, '2026-11');
    const end = plan('month-end', '2026-11-30T18:00:00Z').reports[0]!.period;
    assert.equal(end.slug, '2026-11-to-2026-11-30');
    assert.match(end.label, /to date/);
    assert.equal(end.to, Date.parse('2026-11-30T18:00:00Z'));
  });

  it('the ledger and the file names key a period to date by the local date it ends on, a whole period by its slug', () => {
    // 23:30 in New York is the next day in UTC: the key has the local date.
    const days = ['2026-11-17T04:30:00Z', '2026-11-18T04:30:00Z'].map((iso) => plan('week-so-far', iso).reports[0]!);
    assert.deepEqual(days.map((r) => r.period.slug), ['2026-W47-to-2026-11-16', '2026-W47-to-2026-11-17']);
    assert.deepEqual(days.map((r) => r.ledgerPeriod), ['2026-W47-to-2026-11-16', '2026-W47-to-2026-11-17']);
    assert.deepEqual(days.map((r) => r.stem), ['week-so-far-health-2026-W47-to-2026-11-16', 'week-so-far-health-2026-W47-to-2026-11-17']);
    assert.equal(plan('month-end', '2026-11-30T18:00:00Z').reports[0]!.ledgerPeriod, '2026-11-to-2026-11-30');
    assert.equal(plan('weekly', '2026-11-23T06:00:00Z').reports[0]!.ledgerPeriod, '2026-W47');
    assert.equal(plan('daily', '2026-11-24T11:00:00Z').reports[0]!.ledgerPeriod, '2026-11-23');
  });

  it('cron: each report\'s own period, unless the schedule sets one', () => {
    const p = plan('custom', '2026-11-25T08:00:00Z');
    assert.deepEqual(p.reports.map((r) => r.periodSpec), ['last-30d', 'last-7d']);
    assert.equal(plan('fixed', '2026-11-25T09:00:00Z').reports[0]!.period.slug, '2026-11-24');
  });
});

describe('who gets what', () => {
  it('sends a report to the stakeholders whose kinds and apps match, generating the union of formats once', () => {
    const p = plan('weekly', '2026-11-23T06:00:00Z');
    const item = p.reports[0]!;
    assert.deepEqual(item.recipients.map((r) => r.email), ['dana@example.com']);
    assert.deepEqual(item.formats, ['json', 'pdf', 'html']);
    assert.equal(item.stem, 'weekly-dice-usage-2026-W47');
  });

  it('a report over all apps reaches a stakeholder who follows one app', () => {
    assert.deepEqual(plan('daily', '2026-11-24T11:30:00Z').reports[0]!.recipients.map((r) => r.name), ['Wes']);
  });

  it('named stakeholders narrow the recipients, and a named one who gets nothing is noted', () => {
    const p = plan('custom', '2026-11-25T08:00:00Z');
    assert.deepEqual(p.reports.map((r) => r.recipients.map((x) => x.name)), [['Dana'], []]);
    assert.deepEqual(p.notes, ['stakeholder "Eli" receives none of this job\'s reports (their kinds or apps do not match)']);
  });

  it("renders the report once more for each template stakeholders chose over the report's, with their formats", () => {
    const { config: c } = parseConfig(
      `version: 1
apps: [{ id: dice, name: Dice }]
reports:
  - { id: ops, kind: health, formats: [json], template: ops }
  - { id: plain, kind: health, formats: [json] }
stakeholders:
  - { name: Ann, email: ann@example.com, reports: [health], formats: [pdf] }
  - { name: Bo, email: bo@example.com, reports: [health], formats: [html], template: executive }
  - { name: Cid, email: cid@example.com, reports: [health], formats: [pdf, pptx], template: ./team/executive/ }
  - { name: Dee, email: dee@example.com, reports: [health], formats: [pdf], template: executive }
  - { name: Eve, email: eve@example.com, reports: [health], formats: [xlsx], template: ops }
  - { name: Fay, email: fay@example.com, reports: [health], formats: [csv], template: default }
schedules: [{ id: w, preset: weekly, reports: [ops, plain] }]
`,
      't.yaml',
      {},
    );
    const [item, plain] = planJob(c, findSchedule(c, 'w'), Date.parse('2026-11-23T06:00:00Z')).reports;
    // Eve's template is the report's: she gets the report's own files.
    assert.deepEqual(item!.recipients.map((r) => [r.name, r.template]), [['Ann', undefined], ['Bo', 'executive'], ['Cid', './team/executive/'], ['Dee', 'executive'], ['Eve', undefined], ['Fay', 'default']]);
    assert.deepEqual(item!.formats, ['json', 'pdf', 'xlsx']);
    assert.deepEqual(item!.variants, [
      { template: 'executive', suffix: 'executive', formats: ['html', 'pdf'] },
      { template: './team/executive/', suffix: 'executive-2', formats: ['pdf', 'pptx'] },
      { template: 'default', suffix: 'default', formats: ['csv'] },
    ]);
    // A report without a template of its own is drawn with templates.default: Fay's choice is that one.
    assert.equal(plain!.recipients.find((r) => r.name === 'Fay')!.template, undefined);
    assert.deepEqual(plain!.formats, ['json', 'pdf', 'csv']);
    assert.deepEqual(plain!.variants.map((v) => v.template), ['executive', './team/executive/', 'ops']);
  });

  it('an unknown job is a usage error listing the known ones', () => {
    assert.throws(() => findSchedule(config, 'nope'), /no schedule "nope"/);
  });
});

describe('schedule and delivery config', () => {
  const issues = (text: string) => {
    try {
      parseConfig(text, 't.yaml', {});
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      return error.issues.map((i) => `${i.path.replace(/ \(line \d+\)/, '')}: ${i.message}`);
    }
    return [];
  };
  const base = 'version: 1\napps: [{ id: dice, name: Dice }]\nreports: [{ id: r, kind: usage }]\n';

  it('checks cron expressions with node-cron, and at/weekday belong to presets', () => {
    assert.deepEqual(issues(`${base}schedules:\n  - { id: a, cron: "0 25 * * *", reports: [r] }\n  - { id: b, cron: "0 7 * * 1", at: "07:00", reports: [r] }\n  - { id: c, preset: daily, weekday: friday, reports: [r] }\n  - { id: d, preset: daily, at: "24:00", reports: [r] }\n`), [
      'schedules[0].cron: "0 25 * * *" is not a valid cron expression: 25 is an invalid expression for hour',
      'schedules[1].at: `at` goes with a preset; with cron, put the time into the expression',
      'schedules[2].weekday: `weekday` goes with the weekly preset',
      'schedules[3].at: HH:MM on a 24-hour clock, e.g. 07:00',
    ]);
  });

  it('needs reports in a schedule and a sender address for SMTP', () => {
    assert.deepEqual(issues(`${base}schedules: [{ id: a, preset: daily, reports: [] }]\ndelivery:\n  smtp: { host: mail, from: nobody }\n`), [
      'schedules[0].reports: Too small: expected array to have >=1 items',
      'delivery.smtp.from: an address, or a name and <address>, e.g. "obs-report <reports@example.com>"',
    ]);
  });

  it('fills delivery defaults', () => {
    const { config: c } = parseConfig(`${base}delivery:\n  smtp: { host: mail, from: "Reports <r@example.com>" }\n`, 't.yaml', {});
    assert.equal(c.delivery.maxAttachmentBytes, 10 * 1024 * 1024);
    assert.equal(c.delivery.ledger.claimTimeoutMinutes, 30);
    assert.equal(c.delivery.smtp?.port, 587);
    assert.equal(c.delivery.smtp?.security, 'starttls');
    assert.equal(c.delivery.smtp?.retries, 4);
  });
});
