// The browser simulator's page: draws the View of host/web/session.ts into the DOM
// of index.html and turns clicks and keys into the session's inputs. Everything
// the terminal does happens in the session; this file only wires elements.
import { Beep, Key } from "../api/flow";
import { TranscriptRecorder } from "../transcript/recorder";
import { httpTransport, pageKeyMeaning, WebSession, type Cell, type PageControl, type View } from "./session";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const screenEl = $("screen");
const statusEl = $("status");
const receiptsEl = $("receipts");
const logEl = $("log");
const textEl = $<HTMLInputElement>("text");
const cardEl = $<HTMLSelectElement>("card");
const panEl = $<HTMLInputElement>("pan");
const expiryEl = $<HTMLInputElement>("expiry");

let audio: AudioContext | undefined;
const TONES: Record<number, [number, number]> = {
  [Beep.CLICK]: [1200, 0.03], [Beep.SUCCESS]: [880, 0.15], [Beep.ERROR]: [220, 0.35], [Beep.ATTENTION]: [660, 0.25],
};

const view: View = {
  screen(screenId: number, rows: Cell[][]) {
    screenEl.dataset.screen = `#${screenId.toString(16).padStart(4, "0")}`;
    screenEl.replaceChildren(
      ...rows.map((row) => {
        const line = document.createElement("div");
        line.className = "line";
        for (const cell of row) {
          const span = document.createElement("span");
          span.textContent = cell.ch;
          if (cell.wide) span.className = "wide";
          line.append(span);
        }
        return line;
      }),
    );
  },
  status(note: string) {
    statusEl.textContent = note;
  },
  beep(tone: number) {
    const [freq, seconds] = TONES[tone] ?? TONES[Beep.CLICK];
    try {
      audio ??= new AudioContext();
      const osc = audio.createOscillator();
      osc.frequency.value = freq;
      osc.connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + seconds);
    } catch {
      // No audio (a headless browser): the beep is only a courtesy.
    }
  },
  receipt(lines: string[]) {
    const pre = document.createElement("pre");
    pre.textContent = lines.join("\n");
    receiptsEl.prepend(pre);
  },
  log(line: string) {
    logEl.textContent = `${line}\n${logEl.textContent ?? ""}`.slice(0, 20000);
  },
};

async function main(): Promise<void> {
  statusEl.textContent = "loading the core…";
  const [wasm, tools] = await Promise.all([
    WebAssembly.compileStreaming(fetch("/realname.wasm")), WebAssembly.compileStreaming(fetch("/realname-tools.wasm")),
  ]);
  // Everything the core sees and says, for the "transcript" download (docs/TRANSCRIPTS.md).
  const transcriptLines: string[] = [];
  const transcript = new TranscriptRecorder((line) => transcriptLines.push(line), [`realname-pos web, ${location.href}`]);
  $("transcript").addEventListener("click", () => {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([`${transcriptLines.join("\n")}\n`], { type: "text/plain" }));
    link.download = "realname-pos-transcript.txt";
    link.click();
    URL.revokeObjectURL(link.href);
  });
  const session = await WebSession.open({ wasm, tools, transport: httpTransport(), view, transcript });
  const { profile, cards } = session.config;
  document.documentElement.style.setProperty("--columns", String(profile.displayColumns ?? 16));
  for (const card of cards) {
    const option = document.createElement("option");
    option.value = card.pan;
    option.textContent = `${card.pan.slice(0, 6)}…${card.pan.slice(-4)} ${card.status}${card.otp ? " +SMS" : ""}${card.note ? ` (${card.note})` : ""}`;
    cardEl.append(option);
  }
  statusEl.textContent = `core running in this page (${profile.language ?? "zh-CN"}, ${profile.displayColumns ?? 16}x${profile.displayRows ?? 4})`;

  let linkCut = false;
  const control = async (c: PageControl) => {
    switch (c) {
      case "swipe":
        if (!session.swipe(cardEl.value)) view.status("no such card in the test bank");
        return;
      case "keyed":
        if (/^\d{12,19}$/.test(panEl.value) && /^\d{4}$/.test(expiryEl.value)) session.keyed(panEl.value, expiryEl.value);
        else panEl.focus();
        return;
      case "otp":
        if (!(await session.typeOtp())) view.status("no SMS code sent yet");
        return;
      case "power-cut":
        return session.powerCut();
      case "link":
        linkCut = session.toggleLink();
        return view.status(linkCut ? "link down (F10 to restore)" : "link restored");
    }
  };

  document.querySelectorAll<HTMLButtonElement>("[data-key]").forEach((button) => {
    const name = button.dataset.key!;
    const code = name.length === 1 ? name.charCodeAt(0) : Key[name as keyof typeof Key];
    button.addEventListener("click", () => session.key(code));
  });
  document.querySelectorAll<HTMLButtonElement>("[data-control]").forEach((button) => {
    button.addEventListener("click", () => void control(button.dataset.control as PageControl));
  });
  const sendText = () => {
    session.text(textEl.value);
    textEl.value = "";
    textEl.blur();
  };
  $("send-text").addEventListener("click", sendText);
  textEl.addEventListener("keydown", (e) => {
    if (e.key === "Enter") sendText();
    else if (e.key === "Escape") textEl.blur();
    else return;
    e.preventDefault();
  });

  document.addEventListener("keydown", (e) => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
    const meaning = pageKeyMeaning(e);
    if (!meaning) return;
    e.preventDefault();
    if (meaning.type === "key") session.key(meaning.key);
    else if (meaning.type === "control") void control(meaning.control);
    else {
      textEl.value = meaning.text;
      textEl.focus();
    }
  });
}

main().catch((e) => {
  statusEl.textContent = `failed to start: ${e instanceof Error ? e.message : String(e)}`;
  console.error(e);
});
