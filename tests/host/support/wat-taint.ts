// A taint check over WebAssembly text (the release build's build/realname.wat):
// which loads, stores, branches, selects and divisions depend on secret data.
//
// Secret ("tainted") = anything computed from a value loaded from memory (key
// bytes, data, round keys); public = function parameters (pointers, lengths,
// flags), constants and globals. One exception, named by the caller: loads of
// a context header (an `i32.load` of parameter 0 itself, offset 0), which hold
// the round count or number of DES keys the key length fixed. A flagged
// instruction is one whose address (load, store), condition (if, br_if,
// br_table, select), operands (div, rem) or, for a 64-bit shift or rotation,
// amount is tainted: those are what can make time or memory traffic depend on
// a secret. (A 64-bit shift by a variable amount becomes branches on 32-bit
// targets without a 64-bit shifter, e.g. wasm2c + gcc for Thumb-1 or i386;
// 32-bit shifts and rotations by a secret amount are one instruction.)
//
// The analysis follows the structured control flow: strong updates of locals
// along straight code, joins at the ends of blocks and ifs, and loops iterated
// until their entry states stop changing. Calls return the join of their
// arguments (the callees are checked on their own).

export interface Violation {
  func: string;
  line: number;
  instruction: string;
  why: string;
}

interface Func {
  name: string;
  params: number;
  results: number;
  locals: number;
  body: Array<{ text: string; line: number }>;
}

/** Every function of a module's text: name, parameter/result counts, locals and body lines. */
export function parseFunctions(wat: string): Map<string, Func> {
  const funcs = new Map<string, Func>();
  const lines = wat.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const head = lines[i].match(/^ \(func (\$\S+)(.*)$/);
    if (!head) continue;
    const f: Func = {
      name: head[1],
      params: (head[2].match(/\(param /g) ?? []).length,
      results: (head[2].match(/\(result /g) ?? []).length,
      locals: 0,
      body: [],
    };
    for (i++; i < lines.length && lines[i] !== " )"; i++) {
      const text = lines[i].trim();
      if (text.startsWith("(local ")) f.locals++;
      else if (text) f.body.push({ text, line: i + 1 });
    }
    funcs.set(f.name, f);
  }
  return funcs;
}

const UNARY = /^(i32|i64|f32|f64)\.(eqz|clz|ctz|popcnt|neg|abs|sqrt|ceil|floor|trunc|nearest|wrap_i64|extend\w*|convert\w*|trunc\w*|demote\w*|promote\w*|reinterpret\w*)$/;
const BINARY = /^(i32|i64|f32|f64)\.(add|sub|mul|and|or|xor|shl|shr_s|shr_u|rotl|rotr|eq|ne|lt_s|lt_u|gt_s|gt_u|le_s|le_u|ge_s|ge_u|lt|gt|le|ge|min|max|copysign|div|div_s|div_u|rem_s|rem_u)$/;

type Locals = boolean[];
const join = (a: Locals | null, b: Locals | null): Locals | null => (!a ? b && [...b] : !b ? [...a] : a.map((t, i) => t || b[i]));
const same = (a: Locals | null, b: Locals | null) => (a === null && b === null) || (!!a && !!b && a.every((t, i) => t === b[i]));

interface Frame {
  kind: "block" | "loop" | "if";
  label: string | null;
  height: number;
  results: number;
  /** Where the state at a branch to this label goes: the end (block, if) or the head (loop). */
  exit: Locals | null;
  entry: Locals;
  thenEnd: Locals | null;
  hasElse: boolean;
  loopAt: number;
}

/** The flagged instructions of function `name`. */
export function checkFunction(funcs: Map<string, Func>, name: string): Violation[] {
  const f = funcs.get(name);
  if (!f) throw new Error(`no function ${name} in the module text`);
  const localIndex = (ref: string) => {
    const n = Number(ref.replace(/^\$/, ""));
    if (!Number.isInteger(n)) throw new Error(`${name}: local ${ref} is not numbered`);
    return n;
  };
  /** Joined states that reach each loop head (from before it and from its back edges). */
  const loopHeads = new Map<number, Locals>();
  /** The head state each loop was analysed with in the last pass. */
  const used = new Map<number, Locals>();
  for (let pass = 0; ; pass++) {
    const violations: Violation[] = [];
    const stack: boolean[] = [];
    let locals: Locals = new Array(f.params + f.locals).fill(false);
    let dead = false;
    const frames: Frame[] = [];
    const pop = () => (dead ? false : stack.pop() ?? false);
    const flag = (at: { text: string; line: number }, why: string) => violations.push({ func: name, line: at.line, instruction: at.text, why });
    const target = (ref: string): Frame => {
      const byDepth = Number(ref);
      const frame = Number.isInteger(byDepth) ? frames[frames.length - 1 - byDepth] : [...frames].reverse().find((fr) => fr.label === ref);
      if (!frame) throw new Error(`${name}: branch to unknown label ${ref}`);
      return frame;
    };
    const branch = (frame: Frame) => {
      if (dead) return;
      if (frame.kind === "loop") loopHeads.set(frame.loopAt, join(loopHeads.get(frame.loopAt) ?? null, locals)!);
      else frame.exit = join(frame.exit, locals);
    };
    const changed: boolean[] = [];
    f.body.forEach((at, index) => {
      const [op, ...args] = at.text.split(/\s+/);
      const open = (kind: Frame["kind"]) => {
        const label = args.find((a) => a.startsWith("$")) ?? null;
        const results = (at.text.match(/\(result /g) ?? []).length;
        frames.push({ kind, label, height: stack.length, results, exit: null, entry: [...locals], thenEnd: null, hasElse: false, loopAt: index });
      };
      if (op === "block") open("block");
      else if (op === "loop") {
        const head = join(loopHeads.get(index) ?? null, dead ? null : locals)!;
        if (!same(used.get(index) ?? null, head)) changed.push(true);
        loopHeads.set(index, head);
        used.set(index, head);
        locals = [...head];
        open("loop");
      } else if (op === "if") {
        if (pop()) flag(at, "branch on a secret");
        open("if");
      } else if (op === "else") {
        const frame = frames[frames.length - 1];
        frame.thenEnd = dead ? null : [...locals];
        frame.hasElse = true;
        stack.length = frame.height;
        locals = [...frame.entry];
        dead = false;
      } else if (op === "end") {
        const frame = frames.pop()!;
        const values = dead ? new Array(frame.results).fill(true) : stack.slice(stack.length - frame.results);
        stack.length = frame.height;
        stack.push(...values);
        let out: Locals | null = dead ? null : locals;
        if (frame.kind !== "loop") out = join(out, frame.exit);
        if (frame.kind === "if") out = join(out, frame.hasElse ? frame.thenEnd : frame.entry);
        dead = out === null;
        locals = out ?? locals;
      } else if (op === "br" || op === "br_if") {
        if (op === "br_if" && pop()) flag(at, "branch on a secret");
        branch(target(args[0]));
        if (op === "br") dead = true;
      } else if (op === "br_table") {
        if (pop()) flag(at, "branch table on a secret");
        for (const ref of args) branch(target(ref));
        dead = true;
      } else if (op === "return" || op === "unreachable") {
        dead = true;
      } else if (op === "local.get") {
        stack.push(locals[localIndex(args[0])]);
      } else if (op === "local.set" || op === "local.tee") {
        const t = pop();
        if (!dead) locals[localIndex(args[0])] = t;
        if (op === "local.tee") stack.push(t);
      } else if (op === "global.get" || op === "memory.size" || /^(i32|i64|f32|f64)\.const$/.test(op)) {
        stack.push(false);
      } else if (op === "global.set" || op === "drop") {
        pop();
      } else if (/\.load/.test(op)) {
        const header = op === "i32.load" && args.length === 0 && f.body[index - 1]?.text === "local.get $0";
        if (pop()) flag(at, "load from a secret address");
        stack.push(!header);
      } else if (/\.store/.test(op)) {
        pop();
        if (pop()) flag(at, "store to a secret address");
      } else if (op === "select") {
        if (pop()) flag(at, "select on a secret");
        stack.push(pop() || pop());
      } else if (op === "call") {
        const callee = funcs.get(args[0]);
        if (!callee) throw new Error(`${name}: call to unknown ${args[0]}`);
        let t = false;
        for (let i = 0; i < callee.params; i++) t = pop() || t;
        for (let i = 0; i < callee.results; i++) stack.push(t);
      } else if (UNARY.test(op)) {
        stack.push(pop());
      } else if (BINARY.test(op)) {
        const b = pop(), a = pop();
        if (/\.(div|rem)/.test(op) && (a || b)) flag(at, "division of a secret");
        if (/^i64\.(shl|shr_s|shr_u|rotl|rotr)$/.test(op) && b) flag(at, "64-bit shift by a secret amount");
        stack.push(a || b);
      } else if (op === "nop") {
        // nothing
      } else {
        throw new Error(`${name}: instruction the check does not know: ${at.text}`);
      }
    });
    if (changed.length === 0 || pass > 50) return violations;
  }
}
