/**
 * Attach or link: a mail carries its files as attachments up to delivery.maxAttachmentBytes
 * (their size once base64-encoded, as the mail server counts it);
 * above it, links under delivery.linksBaseUrl (where output.dir is served) replace them, and
 * without a base URL the delivery fails with a message that says what to set.
 */
import { basename, relative, sep } from 'node:path';
import { ObsReportError } from '../errors.js';
import { formatBytes } from '../model/format.js';
import type { MailFile } from './email-body.js';

/** A written output file. */
export interface OutputFile {
  path: string;
  bytes: number;
}

/** How a mail carries its files. */
export interface FilePlan {
  mode: 'attach' | 'link';
  files: (MailFile & { path: string })[];
}

/** Settings that decide between attachments and links. */
export interface LinkSettings {
  outDir: string;
  maxAttachmentBytes: number;
  linksBaseUrl?: string | undefined;
}

/** The public URL of a file under output.dir, or undefined without a base URL. */
export function linkFor(path: string, settings: Pick<LinkSettings, 'outDir' | 'linksBaseUrl'>): string | undefined {
  if (!settings.linksBaseUrl) return undefined;
  const rel = relative(settings.outDir, path).split(sep).map(encodeURIComponent).join('/');
  return `${settings.linksBaseUrl.replace(/\/+$/, '')}/${rel}`;
}

/**
 * Bytes a file of `bytes` takes in the mail: base64 (4 characters per 3 bytes, the last group
 * padded) in lines of 76 characters, each ended by CRLF, as nodemailer writes it.
 */
export function encodedSize(bytes: number): number {
  const chars = 4 * Math.ceil(bytes / 3);
  return chars + 2 * Math.ceil(chars / 76);
}

/** Decides how `files` travel; throws DELIVERY when they are too large and no base URL is set. */
export function planFiles(files: readonly OutputFile[], settings: LinkSettings): FilePlan {
  // Servers limit the message as sent: compare the encoded size, a third above the files'.
  const total = files.reduce((sum, f) => sum + encodedSize(f.bytes), 0);
  const base = files.map((f) => ({ path: f.path, name: basename(f.path), bytes: f.bytes }));
  if (total <= settings.maxAttachmentBytes) return { mode: 'attach', files: base };
  if (!settings.linksBaseUrl) {
    const raw = files.reduce((sum, f) => sum + f.bytes, 0);
    throw new ObsReportError(
      'DELIVERY',
      `the attachments (${formatBytes(total)} encoded for mail, ${formatBytes(raw)} as files) exceed delivery.maxAttachmentBytes (${formatBytes(settings.maxAttachmentBytes)})`,
      { hint: 'Set delivery.linksBaseUrl to the URL where output.dir is served, so large reports go as links, or raise delivery.maxAttachmentBytes.' },
    );
  }
  return { mode: 'link', files: base.map((f) => ({ ...f, url: linkFor(f.path, settings)! })) };
}
