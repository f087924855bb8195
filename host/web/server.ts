// The browser simulator's node side: serves the page, its bundle and the Wasm
// module on loopback, carries the page's frames to the simulated acquirer in this
// process (one POST, the reply frame back), and keeps the page's records in the
// same crash-safe journal as the desktop simulator. The core itself runs in the
// page: nothing here decides anything about the flow.
//
//   GET  /  /app.js  /realname.wasm   the page, its bundle (build/web/), the core
//   GET  /realname-tools.wasm         the tools module, the page's secure module (host/secure/tools-crypto.ts)
//   GET  /api/config                  the profile and the test bank's cards (number, expiry, status)
//   POST /api/frame                   one request frame -> its reply frame (empty body: no reply)
//   POST /api/save                    one record -> 200 once fsync'd in DATA/terminal/records.journal
//   GET  /api/records                 the journal's records (hex), for power-on, and the terminal's lease
//
// One page at a time is the terminal: the records come with a lease (header
// x-terminal-lease) that frames, saves and set-asides must carry. A page that
// powers on later takes the lease over and the earlier page gets 409, so two
// tabs never continue the same STAN sequence into one journal (record ids are
// date, time and STAN: they would collide).
//   POST /api/set-aside               {id, reason}: a record the core refused, moved to the quarantine file
//   GET  /api/otp                     the SMS code the acquirer last "sent"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { existsSync, readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { recordId, type Profile } from "../api/flow";
import { Acquirer } from "../acquirer/acquirer";
import { TestBank } from "../acquirer/bank";
import { coreCupCodec } from "../acquirer/core-codec";
import { FrameReader } from "../devices/frames";
import { JournalStorage, MAX_RECORD } from "../devices/storage";
import { SIMULATOR_TMK } from "../sim/profile";
import { defaultToolsPath } from "../core";
import { lockFolder, type FolderLock } from "../folder-lock";
import type { WebConfig } from "./session";
import { fromHex, toHex } from "../hex";

export interface WebServerOptions {
  dataDir: string;
  profile: Profile;
  /** Folder holding index.html and app.js (build/web/). */
  webDir: string;
  /** The terminal module's path (served to the page; the acquirer runs the tools module). */
  wasmPath: string;
  /** The tools module's path, served to the page for its secure module (default: build/realname-tools.wasm). */
  toolsPath?: string;
  bank?: TestBank;
  port?: number;
  /** Receives what opening the journal or a set-aside moved to its quarantine file. */
  log?: (line: string) => void;
}

export interface WebServer {
  readonly port: number;
  readonly url: string;
  readonly acquirer: Acquirer;
  close(): Promise<void>;
}

/** The header carrying the page's lease on the terminal (its value comes with GET /api/records). */
export const LEASE_HEADER = "x-terminal-lease";

/** Larger than any frame or record (the core's buffers are 4096 and 8192 bytes). */
const MAX_BODY = 16384;

const STATIC: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/index.html": { file: "index.html", type: "text/html; charset=utf-8" },
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/app.js.map": { file: "app.js.map", type: "application/json" },
};

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // An oversized body is read to its end and dropped, so the client gets its 413.
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on("end", () => (size > MAX_BODY ? reject(new HttpError(413, `body over ${MAX_BODY} bytes`)) : resolve(new Uint8Array(Buffer.concat(chunks)))));
    req.on("error", reject);
  });
}

export async function startWebServer(o: WebServerOptions): Promise<WebServer> {
  const bank = o.bank ?? TestBank.default();
  const wasm = new Uint8Array(readFileSync(o.wasmPath));
  const tools = new Uint8Array(readFileSync(o.toolsPath ?? defaultToolsPath()));
  // One writer per data folder (host/folder-lock.ts): a second web or simulate here is refused.
  const locks: FolderLock[] = [];
  let acquirer: Acquirer;
  let journal: JournalStorage;
  try {
    locks.push(lockFolder(join(o.dataDir, "terminal"), "web"), lockFolder(join(o.dataDir, "acquirer"), "web"));
    acquirer = new Acquirer({ codec: coreCupCodec(), bank, tmk: fromHex(SIMULATOR_TMK), dataDir: join(o.dataDir, "acquirer") });
    journal = new JournalStorage(join(o.dataDir, "terminal", "records.journal"), { log: o.log });
  } catch (e) {
    locks.forEach((l) => l.release());
    throw e;
  }
  const config: WebConfig = {
    profile: o.profile,
    cards: bank.cards.map((c) => ({ pan: c.pan, expiry: c.expiry, status: c.status, otp: c.otp, ...(c.note ? { note: c.note } : {}) })),
  };
  let port = 0;
  let lease = "";
  const decoder = new TextDecoder();
  const holdsLease = (req: IncomingMessage) => {
    if (lease === "" || req.headers[LEASE_HEADER] !== lease) throw new HttpError(409, "another page powered this terminal on after this one: reload the page to take it back");
  };

  const send = (res: ServerResponse, status: number, type: string, body: string | Uint8Array) => {
    res.writeHead(status, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff" });
    res.end(body);
  };
  const json = (res: ServerResponse, value: unknown) => send(res, 200, "application/json", JSON.stringify(value));

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Only pages served from this address may drive it (no DNS rebinding onto the acquirer).
    const host = req.headers.host ?? "";
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) throw new HttpError(403, "wrong host");
    const path = (req.url ?? "/").split("?")[0];
    const method = req.method ?? "GET";
    if (method === "GET" && STATIC[path]) {
      const file = join(o.webDir, STATIC[path].file);
      if (!existsSync(file)) throw new HttpError(500, `${file} missing: run npm run build`);
      return send(res, 200, STATIC[path].type, readFileSync(file));
    }
    if (method === "GET" && path === "/realname.wasm") return send(res, 200, "application/wasm", wasm);
    // The page names its icon inline (index.html); a client asking the default place gets no content, not a 404.
    if (method === "GET" && path === "/favicon.ico") return send(res, 204, "image/x-icon", "");
    if (method === "GET" && path === "/realname-tools.wasm") return send(res, 200, "application/wasm", tools);
    if (method === "GET" && path === "/api/config") return json(res, config);
    if (method === "GET" && path === "/api/records") {
      lease = toHex(randomBytes(16));
      res.setHeader(LEASE_HEADER, lease);
      return json(res, journal.records().map((r) => toHex(r.bytes)));
    }
    if (method === "GET" && path === "/api/otp") return json(res, { code: acquirer.lastCode() });
    if (method === "POST" && path === "/api/frame") {
      holdsLease(req);
      const body = await readBody(req);
      let frames: Uint8Array[];
      try {
        frames = new FrameReader().push(body);
      } catch {
        throw new HttpError(400, "frame length prefix out of range");
      }
      const whole = frames.reduce((n, f) => n + f.length, 0);
      if (frames.length !== 1 || whole !== body.length) throw new HttpError(400, "the body must be exactly one length-prefixed frame");
      return send(res, 200, "application/octet-stream", acquirer.handleFrame(frames[0]) ?? new Uint8Array(0));
    }
    if (method === "POST" && path === "/api/save") {
      holdsLease(req);
      const body = await readBody(req);
      if (body.length > MAX_RECORD) throw new HttpError(413, `record over ${MAX_RECORD} bytes`);
      const id = recordId(decoder.decode(body));
      if (id === undefined) throw new HttpError(400, "a record starts with an id= line");
      journal.append({ id, bytes: body }); // returns once fsync'd
      return json(res, { saved: id });
    }
    if (method === "POST" && path === "/api/set-aside") {
      holdsLease(req);
      let request: { id?: unknown; reason?: unknown };
      try {
        request = JSON.parse(decoder.decode(await readBody(req)));
      } catch {
        throw new HttpError(400, "the body must be JSON {id, reason}");
      }
      if (typeof request?.id !== "string" || typeof request.reason !== "string") throw new HttpError(400, "the body must be JSON {id, reason}");
      journal.setAside(request.id, `${request.reason} (reported by the page)`);
      return json(res, { setAside: request.id });
    }
    if (method === "POST" && path === "/api/remove") {
      holdsLease(req);
      let request: { ids?: unknown };
      try {
        request = JSON.parse(decoder.decode(await readBody(req)));
      } catch {
        throw new HttpError(400, "the body must be JSON {ids}");
      }
      const ids = request?.ids;
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string")) throw new HttpError(400, "the body must be JSON {ids: [string]}");
      journal.remove(ids as string[]);
      return json(res, { removed: ids.length });
    }
    throw new HttpError(STATIC[path] || path.startsWith("/api/") || path === "/realname.wasm" || path === "/realname-tools.wasm" ? 405 : 404, `${method} ${path}`);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((e) => {
      if (res.headersSent) return res.destroy();
      send(res, e instanceof HttpError ? e.status : 500, "text/plain; charset=utf-8", e instanceof Error ? e.message : String(e));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e) => {
      journal.close();
      locks.forEach((l) => l.release());
      reject(e);
    });
    server.listen(o.port ?? 0, "127.0.0.1", () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    acquirer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(async () => {
          journal.close();
          await acquirer.flush();
          locks.forEach((l) => l.release());
          resolve();
        });
      }),
  };
}
