/**
 * A small ZIP reader for XLSX, built for hostile input. It reads the central directory at the end of
 * the file (so the parts can be read in any order — LibreOffice stores a worksheet before the shared
 * strings it refers to) and inflates one entry at a time as a stream with Node's native zlib.
 *
 * Guards, each ending in one IngestFileError:
 * - truncated or damaged archive: no end-of-central-directory record, offsets or sizes outside the
 *   file, bad signatures, inflate errors, a size or CRC-32 that does not match the directory;
 * - zip bomb: the declared uncompressed size of the entries read may not exceed a budget (1 GiB by
 *   default), an entry larger than 1 MB may not be compressed more than 500:1, and an entry that
 *   inflates past its declared size is stopped at that point — all checked before or while
 *   inflating, so a bomb costs at most the budget in CPU and one chunk of memory;
 * - encrypted entries and compression methods other than stored and deflate.
 */
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { crc32, createInflateRaw } from 'node:zlib';
import { pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import { fileErrors } from './errors.js';

/** One file in the archive, as its central directory describes it. */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
}

export interface ZipLimits {
  /** The most uncompressed bytes the entries read may declare together. */
  readonly maxUncompressedBytes: number;
  /** The highest compression ratio accepted for an entry larger than 1 MB. */
  readonly maxCompressionRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxCompressionRatio: 500,
};

const RATIO_EXEMPT_BYTES = 1024 * 1024;
const MAX_CENTRAL_DIRECTORY_BYTES = 64 * 1024 * 1024;
const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

/** An open archive: its entries, and a way to read each as a stream of inflated chunks. */
export class ZipArchive {
  private readonly byName = new Map<string, ZipEntry>();
  private readonly byLowerName = new Map<string, ZipEntry>();
  /** Entries already charged to the budget (an entry read twice is charged once). */
  private readonly charged = new Set<string>();
  private declaredBytes = 0;

  private constructor(
    readonly file: string,
    private readonly fh: FileHandle,
    private readonly size: number,
    readonly entries: readonly ZipEntry[],
    private readonly limits: ZipLimits,
  ) {
    for (const e of entries) {
      this.byName.set(e.name, e);
      this.byLowerName.set(e.name.toLowerCase(), e);
    }
  }

  /** Reads the central directory of the archive open in `fh` (`size` bytes long). */
  static async open(file: string, fh: FileHandle, size: number, limits: ZipLimits): Promise<ZipArchive> {
    const corrupt = (zh: string, en: string) => fileErrors.corruptXlsx(file, zh, en);
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = await readAt(fh, size - tailLength, tailLength);
    let eocd = -1;
    for (let p = tail.length - 22; p >= 0; p--) {
      if (tail.readUInt32LE(p) === EOCD_SIG && p + 22 + tail.readUInt16LE(p + 20) <= tail.length) {
        eocd = p;
        break;
      }
    }
    if (eocd < 0)
      throw corrupt('找不到 ZIP 目录，文件不完整', 'no ZIP central directory: the file is cut short');
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      const locatorAt = size - tailLength + eocd - 20;
      if (locatorAt < 0) throw corrupt('ZIP64 目录缺失', 'ZIP64 directory missing');
      const locator = await readAt(fh, locatorAt, 20);
      if (locator.readUInt32LE(0) !== ZIP64_LOCATOR_SIG)
        throw corrupt('ZIP64 目录缺失', 'ZIP64 directory missing');
      const z64At = Number(locator.readBigUInt64LE(8));
      if (z64At + 56 > size) throw corrupt('ZIP64 目录越界', 'ZIP64 directory outside the file');
      const z64 = await readAt(fh, z64At, 56);
      if (z64.readUInt32LE(0) !== ZIP64_EOCD_SIG) throw corrupt('ZIP64 目录损坏', 'bad ZIP64 directory');
      count = Number(z64.readBigUInt64LE(32));
      cdSize = Number(z64.readBigUInt64LE(40));
      cdOffset = Number(z64.readBigUInt64LE(48));
    }
    if (cdOffset + cdSize > size) throw corrupt('ZIP 目录越界', 'central directory outside the file');
    if (cdSize > MAX_CENTRAL_DIRECTORY_BYTES) throw corrupt('ZIP 目录过大', 'central directory too large');
    const cd = await readAt(fh, cdOffset, cdSize);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_SIG)
        throw corrupt('ZIP 目录损坏', 'bad central directory entry');
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      const end = p + 46 + nameLength + extraLength + commentLength;
      if (end > cd.length) throw corrupt('ZIP 目录损坏', 'bad central directory entry');
      let compressedSize = cd.readUInt32LE(p + 20);
      let uncompressedSize = cd.readUInt32LE(p + 24);
      let localHeaderOffset = cd.readUInt32LE(p + 42);
      // ZIP64: the fields that do not fit are 0xFFFFFFFF and follow in the 0x0001 extra field, in order.
      if (
        compressedSize === 0xffffffff ||
        uncompressedSize === 0xffffffff ||
        localHeaderOffset === 0xffffffff
      ) {
        const extra = cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength);
        for (let q = 0; q + 4 <= extra.length;) {
          const id = extra.readUInt16LE(q);
          const len = extra.readUInt16LE(q + 2);
          if (id === 1) {
            let r = q + 4;
            const next = (): number => {
              if (r + 8 > q + 4 + len) throw corrupt('ZIP64 字段损坏', 'bad ZIP64 field');
              const v = Number(extra.readBigUInt64LE(r));
              r += 8;
              return v;
            };
            if (uncompressedSize === 0xffffffff) uncompressedSize = next();
            if (compressedSize === 0xffffffff) compressedSize = next();
            if (localHeaderOffset === 0xffffffff) localHeaderOffset = next();
            break;
          }
          q += 4 + len;
        }
      }
      entries.push({
        name: cd.toString('utf8', p + 46, p + 46 + nameLength),
        flags: cd.readUInt16LE(p + 8),
        method: cd.readUInt16LE(p + 10),
        crc: cd.readUInt32LE(p + 16),
        compressedSize,
        uncompressedSize,
        localHeaderOffset,
      });
      p = end;
    }
    return new ZipArchive(file, fh, size, entries, limits);
  }

  /** The entry of that name (exact, else ignoring case), if any. */
  entry(name: string): ZipEntry | undefined {
    return this.byName.get(name) ?? this.byLowerName.get(name.toLowerCase());
  }

  /** The same archive read through another open handle (for a second, independent pass). */
  withHandle(fh: FileHandle): ZipArchive {
    const other = new ZipArchive(this.file, fh, this.size, this.entries, this.limits);
    for (const name of this.charged) other.charged.add(name);
    other.declaredBytes = this.declaredBytes;
    return other;
  }

  /**
   * The entry's content as a stream of chunks (≤ 64 KB each), checked against the limits before
   * the first byte is inflated and while inflating, and against its size and CRC-32 at the end.
   * Breaking out of the loop stops the inflation and releases the stream.
   */
  async *chunks(entry: ZipEntry, signal?: AbortSignal): AsyncGenerator<Buffer> {
    const file = this.file;
    const corrupt = (zh: string, en: string) => fileErrors.corruptXlsx(file, zh, en);
    if (entry.flags & 1 || entry.method === 99) throw fileErrors.encrypted(file);
    if (entry.method !== 0 && entry.method !== 8)
      throw corrupt(`不支持的压缩方式 ${entry.method}`, `unsupported compression method ${entry.method}`);
    this.charge(entry);
    const header = await readAt(this.fh, entry.localHeaderOffset, 30, this.size);
    if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_SIG)
      throw corrupt(`${entry.name} 的文件头损坏`, `bad local header of ${entry.name}`);
    const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (start + entry.compressedSize > this.size)
      throw corrupt(`${entry.name} 不完整`, `${entry.name} is cut short`);
    let produced = 0;
    let crc = 0;
    if (entry.compressedSize > 0) {
      // A stream of its own (not through `fh`): pipeline() closes the file descriptor it reads.
      const source = createReadStream(this.file, {
        start,
        end: start + entry.compressedSize - 1,
        highWaterMark: 1 << 16,
      });
      let stream: Readable = source;
      if (entry.method === 8) {
        const inflater = createInflateRaw({ chunkSize: 1 << 16 });
        // Errors of either stream surface through the iteration of the last one.
        pipeline(source, inflater, () => undefined);
        stream = inflater;
      }
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          if (signal?.aborted) throw fileErrors.aborted(file);
          produced += chunk.length;
          if (produced > entry.uncompressedSize)
            throw fileErrors.zipBomb(
              file,
              `${entry.name} 解压后超过其声明的 ${entry.uncompressedSize} 字节`,
              `${entry.name} inflates past its declared ${entry.uncompressedSize} bytes`,
            );
          crc = crc32(chunk, crc);
          yield chunk;
        }
      } catch (e) {
        if (e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('Z_'))
          throw corrupt(`${entry.name} 的压缩数据损坏`, `damaged compressed data in ${entry.name}`);
        throw e;
      } finally {
        stream.destroy();
        source.destroy();
      }
    }
    if (produced !== entry.uncompressedSize)
      throw corrupt(`${entry.name} 的大小与目录不符`, `${entry.name} has the wrong size`);
    if (crc >>> 0 !== entry.crc)
      throw corrupt(`${entry.name} 的校验和不符`, `${entry.name} fails its CRC-32 check`);
  }

  /** Checks an entry against the budget and the ratio before it is read. */
  private charge(entry: ZipEntry): void {
    const { maxUncompressedBytes, maxCompressionRatio } = this.limits;
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
    if (
      entry.uncompressedSize > RATIO_EXEMPT_BYTES &&
      entry.uncompressedSize > maxCompressionRatio * Math.max(entry.compressedSize, 1)
    ) {
      const ratio = Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1));
      throw fileErrors.zipBomb(
        this.file,
        `${entry.name} 压缩比 ${ratio}:1，上限 ${maxCompressionRatio}:1`,
        `${entry.name} is compressed ${ratio}:1, the limit is ${maxCompressionRatio}:1`,
      );
    }
    if (this.charged.has(entry.name)) return;
    if (this.declaredBytes + entry.uncompressedSize > maxUncompressedBytes)
      throw fileErrors.zipBomb(
        this.file,
        `解压后超过 ${mb(maxUncompressedBytes)}`,
        `more than ${mb(maxUncompressedBytes)} uncompressed`,
      );
    this.declaredBytes += entry.uncompressedSize;
    this.charged.add(entry.name);
  }
}

/** Reads `length` bytes at `position` (fewer at the end of the file when `size` is given). */
async function readAt(fh: FileHandle, position: number, length: number, size?: number): Promise<Buffer> {
  const n = size === undefined ? length : Math.max(0, Math.min(length, size - position));
  const buf = Buffer.alloc(n);
  let done = 0;
  while (done < n) {
    const { bytesRead } = await fh.read(buf, done, n - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buf.subarray(0, done);
}
