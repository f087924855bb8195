// The SMS code (R8): the issuer asked for one (S1), the operator types it and
// it goes back with its reference (0100/72); F2 asks for a new one (0100/73)
// once the resend delay ran out or the code expired, also when that happened
// while a code was out with the acquirer (the smsCode part keeps it).
import { Event, Key, Beep } from "../events";
import { St } from "../states";
import { profile } from "../profile";
import { T } from "../texts";
import { Op, reply } from "../messages";
import { tlvFind, tlvFoundLength } from "../deps";
import { session, wipeEdit, EDIT, OTP, OTP_MAX, OTP_REF, OTP_REF_MAX, MASKED_OTP_PHONE, PHONE_MAX } from "../session";
import { copyBytes, parseDigits } from "../bytes";
import { position, deadlines, Deadline, smsCode, guidance } from "../state";
import { beep, enter, refuse, ackBack } from "../moves";
import { render } from "../render";
import { typeInto } from "../input";
import { startExchange } from "../exchange";

/** The masked phone the issuer names (field 62 `MP`): 3 + 4 digits with the stars, at most this long. */
const MASKED_PHONE_MAX: i32 = PHONE_MAX + 4;

/** S1: the issuer sent an SMS code; read its reference, validity and masked number (field 62, clear TLV). */
export function codeRequested(): void {
  session.otpRefLength = 0;
  session.maskedOtpPhoneLength = 0;
  let validity = profile.otpTimeout;
  if (reply.has(62)) {
    const p = reply.ptr(62), n = reply.length(62);
    let at = tlvFind(p, n, "OR");
    if (at >= 0 && tlvFoundLength() <= OTP_REF_MAX) { copyBytes(OTP_REF, p + <usize>at, tlvFoundLength()); session.otpRefLength = tlvFoundLength(); }
    at = tlvFind(p, n, "OT");
    if (at >= 0 && tlvFoundLength() == 3) { const v = parseDigits(p + <usize>at, 3); if (v > 0) validity = v; }
    at = tlvFind(p, n, "MP");
    if (at >= 0 && tlvFoundLength() <= MASKED_PHONE_MAX) {
      copyBytes(MASKED_OTP_PHONE, p + <usize>at, tlvFoundLength());
      session.maskedOtpPhoneLength = tlvFoundLength();
    }
  }
  if (session.otpRefLength == 0) {
    // Without a reference the code cannot be sent back: treat as a format error.
    ackBack(T.R_30);
    return;
  }
  smsCode.resendReady = false;
  smsCode.expired = false;
  deadlines.set(Deadline.OTP, validity);
  deadlines.set(Deadline.RESEND, profile.otpResendAfter);
  beep(Beep.ATTENTION);
  enter(St.EXPECT_OTP);
}

/** S3: the code expired at the issuer; F2 asks for a new one at once. */
export function codeExpiredAtIssuer(): void {
  smsCode.resendReady = true;
  deadlines.clear(Deadline.OTP);
  guidance.errorText = T.R_S3;
  enter(St.EXPECT_OTP);
}

/** Back to the code screen (after S2): it says so if the code ran out meanwhile. */
export function enterCode(): void {
  if (smsCode.expired) guidance.errorText = T.L_OTP_EXPIRED;
  enter(St.EXPECT_OTP);
}

/** KEY in EXPECT_OTP: digits, ENTER submits, F2 asks for a new code when allowed. */
export function codeKey(e: Event): void {
  const k = e.byte;
  if (k == Key.ENTER) { submitCode(); return; }
  if (k == Key.F2) {
    if (!smsCode.resendReady) { tooEarly(); return; }
    smsCode.resendReady = false;
    startExchange(Op.OTP_RESEND);
    return;
  }
  if (!typeInto(k, OTP_MAX, false)) beep(Beep.ERROR);
}

/** F2 before the resend delay ran out: say how long is left (the RESEND deadline's). */
function tooEarly(): void {
  const left = deadlines.secondsLeft(Deadline.RESEND);
  smsCode.waitSeconds = left > 0 ? <i32>left : 1;
  beep(Beep.ERROR);
  render();
}

function submitCode(): void {
  if (session.editLength < 4 || session.editLength > OTP_MAX) { refuse(T.L_BAD_OTP); return; }
  copyBytes(OTP, EDIT, session.editLength);
  session.otpLength = session.editLength;
  wipeEdit();
  startExchange(Op.OTP_SUBMIT);
}

/**
 * The OTP deadline: the code's validity ran out; it can no longer be submitted and a
 * new one may be asked for. Also while the code is out with the acquirer: the
 * code screen says so when S2 brings it back.
 */
export function codeTimeout(): void {
  if (session.otpRefLength > 0) { smsCode.resendReady = true; smsCode.expired = true; }
  if (position.state == St.EXPECT_OTP) { guidance.errorText = T.L_OTP_EXPIRED; enter(St.EXPECT_OTP); }
}

/** The RESEND deadline: F2 may ask for a new code (kept when it falls due during an exchange). */
export function resendAllowed(): void {
  if (session.otpRefLength > 0) smsCode.resendReady = true;
  if (position.state == St.EXPECT_OTP) render();
}
