/**
 * Small deterministic PNG pictures, made without an image library (the mocks also run in browsers): a
 * two-colour, one-bit image of a round figure (a person) or a diamond (a logo) on a background whose
 * colours follow from `seed`. The pixels go in stored (uncompressed) deflate blocks, so a 128×128 picture
 * is about 2 kB and needs no zlib.
 */
export function picturePng(seed: string, shape: 'person' | 'logo', side = 128): Uint8Array {
  const h = hash32(seed, 0x9e3779b9);
  const background = hsl(h % 360, 0.45, 0.8);
  const ink = hsl((h >>> 9) % 360, 0.55, 0.35);
  const rowBytes = Math.ceil(side / 8);
  const raw = new Uint8Array((rowBytes + 1) * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      if (inShape(shape, x / side, y / side)) {
        const at = y * (rowBytes + 1) + 1 + (x >> 3);
        raw[at] = (raw[at] as number) | (0x80 >> (x & 7));
      }
    }
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, side);
  view.setUint32(4, side);
  header.set([1, 3, 0, 0, 0], 8); // bit depth 1, indexed colour
  return concat([
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    chunk('IHDR', header),
    chunk('PLTE', Uint8Array.of(...background, ...ink)),
    chunk('IDAT', storedZlib(raw)),
    chunk('IEND', new Uint8Array()),
  ]);
}

function inShape(shape: 'person' | 'logo', x: number, y: number): boolean {
  if (shape === 'logo') return Math.abs(x - 0.5) + Math.abs(y - 0.5) < 0.32;
  const head = (x - 0.5) ** 2 + (y - 0.4) ** 2 < 0.04;
  const shoulders = (x - 0.5) ** 2 / 0.14 + (y - 1.02) ** 2 / 0.12 < 1;
  return head || shoulders;
}

function hsl(hue: number, saturation: number, lightness: number): [number, number, number] {
  const f = (n: number) => {
    const k = (n + hue / 30) % 12;
    const a = saturation * Math.min(lightness, 1 - lightness);
    return Math.round(255 * (lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

// zlib (RFC 1950) around deflate stored blocks (RFC 1951, 3.2.4) of at most 65535 bytes each.
function storedZlib(data: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.of(0x78, 0x01)];
  for (let at = 0; at < data.length || at === 0; at += 65535) {
    const block = data.subarray(at, at + 65535);
    const last = at + 65535 >= data.length ? 1 : 0;
    parts.push(
      Uint8Array.of(
        last,
        block.length & 0xff,
        block.length >> 8,
        ~block.length & 0xff,
        (~block.length >> 8) & 0xff,
      ),
      block,
    );
    if (data.length === 0) break;
  }
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  parts.push(u32((b << 16) | a));
  return concat(parts);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const typed = concat([new TextEncoder().encode(type), data]);
  return concat([u32(data.length), typed, u32(crc32(typed))]);
}

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

function u32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n >>> 0);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** FNV-1a (32 bits) of `text` from `basis`: a mock's stand-in for a hash, never for security. */
export function hash32(text: string | Uint8Array, basis = 0x811c9dc5): number {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  let h = basis >>> 0;
  for (const byte of bytes) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}
