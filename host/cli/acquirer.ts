// `realname-pos acquirer --port N [--host H] [--bank FILE] [--data DIR] [--tmk HEX|-]`:
// the simulated acquirer alone, logging masked message dumps to the console and DATA.
import { join } from "node:path";
import { projectRoot } from "../core";
import { Acquirer } from "../acquirer/acquirer";
import { TestBank } from "../acquirer/bank";
import { coreCupCodec } from "../acquirer/core-codec";
import { listen, type AcquirerServer } from "../acquirer/server";
import { SIMULATOR_TMK } from "../sim/simulator";
import { fromHex } from "../hex";
import { parseArgs, port, required, UsageError, type Option } from "./args";
import type { Command } from "./command";
import { loadBank, readSecrets } from "./inputs";
import { lockFolder } from "../folder-lock";

const OPTIONS: readonly Option[] = [
  { name: "port", value: "N", help: "the TCP port (0: a free one, printed)" },
  { name: "host", value: "H", help: "the address to listen on (default 127.0.0.1)" },
  { name: "bank", value: "FILE", help: "the test bank, JSON (default: host/acquirer/default-bank.json)" },
  { name: "data", value: "DIR", help: "the data folder; the acquirer writes DIR/acquirer (default: data/)" },
  { name: "tmk", value: "HEX", help: "the terminal master key, 32 hex digits (default: the simulator's)", secret: true },
];

export const acquirer: Command = {
  summary: "run the simulated acquirer/issuer on a TCP port",
  usage: ["acquirer --port N [--host H] [--bank FILE] [--data DIR] [--tmk HEX|-]"],
  options: OPTIONS,
  notes: [
    "Speaks docs/PROTOCOL.md; logs every message as a masked dump to the console and DIR/acquirer/acquirer.log.",
    "Runs until Ctrl+C or SIGTERM. Exit 0 when stopped, 1 when DIR/acquirer is in use, 2 usage error",
    "(unknown option, bad value, unreadable --bank, a port that cannot be bound).",
  ],
  examples: ["realname-pos acquirer --port 0 --data /tmp/qa"],
  async run(argv: string[]): Promise<number> {
    const args = parseArgs(argv, OPTIONS);
    readSecrets(args, OPTIONS);
    const portNumber = port(required(args, "port"));
    const tmk = args.values.get("tmk") ?? SIMULATOR_TMK;
    if (!/^[0-9A-Fa-f]{32}$/.test(tmk)) throw new UsageError("--tmk must be 32 hex digits (a 16-byte TDES key)");
    const bank = args.values.has("bank") ? loadBank(args.values.get("bank")!) : TestBank.default();
    const dataDir = join(args.values.get("data") ?? join(projectRoot(), "data"), "acquirer");
    const lock = lockFolder(dataDir, "acquirer");
    let server: AcquirerServer;
    try {
      const instance = new Acquirer({ codec: coreCupCodec(), bank, tmk: fromHex(tmk), dataDir, onLog: (line) => console.log(line) });
      server = await listen(instance, portNumber, args.values.get("host") ?? "127.0.0.1").catch(async (e) => {
        await instance.flush();
        throw e; // main prints it in one line: the address and why it could not be bound
      });
    } catch (e) {
      lock.release();
      throw e;
    }
    return new Promise<number>((resolve) => {
      const stop = () => void server.close().then(() => (lock.release(), resolve(0)));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      // Announced only once a signal can stop it cleanly (a supervisor may act on this line at once).
      console.log(`acquirer listening on ${server.host}:${server.port}; ${bank.cards.length} cards; log, SMS outbox and hotlist in ${dataDir}`);
    });
  },
};
