// The field 39 table (assembly/flow/responses.ts) against the table written out
// here from Q/CUP 006.6-2015 table A.2.1 (docs/PROTOCOL.md "Response codes"):
// every code's screen text in both languages, its action, whether it counts
// against the card, and the field a "fix" answer goes back to.
import {
  lookupResponse, responseText, responseAction, responseCounts, responseFix, responseCode, RESPONSE_ROWS, Act, Fix,
} from "../../assembly/flow/responses";
import { text, T } from "../../assembly/flow/texts";

const ZH = 0, EN = 1;
const N = Fix.FROM_44; // no fix field (the action is not FIX)

class Row {
  constructor(
    public code: string, public zh: string, public en: string,
    public action: i32, public counts: bool, public fix: i32,
  ) {}
}

// code, recommended POS text (zh-CN), English, action, counts against the card, fix field
const EXPECTED: Row[] = [
  new Row("00", "认证成功", "Verification OK", Act.DONE, true, N),
  new Row("01", "请持卡人与发卡银行联系", "Contact card issuer", Act.STOP, true, N),
  new Row("03", "无效商户", "Invalid merchant", Act.STOP, false, N),
  new Row("04", "此卡为无效卡", "Invalid card", Act.STOP, true, N),
  new Row("05", "持卡人认证失败", "Not verified", Act.FIX, true, Fix.FROM_44),
  new Row("12", "无效交易", "Invalid request", Act.STOP, false, N),
  new Row("13", "无效金额", "Invalid amount", Act.STOP, false, N),
  new Row("14", "无效卡号", "Invalid card no.", Act.FIX, true, Fix.CARD),
  new Row("15", "此卡无对应发卡方", "No such issuer", Act.STOP, false, N),
  new Row("21", "该卡未初始化或睡眠卡", "Card not active or dormant", Act.STOP, true, N),
  new Row("22", "操作有误,或超出交易允许天数", "Wrong operation or too many days", Act.STOP, false, N),
  new Row("25", "没有原始交易,请联系发卡方", "No original; contact issuer", Act.STOP, false, N),
  new Row("30", "报文格式错误,请重试", "Format error, retry", Act.STOP, false, N),
  new Row("33", "该卡已过期", "Card expired", Act.REPLACE, true, N),
  new Row("34", "作弊卡,吞卡", "Fraud, keep card", Act.STOP, true, N),
  new Row("38", "密码错误次数超限,请与发卡方联系", "PIN locked; call issuer", Act.STOP, true, N),
  new Row("40", "发卡方不支持的交易", "Not supported by issuer", Act.STOP, true, N),
  new Row("41", "挂失卡", "Lost card", Act.STOP, true, N),
  new Row("43", "被窃卡", "Stolen card", Act.STOP, true, N),
  new Row("45", "请使用芯片", "Use the chip", Act.FIX, false, Fix.CARD),
  new Row("51", "可用余额不足", "Funds too low", Act.STOP, false, N),
  new Row("54", "该卡已过期", "Card expired", Act.REPLACE, true, N),
  new Row("55", "密码错", "Incorrect PIN", Act.FIX, true, Fix.PIN),
  new Row("56", "查无此持卡人记录", "No holder record", Act.STOP, false, N),
  new Row("57", "不允许此卡交易", "Card not allowed", Act.STOP, true, N),
  new Row("58", "发卡方不允许该卡在本终端进行此交易", "Issuer bars this card on this terminal", Act.STOP, false, N),
  new Row("59", "卡片校验错", "Card check error", Act.FIX, true, Fix.CARD),
  new Row("61", "交易金额超限", "Amount too high", Act.STOP, false, N),
  new Row("62", "受限制的卡", "Restricted card", Act.STOP, true, N),
  new Row("65", "超出取款次数限制", "Frequency limit", Act.WAIT, false, N),
  new Row("68", "交易超时,请重试", "Timed out, retry", Act.RETRY, false, N),
  new Row("75", "密码错误次数超限", "PIN blocked", Act.STOP, true, N),
  new Row("77", "批次号不一致,请重新签到", "Batch mismatch, sign on again", Act.SIGN_ON, false, N),
  new Row("90", "系统日切,请稍后重试", "Day-end cut-off, try later", Act.WAIT, false, N),
  new Row("91", "发卡方状态不正常,请稍后重试", "Issuer down, try later", Act.WAIT, false, N),
  new Row("92", "发卡方线路异常,请稍后重试", "Issuer line fault, try later", Act.WAIT, false, N),
  new Row("94", "拒绝,重复交易,请稍后重试", "Duplicate, try later", Act.WAIT, false, N),
  new Row("96", "拒绝,交换中心异常,请稍后重试", "Switch fault, try later", Act.WAIT, false, N),
  new Row("97", "终端号未登记", "Unknown terminal", Act.STOP, false, N),
  new Row("98", "发卡方超时", "Issuer timed out", Act.RETRY, false, N),
  new Row("99", "PIN格式错,请重新签到", "PIN error, sign on again", Act.SIGN_ON, false, N),
  new Row("A0", "MAC校验错,请重新签到", "MAC error, sign on again", Act.SIGN_ON, false, N),
  new Row("A7", "安全处理失败,请重新签到", "Security error, sign on again", Act.SIGN_ON, false, N),
  new Row("P1", "未留存手机号等通讯联系号码", "No phone on file at bank", Act.STOP, true, N),
  new Row("S1", "请输入短信验证码", "Enter SMS code", Act.OTP, false, N),
  new Row("S2", "短信验证码错误", "Wrong SMS code", Act.FIX, true, Fix.OTP),
  new Row("S3", "验证码已失效,请重新获取", "SMS code expired", Act.RESEND, false, N),
];

let mismatch = "";

/** Looks the row's code up and compares every column; the differences are kept in `mismatch`. */
function rowMatches(row: Row): bool {
  lookupResponse(row.code.charCodeAt(0), row.code.charCodeAt(1));
  mismatch = "";
  if (text(responseText(), ZH) != row.zh) mismatch += " zh=" + text(responseText(), ZH);
  if (text(responseText(), EN) != row.en) mismatch += " en=" + text(responseText(), EN);
  if (responseAction() != row.action) mismatch += " action=" + responseAction().toString();
  if (responseCounts() != row.counts) mismatch += " counts=" + (responseCounts() ? "yes" : "no");
  if (responseFix() != row.fix) mismatch += " fix=" + responseFix().toString();
  if (mismatch.length > 0) trace(row.code + ":" + mismatch);
  return mismatch.length == 0;
}

describe("field 39: one table of text, action and counting rule", () => {
  /** Every code of the table shows its text in both languages, leads to its action and counts (or not) as written. */
  it("answers each code as Q/CUP A.2.1 and docs/PROTOCOL.md say", () => {
    let bad = 0;
    for (let i = 0; i < EXPECTED.length; i++) if (!rowMatches(EXPECTED[i])) bad++;
    expect(bad).toBe(0);
  });

  /** The table holds exactly these codes: none missing here, none extra there. */
  it("has a row for each code and no other", () => {
    expect(RESPONSE_ROWS).toBe(EXPECTED.length);
    for (let r = 0; r < RESPONSE_ROWS; r++) {
      const code = String.fromCharCode(responseCode(r) >> 8, responseCode(r) & 0xff);
      let listed = false;
      for (let i = 0; i < EXPECTED.length; i++) if (EXPECTED[i].code == code) listed = true;
      expect(listed).toBe(true);
    }
    expect(responseCode(RESPONSE_ROWS)).toBe(0);
  });

  /** The comparison fails on a wrong text, action or count (a check that cannot fail would prove nothing). */
  it("notices a row that differs", () => {
    expect(rowMatches(new Row("43", "此卡被没收,请联系发卡行", "Stolen card", Act.STOP, true, N))).toBe(false);
    expect(rowMatches(new Row("65", "超出取款次数限制", "Frequency limit", Act.WAIT, true, N))).toBe(false);
    expect(rowMatches(new Row("A7", "安全处理失败,请重新签到", "Security error, sign on again", Act.STOP, false, N))).toBe(false);
  });

  /** Reasons the issue named as collapsed before are each their own text now. */
  it("keeps 15, 34, 59, 94, 12, A7, 41, 43, 04 apart", () => {
    const codes = ["15", "34", "59", "94", "12", "A7", "41", "43", "04", "05", "56"];
    for (let i = 0; i < codes.length; i++) {
      lookupResponse(codes[i].charCodeAt(0), codes[i].charCodeAt(1));
      const t = responseText();
      expect(t).not.toBe(T.R_OTHER);
      for (let k = 0; k < i; k++) {
        lookupResponse(codes[k].charCodeAt(0), codes[k].charCodeAt(1));
        expect(responseText()).not.toBe(t);
      }
    }
  });

  /** A code in no row reads as "other": its code is shown, the operator stops, nothing counts. */
  it("reads an unknown code as other", () => {
    lookupResponse(0x51, 0x37); // "Q7"
    expect(responseText()).toBe(T.R_OTHER);
    expect(responseAction()).toBe(Act.STOP);
    expect(responseCounts()).toBe(false);
    lookupResponse(0x30, 0x35);
    lookupResponse(0x5a, 0x5a); // "ZZ" after a known code: nothing of 05 is left over
    expect(responseText()).toBe(T.R_OTHER);
    expect(responseFix()).toBe(0);
  });
});
