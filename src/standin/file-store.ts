import { extname } from 'node:path';
import { slackId } from './slack-ids.js';

/** A shared file as Slack describes it in messages and in files.completeUploadExternal. */
export interface StandinFile {
  id: string;
  created: number;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  size: number;
  user: string;
  url_private: string;
  url_private_download: string;
  permalink: string;
  alt_txt?: string;
}

interface Upload {
  id: string;
  filename: string;
  length: number;
  altText?: string;
  bytes?: Buffer;
  file?: StandinFile;
}

const BY_EXTENSION: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.gif': 'image/gif',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.md': 'text/markdown',
  '.pdf': 'application/pdf',
};

/** Slack trusts the bytes more than the name; so do we, for the formats the page shows inline. */
export function sniffMimetype(filename: string, bytes: Buffer): string {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const head = bytes.subarray(0, 512).toString('utf8').trimStart();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'image/svg+xml';
  return BY_EXTENSION[extname(filename).toLowerCase()] ?? 'application/octet-stream';
}

export const isInlineImage = (mimetype: string): boolean =>
  mimetype === 'image/png' || mimetype === 'image/jpeg' || mimetype === 'image/svg+xml';

/** The three steps of Slack's external upload: reserve an id and URL, receive bytes, complete. */
export class FileStore {
  private readonly uploads = new Map<string, Upload>();

  constructor(private readonly baseUrl: () => string) {}

  reserve(filename: string, length: number, altText?: string): { fileId: string; uploadUrl: string } {
    const id = slackId('F');
    this.uploads.set(id, { id, filename, length, ...(altText ? { altText } : {}) });
    return { fileId: id, uploadUrl: `${this.baseUrl()}/upload/${id}` };
  }

  receive(id: string, bytes: Buffer): boolean {
    const upload = this.uploads.get(id);
    if (!upload || upload.file) return false;
    upload.bytes = bytes;
    return true;
  }

  /** Turns an uploaded file into a shared one; undefined if its bytes never arrived. */
  complete(id: string, title: string | undefined, user: string): StandinFile | undefined {
    const upload = this.uploads.get(id);
    if (!upload?.bytes) return undefined;
    if (upload.file) return upload.file;
    const mimetype = sniffMimetype(upload.filename, upload.bytes);
    const url = `${this.baseUrl()}/files/${id}/${encodeURIComponent(upload.filename)}`;
    upload.file = {
      id,
      created: Math.floor(Date.now() / 1000),
      name: upload.filename,
      title: title ?? upload.filename,
      mimetype,
      filetype: extname(upload.filename).slice(1).toLowerCase() || 'binary',
      size: upload.bytes.length,
      user,
      url_private: url,
      url_private_download: `${url}?download=1`,
      permalink: url,
      ...(upload.altText ? { alt_txt: upload.altText } : {}),
    };
    return upload.file;
  }

  content(id: string): { file: StandinFile; bytes: Buffer } | undefined {
    const upload = this.uploads.get(id);
    return upload?.file && upload.bytes ? { file: upload.file, bytes: upload.bytes } : undefined;
  }

  clear(): void {
    this.uploads.clear();
  }
}
