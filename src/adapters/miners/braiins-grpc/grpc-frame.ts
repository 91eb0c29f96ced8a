/**
 * gRPC's length-prefixed message framing (gRPC over HTTP/2): a 1-byte compressed flag, a 4-byte
 * big-endian length, then the protobuf message. Unary calls carry exactly one message each way.
 */

export const GRPC_CONTENT_TYPE = 'application/grpc';

/** gRPC status codes this library names (the rest are shown by number). */
export const GRPC_STATUS = { OK: 0, NOT_FOUND: 5, UNIMPLEMENTED: 12, UNAUTHENTICATED: 16 } as const;

export function frameMessage(message: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt8(0, 0);
  header.writeUInt32BE(message.length, 1);
  return Buffer.concat([header, message]);
}

/** The one message of a unary body; throws `Error` with the framing problem otherwise. */
export function unframeMessage(body: Buffer): Buffer {
  if (body.length < 5) throw new Error(`gRPC body of ${body.length} bytes, shorter than a frame header`);
  if (body[0] !== 0) throw new Error(`compressed or unknown frame flag ${body[0]} (no grpc-encoding agreed)`);
  const length = body.readUInt32BE(1);
  if (5 + length !== body.length) {
    throw new Error(`frame announces ${length} bytes, body holds ${body.length - 5}`);
  }
  return body.subarray(5);
}

/** `grpc-message` is percent-encoded on the wire. */
export function decodeGrpcMessage(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
