import { inflateRawSync } from 'node:zlib';

/**
 * The first file of a ZIP archive (ERCOT's report downloads hold one CSV), read through the
 * central directory so sizes are right even when the local header defers them. Stored (0) and
 * deflated (8) entries; anything else throws.
 */
export function firstZipEntry(bytes: Uint8Array): { name: string; data: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.byteLength - 22; i >= Math.max(0, bytes.byteLength - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a ZIP archive (no end of central directory)');
  const central = view.getUint32(eocd + 16, true);
  if (view.getUint32(central, true) !== 0x02014b50) throw new Error('ZIP central directory not found');
  const method = view.getUint16(central + 10, true);
  const compressedSize = view.getUint32(central + 20, true);
  const nameLength = view.getUint16(central + 28, true);
  const local = view.getUint32(central + 42, true);
  const name = new TextDecoder().decode(bytes.subarray(central + 46, central + 46 + nameLength));
  if (view.getUint32(local, true) !== 0x04034b50) throw new Error('ZIP local header not found');
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const raw = bytes.subarray(start, start + compressedSize);
  if (method === 0) return { name, data: raw };
  if (method === 8) return { name, data: new Uint8Array(inflateRawSync(raw)) };
  throw new Error(`ZIP entry ${name} uses compression method ${method}`);
}
