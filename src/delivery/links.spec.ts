import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ObsReportError } from '../errors.js';
import { encodedSize, planFiles } from './links.js';

const MB = 1024 * 1024;

describe('attach or link', () => {
  it('counts a file as base64 in 76-character lines with CRLF', () => {
    assert.equal(encodedSize(0), 0);
    assert.equal(encodedSize(1), 4 + 2);
    assert.equal(encodedSize(57), 76 + 2);
    assert.equal(encodedSize(58), 80 + 4);
    assert.equal(encodedSize(3 * MB), 4 * MB + 2 * Math.ceil((4 * MB) / 76));
  });

  it('links files whose encoded size is over the limit although their size is under it', () => {
    const files = [{ path: '/out/a.pdf', bytes: 6 * MB }, { path: '/out/a.html', bytes: 2 * MB }];
    const plan = planFiles(files, { outDir: '/out', maxAttachmentBytes: 10 * MB, linksBaseUrl: 'https://r.example.com/' });
    assert.equal(plan.mode, 'link');
    assert.deepEqual(plan.files.map((f) => f.url), ['https://r.example.com/a.pdf', 'https://r.example.com/a.html']);
    assert.equal(planFiles(files, { outDir: '/out', maxAttachmentBytes: 11 * MB }).mode, 'attach');
  });

  it('without a base URL fails, giving both sizes', () => {
    assert.throws(
      () => planFiles([{ path: '/out/a.pdf', bytes: 8 * MB }], { outDir: '/out', maxAttachmentBytes: 10 * MB }),
      (e: unknown) => e instanceof ObsReportError && /attachments \(10\.9 MiB encoded for mail, 8\.0 MiB as files\) exceed/.test(e.message),
    );
  });
});
