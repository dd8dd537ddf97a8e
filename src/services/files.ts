/**
 * Uploaded files: a name that is safe to write and to show (no folders, no control or direction
 * characters, bounded length), and what an evidence file really is (by its first bytes, never by the
 * name or the type the browser declared).
 */
import path from 'node:path';

/** Characters never kept in a file name: controls, DEL, Windows' reserved ones, bidirectional overrides. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f<>:"|?*\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * A file name safe to write in our own folder and to show: the last path segment only (`/` and `\`
 * both separate), unsafe characters replaced by `_`, at most 200 characters (the extension kept);
 * `file-<k+1>` when nothing usable is left (`..`, empty).
 */
export function safeFileName(name: string, k: number): string {
  let base = path.basename(name.replaceAll('\\', '/')).normalize('NFC').replace(UNSAFE, '_').trim();
  if ([...base].length > 200) {
    const ext = path.extname(base).slice(0, 16);
    base = [...base].slice(0, 200 - [...ext].length).join('') + ext;
  }
  return base && base !== '.' && base !== '..' && !/^_+$/.test(base) ? base : `file-${k + 1}`;
}

export type EvidenceType = 'application/pdf' | 'image/png' | 'image/jpeg';

/** The type of an evidence file from its first bytes (PDF, PNG, JPEG), or null for anything else. */
export function evidenceType(data: Uint8Array): EvidenceType | null {
  const starts = (...bytes: number[]) => bytes.every((b, i) => data[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf'; // %PDF-
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  return null;
}
