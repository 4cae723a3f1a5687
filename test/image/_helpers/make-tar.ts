/** Builds small tar archives in memory for tests (ustar; pax records for long names). */
export interface TarSpec {
  readonly name: string;
  readonly type?: 'file' | 'directory' | 'symlink' | 'hardlink';
  readonly body?: string | Buffer;
  readonly linkname?: string;
}

export function makeTar(specs: readonly TarSpec[], { end = true } = {}): Buffer {
  const blocks: Buffer[] = [];
  for (const spec of specs) {
    const body = typeof spec.body === 'string' ? Buffer.from(spec.body) : spec.body ?? Buffer.alloc(0);
    if (Buffer.byteLength(spec.name) > 99) {
      const record = paxRecord('path', spec.name);
      blocks.push(header({ name: 'PaxHeader', flag: 'x', size: record.length }), pad(record));
    }
    const flag = { file: '0', directory: '5', symlink: '2', hardlink: '1' }[spec.type ?? 'file'];
    blocks.push(header({ name: spec.name.slice(0, 99), flag, size: spec.type === undefined || spec.type === 'file' ? body.length : 0, linkname: spec.linkname ?? '' }));
    if ((spec.type ?? 'file') === 'file') blocks.push(pad(body));
  }
  if (end) blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** One ustar header block (also used by the bench's image generator). */
export function header(h: { name: string; flag: string; size: number; linkname?: string }): Buffer {
  const b = Buffer.alloc(512);
  b.write(h.name, 0, 100, 'utf8');
  b.write('0000644\0', 100);
  b.write('0000000\0', 108);
  b.write('0000000\0', 116);
  b.write(`${h.size.toString(8).padStart(11, '0')}\0`, 124);
  b.write('00000000000\0', 136);
  b.write(h.flag, 156);
  b.write(h.linkname ?? '', 157, 100, 'utf8');
  b.write('ustar\0', 257);
  b.write('00', 263);
  b.write('        ', 148);
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return b;
}

function paxRecord(key: string, value: string): Buffer {
  const text = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(text);
  length += String(length + String(length).length).length;
  return Buffer.from(`${length}${text}`);
}

function pad(body: Buffer): Buffer {
  const extra = (512 - (body.length % 512)) % 512;
  return Buffer.concat([body, Buffer.alloc(extra)]);
}

/** Yields a buffer in small pieces, as a stream would. */
export async function* chunked(buf: Buffer, size = 100): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}
