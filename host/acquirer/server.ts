// The acquirer on TCP: each connection is a stream of 2-byte length-prefixed
// frames (reassembled by the modem's FrameReader, however TCP splits them); each
// request gets its reply on the same connection, in order.
//
// Anyone who can reach the port can connect, so a connection may not hold the
// acquirer down: a frame that has started must complete within `frameDeadlineMs`
// (slowloris), a connection with no traffic is closed after `idleMs`, at most
// `maxConnections` are open at once (more are closed on arrival), and a client that
// does not read its replies stops being read once `maxReplyBacklog` bytes wait for it.
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { FrameReader } from "../devices/modem";
import type { Acquirer } from "./acquirer";

export interface AcquirerServer {
  readonly port: number;
  readonly host: string;
  /** Connections open now. */
  readonly connections: number;
  /** Drops every open connection (the terminal sees its link go down). */
  dropConnections(): void;
  /** Closes every connection, stops listening and flushes the acquirer's logs. */
  close(): Promise<void>;
}

export interface ServerLimits {
  /** Most milliseconds from a frame's first byte to its last (default 10 s). */
  frameDeadlineMs?: number;
  /** Milliseconds without a byte in either direction before a connection is closed (default 120 s). */
  idleMs?: number;
  /** Connections open at once; more are closed as they arrive (default 64). */
  maxConnections?: number;
  /** Reply bytes waiting for a slow reader before its requests stop being read (default 64 KiB). */
  maxReplyBacklog?: number;
}

const LIMIT_KEYS = ["frameDeadlineMs", "idleMs", "maxConnections", "maxReplyBacklog"];

export async function listen(acquirer: Acquirer, port = 0, host = "127.0.0.1", limits: ServerLimits = {}): Promise<AcquirerServer> {
  for (const key of Object.keys(limits)) if (!LIMIT_KEYS.includes(key)) throw new TypeError(`unknown server limit ${key}`);
  const o: Required<ServerLimits> = { frameDeadlineMs: 10_000, idleMs: 120_000, maxConnections: 64, maxReplyBacklog: 64 << 10, ...limits };
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => serve(socket));
  server.maxConnections = o.maxConnections;

  function serve(socket: Socket): void {
    sockets.add(socket);
    const reader = new FrameReader();
    let deadline: NodeJS.Timeout | undefined;
    socket.setNoDelay(true);
    socket.setTimeout(o.idleMs, () => socket.destroy());
    socket.on("data", (data: Buffer) => {
      let frames: Uint8Array[];
      try {
        frames = reader.push(new Uint8Array(data.buffer, data.byteOffset, data.length));
      } catch {
        socket.destroy(); // a corrupt length: nothing after it can be framed
        return;
      }
      for (const frame of frames) {
        const reply = acquirer.handleFrame(frame);
        if (reply && !socket.destroyed) socket.write(reply);
      }
      // The clock runs from a frame's first byte until the frame is whole.
      if (frames.length > 0 || reader.pending === 0) {
        clearTimeout(deadline);
        deadline = undefined;
      }
      if (reader.pending > 0) deadline ??= setTimeout(() => socket.destroy(), o.frameDeadlineMs);
      if (socket.writableLength > o.maxReplyBacklog) {
        socket.pause();
        socket.once("drain", () => socket.resume());
      }
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(deadline);
      sockets.delete(socket);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    port: address.port,
    host,
    get connections() {
      return sockets.size;
    },
    dropConnections: () => sockets.forEach((s) => s.destroy()),
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => void acquirer.flush().then(resolve));
      }),
  };
}
