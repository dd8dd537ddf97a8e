/**
 * Scratch memory for the engine's kernels, kept between evaluations (see the comment on the pool).
 */

/**
 * Scratch memory kept from one evaluation to the next, by name, grown when a batch is larger: a
 * 200,000-record run would otherwise allocate some 10 MB of working arrays each time, and memory
 * outside the JavaScript heap that comes and goes that fast makes V8 collect the whole heap more
 * often. Only the work inside one evaluation uses it (evaluations do not nest); nothing returned
 * refers to it, and every array is written before it is read.
 */
export const scratchPool = new Map<string, ArrayBuffer>();

export function scratchBuffer(name: string, bytes: number): ArrayBuffer {
  let b = scratchPool.get(name);
  if (b === undefined || b.byteLength < bytes) {
    b = new ArrayBuffer(bytes);
    scratchPool.set(name, b);
  }
  return b;
}

export function scratchI32(name: string, n: number): Int32Array {
  return new Int32Array(scratchBuffer(name, n * 4), 0, n);
}

export function scratchU32(name: string, n: number): Uint32Array {
  return new Uint32Array(scratchBuffer(name, n * 4), 0, n);
}

export function scratchI16(name: string, n: number): Int16Array {
  return new Int16Array(scratchBuffer(name, n * 2), 0, n);
}

export function scratchU8(name: string, n: number): Uint8Array {
  return new Uint8Array(scratchBuffer(name, n), 0, n);
}
