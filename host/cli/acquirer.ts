// `realname-pos acquirer --port N [--host H] [--bank FILE] [--data DIR]`: the
// simulated acquirer alone, logging masked message dumps to the console and DATA.
import { join } from "node:path";
import { projectRoot } from "../core";
import { Acquirer } from "../acquirer/acquirer";
import { TestBank } from "../acquirer/bank";
import { coreCupCodec } from "../acquirer/core-codec";
import { listen } from "../acquirer/server";
import { SIMULATOR_TMK } from "../sim/simulator";
import { parseArgs, required, UsageError } from "./args";
import { lockFolder } from "../folder-lock";

export const acquirer = {
  summary: "run the simulated acquirer/issuer on a TCP port",
  async run(argv: string[]): Promise<number> {
    const args = parseArgs(argv, { values: ["port", "host", "bank", "data", "tmk"] });
    if (args.positional.length) throw new UsageError(`unexpected argument ${JSON.stringify(args.positional[0])}`);
    const portText = required(args, "port");
    if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw new UsageError(`--port must be 0..65535 (got ${JSON.stringify(portText)})`);
    const tmk = args.values.get("tmk") ?? SIMULATOR_TMK;
    if (!/^[0-9A-Fa-f]{32}$/.test(tmk)) throw new UsageError("--tmk must be 32 hex digits (a 16-byte TDES key)");
    const bank = args.values.has("bank") ? TestBank.load(args.values.get("bank")!) : TestBank.default();
    const dataDir = join(args.values.get("data") ?? join(projectRoot(), "data"), "acquirer");
    const lock = lockFolder(dataDir, "acquirer");
    const instance = new Acquirer({ codec: coreCupCodec(), bank, tmk: Buffer.from(tmk, "hex"), dataDir, onLog: (line) => console.log(line) });
    const server = await listen(instance, Number(portText), args.values.get("host") ?? "127.0.0.1");
    return new Promise<number>((resolve) => {
      const stop = () => void server.close().then(() => (lock.release(), resolve(0)));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      // Announced only once a signal can stop it cleanly (a supervisor may act on this line at once).
      console.log(`acquirer listening on ${server.host}:${server.port}; ${bank.cards.length} cards; log, SMS outbox and hotlist in ${dataDir}`);
    });
  },
};
