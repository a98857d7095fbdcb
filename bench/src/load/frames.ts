/**
 * The few WebSocket frames a load client writes (RFC 6455 §5): client frames must be masked;
 * an all-zero masking key leaves the payload as it is, so nothing is XORed.
 */

export const OPCODE_TEXT = 0x1;
export const OPCODE_CLOSE = 0x8;
export const OPCODE_PING = 0x9;
export const OPCODE_PONG = 0xa;

export function clientFrame(opcode: number, payload: Buffer | string = ""): Buffer {
  const body = typeof payload === "string" ? Buffer.from(payload) : payload;
  if (body.length > 125) throw new Error("load clients only send small control frames");
  const frame = Buffer.alloc(6 + body.length);
  frame[0] = 0x80 | opcode;
  frame[1] = 0x80 | body.length;
  body.copy(frame, 6);
  return frame;
}

export function upgradeRequest(path: string, port: number): string {
  const key = Buffer.from(Array.from({ length: 16 }, () => Math.floor(Math.random() * 256)));
  return (
    `GET ${path} HTTP/1.1\r\n` +
    `Host: 127.0.0.1:${port}\r\n` +
    "Upgrade: websocket\r\n" +
    "Connection: Upgrade\r\n" +
    `Sec-WebSocket-Key: ${key.toString("base64")}\r\n` +
    "Sec-WebSocket-Version: 13\r\n\r\n"
  );
}
