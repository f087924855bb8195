// The answers that ask for a new sign-on (Q/CUP table A.2.1): A7 "安全处理失败"
// (a security failure at the centre), 99 (PIN format: keys out of step), A0
// (MAC) and 77 (batch). The terminal shows the reason, signs on when the
// operator confirms, and sends the same verification again under the new keys.
// Driven through events and read from the screen and the requests only, so it
// holds however the flow is cut into tasks.
import {
  bootToMenu, enterHolder, answerVerify, answerSignOn, beginReply, replyField, packReply, deliver, connect,
  readRequest, requestText, personalData, key, screen, ENTER, MAK_HEX,
} from "./flow-helpers";

const HOLDER_ID = "11010519491231002X";
const CHIPLESS_CARD = "K6216261000000000018=3012";
const SIGN_ON_ANSWERS = ["A7", "99", "A0", "77"];
const REASONS = ["安全处理失败", "PIN格式错", "MAC校验错", "批次号不一致"];

describe("A7, 99, A0, 77: sign on again, then the same verification", () => {
  /** Each code's reason and 请重新签到, ENTER: an 0800 goes out; after the 0810 the same 0100 goes again and its 00 ends the verification. */
  it("signs on and resends the same request", () => {
    for (let k = 0; k < SIGN_ON_ANSWERS.length; k++) {
      bootToMenu();
      enterHolder("张三", HOLDER_ID, CHIPLESS_CARD, "13552535506");
      key(ENTER);
      answerVerify(SIGN_ON_ANSWERS[k]);
      const sent = personalData();
      expect(sent.length).toBeGreaterThan(0);
      expect(screen().includes(REASONS[k])).toBe(true, SIGN_ON_ANSWERS[k]);
      expect(screen().includes("请重新签到")).toBe(true, SIGN_ON_ANSWERS[k]);
      key(ENTER);
      connect();
      readRequest();
      expect(requestText(0)).toBe("0800", SIGN_ON_ANSWERS[k]);
      answerSignOn();
      connect();
      readRequest();
      expect(requestText(0)).toBe("0100", SIGN_ON_ANSWERS[k]);
      expect(personalData()).toBe(sent, SIGN_ON_ANSWERS[k]);
      beginReply("0110", "00");
      replyField(38, "V00003");
      packReply(MAK_HEX);
      deliver();
      expect(screen().includes("认证成功")).toBe(true, SIGN_ON_ANSWERS[k]);
    }
  });
});
