import { describe, expect, it } from 'vitest';
import { GetHashboardsResponse, GetMinerStatsResponse, LoginRequest } from './bos-v1-schema.ts';
import { decodeMessage, encodeMessage, ProtobufError } from './protobuf-wire.ts';

describe('protobuf wire format', () => {
  it('encodes a LoginRequest as protoc would: field 1 and 2, length-delimited', () => {
    const bytes = encodeMessage(LoginRequest, { username: 'root', password: 'x' });
    expect(bytes.toString('hex')).toBe('0a04726f6f74120178');
    expect(decodeMessage(LoginRequest, bytes)).toEqual({ username: 'root', password: 'x' });
  });

  it('round-trips nested messages, doubles, uint64 and repeated messages', () => {
    const stats = {
      miner_stats: { real_hashrate: { last_5s: { gigahash_per_second: 200123.5 } }, found_blocks: 2 },
      power_stats: { approximated_consumption: { watt: 3456 } },
      pool_stats: { accepted_shares: 2 ** 40 },
    };
    expect(decodeMessage(GetMinerStatsResponse, encodeMessage(GetMinerStatsResponse, stats))).toEqual(stats);
    const boards = {
      hashboards: [
        { id: '1', chips_count: { value: 108 } },
        { id: '2', enabled: true },
      ],
    };
    expect(decodeMessage(GetHashboardsResponse, encodeMessage(GetHashboardsResponse, boards))).toEqual(
      boards,
    );
  });

  it('skips fields it does not know, of every wire type', () => {
    const unknown = Buffer.from([0x78, 0x05, 0x81, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0x8a, 0x01, 0x01, 0x41]);
    const known = encodeMessage(LoginRequest, { username: 'u' });
    expect(decodeMessage(LoginRequest, Buffer.concat([unknown, known]))).toEqual({ username: 'u' });
  });

  it('mutated messages (truncated, bytes flipped, spliced) decode or throw ProtobufError, nothing else', () => {
    const boards = encodeMessage(GetHashboardsResponse, {
      hashboards: [1, 2, 3].map((i) => ({
        id: String(i),
        enabled: true,
        chips_count: { value: 108 },
        stats: { real_hashrate: { last_5s: { gigahash_per_second: 66_000.5 } } },
      })),
    });
    let state = 0x5eed;
    const next = () => {
      state = (state * 1_103_515_245 + 12_345) >>> 0;
      return state;
    };
    let decoded = 0;
    for (let round = 0; round < 3_000; round += 1) {
      const bytes = Buffer.from(boards);
      const kind = next() % 3;
      let mutated: Buffer;
      if (kind === 0) mutated = bytes.subarray(0, next() % bytes.length);
      else if (kind === 1) {
        for (let flips = 1 + (next() % 4); flips > 0; flips -= 1)
          bytes[next() % bytes.length] = next() & 0xff;
        mutated = bytes;
      } else
        mutated = Buffer.concat([
          bytes.subarray(0, next() % bytes.length),
          Buffer.from([next() & 0xff, 0xff, 0xff]),
        ]);
      try {
        decodeMessage(GetHashboardsResponse, mutated);
        decoded += 1;
      } catch (error) {
        expect(error).toBeInstanceOf(ProtobufError);
      }
    }
    expect(decoded).toBeGreaterThan(0);
  });

  it.each([
    ['a truncated varint', Buffer.from([0x08, 0x80])],
    ['a length past the end', Buffer.from([0x0a, 0x10, 0x41])],
    ['a field of the wrong wire type', Buffer.from([0x08, 0x01])],
    ['a group wire type', Buffer.from([0x0b])],
    ['field number 0', Buffer.from([0x02, 0x00])],
  ])('throws ProtobufError on %s', (_name, bytes) => {
    expect(() => decodeMessage(LoginRequest, bytes)).toThrow(ProtobufError);
  });
});
