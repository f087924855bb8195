// The answer A7 ("安全处理失败", Q/CUP table A.2.1): a security failure at the
// centre, which the recommended POS practice answers by signing on again. The
// terminal shows the reason, signs on when the operator confirms, and sends the
// same verification again under the new keys. Driven through events and read
// from the screen and the requests only, so it holds however the flow is cut.
import {
  bootToMenu, enterHolder, answerVerify, answerSignOn, beginReply, replyField, packReply, deliver, connect,
  readRequest, requestText, key, screen, ENTER, MAK_HEX,
} from "./flow-helpers";

const ID = "11010519491231002X";
const CARD = "K6216261000000000018=3012";

describe("A7: sign on again, then the same verification", () => {
  /** The A7 text, ENTER: an 0800 goes out; after the 0810 the 0100 is sent again and its 00 ends the verification. */
  it("signs on and resends after A7", () => {
    bootToMenu();
    enterHolder("张三", ID, CARD, "13552535506");
    key(ENTER);
    answerVerify("A7");
    expect(screen().includes("安全处理失败")).toBe(true);
    expect(screen().includes("请重新签到")).toBe(true);
    key(ENTER);
    connect();
    readRequest();
    expect(requestText(0)).toBe("0800");
    answerSignOn();
    connect();
    readRequest();
    expect(requestText(0)).toBe("0100");
    beginReply("0110", "00");
    replyField(38, "V00003");
    packReply(MAK_HEX);
    deliver();
    expect(screen().includes("认证成功")).toBe(true);
  });
});
