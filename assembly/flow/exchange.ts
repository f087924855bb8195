// An exchange with the acquirer (docs/PROTOCOL.md): CONNECT, the request built
// once LINK says connected, SEND, the reply checked (messages.ts) and handed
// to the task that asked, or the failure (link down, no reply) handed to it.
// Which task builds, reads and fails each exchange: the three switches below.
import { Event, Cmd, Link, Key, Beep } from "./events";
import { St } from "./states";
import { emit, begin, end, putByte, putBytes, putWord } from "./queue";
import { profile } from "./profile";
import { T, W } from "./texts";
import { S, compose, addText, newline, show } from "./screens";
import {
  Op, FRAME, buildSignOn, buildEcho, buildBalance, buildOtpSubmit, buildOtpResend, acceptReply, replyCode, lastReject,
  rejectedField, Reject, buildAsRepeat, frameLen, reply, replyHasMac, rejectMac,
} from "./messages";
import { seal } from "./sealing";
import { askMac, secureStatus, SecureStatus, ModuleKey, MAC_CUP_ECB, RESULT } from "./secure";
import { macRegionOffset, macRegionLength, constantTimeEqual } from "./deps";
import { CH_0 } from "./bytes";
import { buildVerify } from "./layouts";
import { position, operation, exchange, deadlines, Deadline, terminal } from "./state";
import { readProcessingRequirement } from "./header";
import { beep, log, toMenu, ack } from "./moves";
import { titleOf } from "./render";
import { signOnReply, signOnFailed, echoReply, echoFailed } from "./tasks/startup";
import { balanceReply } from "./tasks/balance";
import { verificationReply } from "./tasks/results";
import { buildLossReport, lossReply, lossNotSent } from "./tasks/loss";
import { Step } from "./steps";

// Per exchange (Op), who builds the request, reads the reply, and says it failed: a
// switch each, not tables of function values (each of those costs the module a
// static object). tests/host/flow-table.test.ts reads the three.

/** Sets the request's fields (sealing.ts packs and MACs them): 0, or negative when it cannot be built. */
function buildRequest(o: i32): i32 {
  switch (o) {
    case Op.SIGN_ON: return buildSignOn();
    case Op.ECHO: return buildEcho();
    case Op.BALANCE: return buildBalance();
    case Op.VERIFY: return buildVerify();
    case Op.OTP_SUBMIT: return buildOtpSubmit();
    case Op.OTP_RESEND: return buildOtpResend();
    case Op.LOSS: return buildLossReport();
  }
  return -1;
}

/** Reads an accepted reply (field 39 as two ASCII characters). */
function onReply(o: i32, c0: i32, c1: i32): void {
  switch (o) {
    case Op.SIGN_ON: signOnReply(c0, c1); break;
    case Op.ECHO: echoReply(c0, c1); break;
    case Op.BALANCE: balanceReply(c0, c1); break;
    case Op.VERIFY:
    case Op.OTP_SUBMIT:
    case Op.OTP_RESEND: verificationReply(c0, c1); break;
    case Op.LOSS: lossReply(c0, c1); break;
  }
}

/** No usable reply: the text of the reason (link failed, no reply, request not built). */
function failed(t: i32): void {
  switch (exchange.op) {
    case Op.SIGN_ON: signOnFailed(t); break;
    case Op.ECHO: echoFailed(t); break;
    case Op.BALANCE:
    case Op.VERIFY:
    case Op.OTP_SUBMIT:
    case Op.OTP_RESEND: retryOffered(t); break;
    case Op.LOSS: lossNotSent(t); break;
  }
}

/** Opens the link for exchange `o`; the request is built when LINK says connected. */
export function startExchange(o: i32): void {
  exchange.unanswered = false;
  if (terminal.signOnAsked && o != Op.SIGN_ON && o != Op.ECHO) {
    // The POS centre asked for a sign-on (header.ts): first that, then this request.
    exchange.resumeOp = o;
    o = Op.SIGN_ON;
  }
  connectFor(o);
}

function connectFor(o: i32): void {
  deadlines.clear(Deadline.INPUT);
  deadlines.clear(Deadline.MESSAGE);
  exchange.op = o;
  compose(o == Op.SIGN_ON ? S.SIGNING_ON : S.PROCESSING);
  // The echo test is a network test, also the one start-up runs.
  addText(o == Op.SIGN_ON ? T.SIGNING_ON : (o == Op.ECHO ? T.TITLE_ECHO : titleOf(operation.task)));
  newline();
  addText(T.PROCESSING);
  show();
  emit(Cmd.CONNECT);
  deadlines.set(Deadline.HOST, profile.hostTimeout);
  position.state = St.EXPECT_LINK;
}

/**
 * The same exchange again (ENTER on "无应答" and the like). After a request that
 * went out and got no usable answer, it goes as an ISO 8583 repeat (same STAN,
 * repeat MTI), so the acquirer answers what it already decided and counts it
 * once (docs/PROTOCOL.md "Repeats"); after an answer (68, 98) it is a new request.
 * Sign-on and echo test are always new: they decide nothing about a card.
 */
export function resend(): void {
  const o = exchange.op;
  if (!(exchange.unanswered && o != Op.SIGN_ON && o != Op.ECHO)) exchange.unanswered = false;
  connectFor(o);
}

/** What most exchanges say when no reply came: the reason, ENTER sends again. */
function retryOffered(t: i32): void {
  ack(t, T.KEYS_RETRY, Step.resend, Step.NONE, Beep.ERROR);
}

/** LINK in EXPECT_LINK: connected, send the request; else the exchange failed. */
export function linkWhileConnecting(e: Event): void {
  if (e.byte != Link.UP) {
    deadlines.clear(Deadline.HOST);
    log(W.LOG_LINK_FAILED);
    failed(T.L_LINK_FAILED);
    return;
  }
  if (exchange.unanswered) buildAsRepeat();
  const n = buildRequest(exchange.op);
  if (n < 0) { notBuilt(); return; }
  seal(Step.sendRequest, Step.notBuilt);
}

/** Nothing can be sent (keys missing or a field refused): say so, never send half a message. */
export function notBuilt(): void {
  emit(Cmd.DISCONNECT);
  deadlines.clear(Deadline.HOST);
  log(W.LOG_NOT_BUILT);
  failed(T.L_NOT_SIGNED_ON);
}

/** The sealed request goes out; its reply is awaited. */
export function sendRequest(): void {
  begin(Cmd.SEND); putBytes(FRAME, frameLen()); end();
  exchange.unanswered = true;
  deadlines.set(Deadline.HOST, profile.hostTimeout);
  position.state = St.EXPECT_HOST_REPLY;
}

/** LINK in EXPECT_HOST_REPLY: the link dropping before the reply counts as no reply. */
export function linkWhileWaiting(e: Event): void {
  if (e.byte == Link.UP) return;
  deadlines.clear(Deadline.HOST);
  log(W.LOG_LINK_DROPPED);
  failed(T.L_NO_REPLY);
}

/** KEY in EXPECT_LINK: CANCEL gives the exchange up before anything is sent. */
export function keyWhileConnecting(e: Event): void {
  if (e.byte != Key.CANCEL) { beep(Beep.ERROR); return; }
  emit(Cmd.DISCONNECT);
  deadlines.clear(Deadline.HOST);
  toMenu();
}

/** TIMER HOST: no connection or no reply in time. */
export function hostTimeout(): void {
  const s = position.state;
  if (s != St.EXPECT_LINK && s != St.EXPECT_HOST_REPLY) return;
  emit(Cmd.DISCONNECT);
  log(W.LOG_NO_REPLY);
  failed(T.L_NO_REPLY);
}

/** RECEIVED: a reply that does not match the request (MTI, echoed fields, MAC) counts as none; a matching one goes to its task. */
export function received(e: Event): void {
  if (!acceptReply(exchange.op, e.src, e.length)) { rejected(); return; }
  if (replyHasMac(exchange.op)) { askMac(ModuleKey.MAK, MAC_CUP_ECB, e.src + <usize>macRegionOffset(), macRegionLength(), Step.replyMacMade); return; }
  replyAccepted();
}

function rejected(): void {
  begin(Cmd.LOG); putWord(W.LOG_REJECTED); putByte(CH_0 + lastReject());
  if (lastReject() == Reject.ECHO) { const f = rejectedField(); putWord(W.LOG_REJECTED_FIELD); putByte(CH_0 + f / 10); putByte(CH_0 + f % 10); }
  end();
}

/** The reply's MAC as the secure module made it: equal to field 64 (constant time), or the reply counts as none. */
export function replyMacMade(): void {
  if (secureStatus() != SecureStatus.OK || !constantTimeEqual(RESULT, reply.ptr(64), 8)) { rejectMac(); rejected(); return; }
  replyAccepted();
}

function replyAccepted(): void {
  exchange.unanswered = false;
  deadlines.clear(Deadline.HOST);
  emit(Cmd.DISCONNECT);
  readProcessingRequirement(exchange.op);
  onReply(exchange.op, replyCode(0), replyCode(1));
}
