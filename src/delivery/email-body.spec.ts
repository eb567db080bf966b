import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tinyReport } from '../../test/schedule/tiny-report.js';
import { composeReportMail, escapeHtml } from './email-body.js';
import { linkFor, planFiles } from './links.js';

const ORIGIN = { job: 'weekly', runId: 'weekly-20261123T0600Z-abc123' };

describe('the report mail', () => {
  it('has the title and period in the subject, and the headline figures formatted as in the report', () => {
    const mail = composeReportMail(tinyReport(), [{ name: 'weekly-2026-W47.pdf', bytes: 204_800 }], ORIGIN);
    assert.equal(mail.subject, 'Dice <script>alert(1)</script> — Week 47, 16–22 Nov 2026');
    // 1,382 (+12%: 148/1234 = 11.99%), 99.9% (one decimal below 99.9%; −0.04 pts), n/a (unavailable) for the missing figure.
    for (const figure of ['1,382', '+12%', '99.9%', '\u22120.04 pts', 'n/a']) {
      assert.ok(mail.html.includes(figure), `html has ${figure}`);
      assert.ok(mail.text.includes(figure), `text has ${figure}`);
    }
    assert.match(mail.text, /Weekly users: 1,382 \(\+12%\)/);
    assert.match(mail.text, /Sessions: n\/a \(unavailable\)/);
    assert.match(mail.text, /weekly-2026-W47\.pdf \(200\.0 KiB\)/);
    assert.match(mail.text, /run weekly-20261123T0600Z-abc123/);
  });

  it('says why a headline figure is not defined instead of n/a', () => {
    const [users, uptime] = tinyReport().headline;
    const mttr = { id: 'mttr', label: 'Mean time to recover', value: null, unit: 'duration_ms' as const, previous: 60_000, change: null, polarity: 'down_is_good' as const, notDefined: 'no incidents', queryRefs: [] };
    const mail = composeReportMail(tinyReport({ headline: [users!, uptime!, mttr] }), [], ORIGIN);
    assert.match(mail.text, /Mean time to recover: n\/a \(no incidents\)/);
    assert.match(mail.html, />no incidents</);
  });

  it('escapes everything that comes from the report', () => {
    const mail = composeReportMail(tinyReport(), [{ name: 'a<b>.pdf', bytes: 10 }], ORIGIN);
    assert.ok(!mail.html.includes('<script>'));
    assert.ok(mail.html.includes('Dice &lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(mail.html.includes('Rolls rose &lt;b&gt;12%&lt;/b&gt; &amp; more'));
    assert.ok(mail.html.includes('a&lt;b&gt;.pdf'));
    assert.equal(escapeHtml(`"'&<>`), '&quot;&#39;&amp;&lt;&gt;');
  });

  it('lists highlights most important first and says when the report is partial', () => {
    const mail = composeReportMail(tinyReport({ status: 'partial', appendix: { definitions: [], queries: [], unavailable: [{ what: 'x', reason: 'y', datasource: 'loki', section: 's' }], datasources: [] } }), [], ORIGIN);
    assert.ok(mail.text.indexOf('Rolls rose') < mail.text.indexOf('Low one'));
    assert.match(mail.subject, /\(partial\)$/);
    assert.match(mail.text, /Some data was unavailable \(1 part\(s\)\)/);
  });

  it('links the files instead of attaching them when asked to', () => {
    const mail = composeReportMail(tinyReport(), [{ name: 'big.pdf', bytes: 30 * 1024 * 1024, url: 'https://reports.example.com/out/big.pdf' }], ORIGIN);
    assert.ok(mail.html.includes('<a href="https://reports.example.com/out/big.pdf">big.pdf</a> (30.0 MiB)'));
    assert.match(mail.text, /too large to attach/);
  });
});

describe('attach or link', () => {
  const files = [
    { path: '/data/out/weekly-2026-W47.pdf', bytes: 6_000_000 },
    { path: '/data/out/weekly-2026-W47.html', bytes: 5_000_000 },
  ];

  // As sent: base64 in 76-character lines, 8,210,528 + 6,842,108 bytes.
  const encoded = 15_052_636;

  it('attaches up to maxAttachmentBytes, counting their size as encoded for mail', () => {
    const plan = planFiles(files, { outDir: '/data/out', maxAttachmentBytes: encoded });
    assert.equal(plan.mode, 'attach');
    assert.deepEqual(plan.files.map((f) => f.name), ['weekly-2026-W47.pdf', 'weekly-2026-W47.html']);
  });

  it('links above it when linksBaseUrl is set', () => {
    const plan = planFiles(files, { outDir: '/data/out', maxAttachmentBytes: encoded - 1, linksBaseUrl: 'https://r.example.com/obs/' });
    assert.equal(plan.mode, 'link');
    assert.deepEqual(plan.files.map((f) => f.url), ['https://r.example.com/obs/weekly-2026-W47.pdf', 'https://r.example.com/obs/weekly-2026-W47.html']);
  });

  it('fails saying what to set when it is not', () => {
    assert.throws(() => planFiles(files, { outDir: '/data/out', maxAttachmentBytes: 10 * 1024 * 1024 }), (e: Error & { hint?: string }) => {
      assert.equal(e.message, 'the attachments (14.4 MiB encoded for mail, 10.5 MiB as files) exceed delivery.maxAttachmentBytes (10.0 MiB)');
      assert.match(e.hint!, /delivery\.linksBaseUrl/);
      return true;
    });
  });

  it('encodes each path segment of a link', () => {
    assert.equal(linkFor('/data/out/sub dir/a#b.pdf', { outDir: '/data/out', linksBaseUrl: 'https://r.example.com' }), 'https://r.example.com/sub%20dir/a%23b.pdf');
  });
});
