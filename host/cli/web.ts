// `realname-pos web [--port N] [--bank FILE] [--data DIR] [--lang zh-CN|en]
//   [--profile FILE]`: the browser simulator. Serves the page on 127.0.0.1; the
// page runs the core itself and sends its frames and records back here
// (host/web/server.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultWasmPath, projectRoot } from "../core";
import { TestBank } from "../acquirer/bank";
import { mergeProfile } from "../sim/simulator";
import { simulatorProfile } from "../sim/profile";
import { startWebServer } from "../web/server";
import { oneOf, parseArgs, UsageError } from "./args";

export const web = {
  summary: "serve the browser simulator on 127.0.0.1 (the core runs in the page)",
  async run(argv: string[]): Promise<number> {
    const args = parseArgs(argv, { values: ["port", "bank", "data", "lang", "profile"] });
    if (args.positional.length) throw new UsageError(`unexpected argument ${JSON.stringify(args.positional[0])}`);
    const portText = args.values.get("port") ?? "8383";
    if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw new UsageError(`--port must be 0..65535 (got ${JSON.stringify(portText)})`);
    const lang = oneOf(args.values.get("lang") ?? "zh-CN", ["zh-CN", "en"] as const, "--lang");
    let profile = simulatorProfile(lang);
    if (args.values.has("profile")) profile = mergeProfile(profile, readFileSync(args.values.get("profile")!, "utf8"));
    const bank = args.values.has("bank") ? TestBank.load(args.values.get("bank")!) : undefined;
    const dataDir = args.values.get("data") ?? join(projectRoot(), "data");
    const server = await startWebServer({
      dataDir, profile, bank, port: Number(portText), log: (line) => console.log(line),
      webDir: join(projectRoot(), "build", "web"),
      wasmPath: defaultWasmPath(),
    });
    return new Promise<number>((resolve) => {
      const stop = () => void server.close().then(() => resolve(0));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      console.log(`browser simulator on ${server.url} (the core runs in the page); records and logs in ${dataDir}`);
    });
  },
};
