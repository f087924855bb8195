// `realname-pos web [--port N] [--bank FILE] [--data DIR] [--lang zh-CN|en]
//   [--profile FILE]`: the browser simulator. Serves the page on 127.0.0.1; the
// page runs the core itself and sends its frames and records back here
// (host/web/server.ts).
import { join } from "node:path";
import { defaultWasmPath, projectRoot } from "../core";
import { simulatorProfile } from "../sim/profile";
import { startWebServer } from "../web/server";
import { oneOf, parseArgs, port, type Option } from "./args";
import type { Command } from "./command";
import { BANK_OPTION, LANG_OPTION, PROFILE_OPTION, loadBank, loadProfile } from "./inputs";

const OPTIONS: readonly Option[] = [
  { name: "port", value: "N", help: "the port on 127.0.0.1 (default 8383; 0: a free one, printed)" },
  BANK_OPTION,
  { name: "data", value: "DIR", help: "the data folder: records and logs (default: data/)" },
  LANG_OPTION,
  PROFILE_OPTION,
];

export const web: Command = {
  summary: "serve the browser simulator on 127.0.0.1 (the core runs in the page)",
  usage: ["web [--port N] [--bank FILE] [--data DIR] [--lang zh-CN|en] [--profile FILE]"],
  options: OPTIONS,
  notes: [
    "Open the address it prints. Records go to the same journal as simulate's (realname-pos records lists them).",
    "Needs npm run build (the page is build/web/). Runs until Ctrl+C or SIGTERM.",
    "Exit 0 when stopped, 1 when the data folder is in use, 2 usage error (a port that cannot be bound too).",
  ],
  examples: ["realname-pos web --port 0 --data /tmp/qa"],
  async run(argv: string[]): Promise<number> {
    const args = parseArgs(argv, OPTIONS);
    const portNumber = port(args.values.get("port") ?? "8383");
    const lang = oneOf(args.values.get("lang") ?? "zh-CN", ["zh-CN", "en"] as const, "--lang");
    let profile = simulatorProfile(lang);
    if (args.values.has("profile")) profile = loadProfile(profile, args.values.get("profile")!);
    const bank = args.values.has("bank") ? loadBank(args.values.get("bank")!) : undefined;
    const dataDir = args.values.get("data") ?? join(projectRoot(), "data");
    const server = await startWebServer({
      dataDir, profile, bank, port: portNumber, log: (line) => console.log(line),
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
