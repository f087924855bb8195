// The acquirer on TCP: each connection is a stream of 2-byte length-prefixed
// frames (reassembled by the modem's FrameReader, however TCP splits them); each
// request gets its reply on the same connection, in order.
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { FrameReader } from "../devices/modem";
import type { Acquirer } from "./acquirer";

export interface AcquirerServer {
  readonly port: number;
  readonly host: string;
  /** Drops every open connection (the terminal sees its link go down). */
  dropConnections(): void;
  close(): Promise<void>;
}

export async function listen(acquirer: Acquirer, port = 0, host = "127.0.0.1"): Promise<AcquirerServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const reader = new FrameReader();
    socket.setNoDelay(true);
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
    });
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    port: address.port,
    host,
    dropConnections: () => sockets.forEach((s) => s.destroy()),
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}
