// Every text the terminal shows or prints, in zh-CN and en (R12, R18), as
// data: TEXTS holds the pair for text id t at [2t] (zh-CN) and [2t+1] (en),
// so a vendor adds a language by adding a column, not by touching the flow.
// Lines are kept short for a 16-cell display (8 hanzi); screens.ts wraps
// whatever is longer, counting a CJK character as two cells.

import { textEntry, TEXT_SCRATCH, expandWord, WORD_SCRATCH } from "../generated/texts";
export { TEXT_SCRATCH, expandWord, WORD_SCRATCH };
import { bytesEqual } from "./bytes";

export const enum T {
  // titles
  TITLE_VERIFY, TITLE_REPLACE, TITLE_LOSS, TITLE_RECORDS, TITLE_ECHO, TITLE_BALANCE, TITLE_SETTINGS,
  // start-up
  SELF_TEST, SIGNING_ON, CONNECTING, PROCESSING,
  // menu
  MENU_TITLE, MENU_1, MENU_2, MENU_3, MENU_4, MENU_5, MENU_6, MENU_7,
  // prompts
  CONSENT, CONSENT_KEYS, NOTICE_TITLE, NOTICE_PROCESSOR, NOTICE_PURPOSE, NOTICE_RETENTION, NOTICE_DAYS, NOTICE_NO_LIMIT, NOTICE_RIGHTS, NOTICE_KEYS, PROMPT_NAME, ID_TYPE_TITLE, PROMPT_ID_TYPE, PROMPT_ID, PROMPT_CARD, LUHN_WARN, PROMPT_PHONE,
  PROMPT_PIN, CONFIRM_TITLE, CONFIRM_KEYS, LABEL_NAME, LABEL_ID, LABEL_CARD, LABEL_PHONE, PROMPT_OTP,
  OTP_SENT_TO, OTP_KEYS, PROMPT_PASSWORD, PROMPT_LOSS_CARD, LOSS_REASON, LOSS_CONFIRM, SETTINGS_LANG,
  PICK_RECORD, KEYS_RECORDS, KEYS_BACK, KEYS_RETRY, KEYS_CORRECT, KEYS_REPLACE, HELP_BACK,
  // answers in field 39 (docs/PROTOCOL.md "Response codes"), one per reason
  R_00, R_01, R_03, R_04, R_05, R_12, R_13, R_14, R_15, R_21, R_22, R_25, R_30, R_EXPIRED, R_34, R_38, R_40,
  R_41, R_43, R_45, R_51, R_55, R_56, R_57, R_58, R_59, R_61, R_62, R_65, R_68, R_75, R_77, R_90, R_91, R_92,
  R_94, R_96, R_97, R_98, R_99, R_A0, R_A7, R_P1, R_S1, R_S2, R_S3, R_OTHER,
  MISMATCH, MISMATCH_N, MISMATCH_I, MISMATCH_C, MISMATCH_P, // the elements in Fix order (results.ts elementText())
  // local outcomes (never reach the acquirer)
  L_NO_REPLY, L_LINK_FAILED, L_OUTSIDE_HOURS, L_CARD_BLOCKED, L_CARD_LOCKED, L_DAILY_LIMIT,
  L_FEATURE_OFF, L_BAD_NAME, L_BAD_CARD, L_BAD_PHONE, L_BAD_EXPIRY, L_EXPIRED, L_BAD_PIN,
  L_BAD_OTP, L_OTP_EXPIRED, L_WRONG_PASSWORD, L_NO_RECORDS, L_NOT_SAME_HOLDER, L_SUPPORT, L_CARD_PANS_DIFFER,
  L_SIGNON_FAILED, L_KEYS_BAD, L_SELFTEST_FAILED, L_BATTERY_LOW, L_NO_READER, L_NO_KEYS,
  L_PRINTER_OFF, L_ECHO_OK, L_LOSS_DONE, L_LOSS_LOCAL_ONLY, L_TIMEOUT, L_CANCELLED,
  L_NOTICE_1, L_NOTICE_2, L_BALANCE, L_NOT_SIGNED_ON, L_REPLACED_OK, L_SAVING, L_NOT_SAVED, KEYS_RESAVE, L_SAME_CARD,
  L_YUAN, L_CARD_BLOCKED_USE, L_RESEND_WAIT, L_SECONDS, L_ID_LENGTH, L_ID_REGION, L_ID_DATE, L_ID_CHECK, L_ID_LEGACY, L_ID_WRONG_TYPE,
  PROMPT_EXPIRY, KEYS_NO_EXPIRY, PROMPT_LOSS_PICKED, L_NOT_PICKED_CARD, LABEL_REASON, REASON_LOST, REASON_STOLEN,
  // record status
  ST_ACTIVE, ST_REPLACED, ST_LOST, ST_STOLEN, ST_FAILED,
  // receipt
  P_TITLE, P_MERCHANT, P_TERMINAL, P_TIME, P_RESULT, P_RRN, P_STAN, P_VID, P_NOTICE_TITLE,
  // help (F1), one per input screen
  H_MENU, H_CONSENT, H_NAME, H_ID_TYPE, H_ID, H_CARD, H_LUHN, H_PHONE, H_PIN, H_CONFIRM, H_OTP,
  H_PASSWORD, H_RECORDS, H_PICK, H_LOSS_CARD, H_LOSS_REASON, H_LOSS_CONFIRM, H_SETTINGS, H_RESULT,
  COUNT,
}

/**
 * [zh-CN, en] per text id, in enum order. The module carries these as one UTF-8
 * block that scripts/gen-texts.mjs writes from this table at every build
 * (assembly/generated/texts.ts): a new text is one enum member and one row here.
 */
@lazy export const TEXTS: StaticArray<string> = [
  "实名认证", "Verification",
  "换卡", "Card replacement",
  "挂失", "Report loss",
  "记录查询", "Saved records",
  "网络测试", "Network test",
  "余额查询", "Balance inquiry",
  "设置", "Settings",

  "正在自检...", "Self test...",
  "正在签到...", "Signing on...",
  "正在连接...", "Connecting...",
  "处理中,请稍候", "Processing...",

  "主菜单", "Main menu",
  "1.实名认证", "1 Verify",
  "2.换卡", "2 Replace card",
  "3.挂失", "3 Report loss",
  "4.记录查询", "4 Records",
  "5.网络测试", "5 Network test",
  "6.余额查询", "6 Balance",
  "7.设置", "7 Settings",

  "持卡人同意姓名、证件、卡号、手机用于实名认证?", "Holder OK to use name, ID, card, phone to verify?",
  "确认=同意", "ENTER=agree",
  "个人信息处理告知", "Privacy notice",
  "处理者:", "Processor: ",
  "用途:核验持卡人与银行卡(姓名、证件、卡号、手机号)", "Purpose: verify holder, ID, card, phone",
  "保存期限(天):", "Days kept: ",
  "期满删除", "Then erased",
  "不限,申请即删除", "Until you ask",
  "记录已脱敏;查询、更正、删除请联系商户", "Records masked; ask merchant to see, fix, erase",
  "F2打印告知", "F2 prints this",
  "请输入持卡人姓名", "Holder name:",
  "证件类型", "ID type",
  "1.居民身份证\n2.港澳台居住证\n3.外国人永居证", "1 Resident ID\n2 HKMOTW permit\n3 Foreign PR ID",
  "请输入身份证号", "ID number:",
  "刷卡/插卡/输卡号", "Present card", // one 16-cell line in both languages: 卡号 is never cut (F1 says how: swipe, insert or key)
  "卡号校验未通过,确认无误请按确认", "Check digit bad; ENTER if correct",
  "请输入预留手机号", "Reserved phone:",
  "请持卡人输入密码", "Holder PIN:",
  "请核对信息", "Check details",
  "确认提交 1-4修改", "ENTER=ok 1-4=fix",
  "姓名", "Name",
  "证件", "ID",
  "卡号", "Card",
  "手机", "Phone",
  "请输入短信验证码", "SMS code:",
  "已发送至", "Sent to",
  "F2=重发", "F2=resend",
  "请输入主管密码", "Admin password:",
  "请刷卡/输卡号,F2=选记录", "Card, or F2=pick record",
  "1.遗失 2.被盗", "1 Lost 2 Stolen",
  "确认挂失此卡?", "Report the loss?",
  "1.语言:中文", "1 Lang: English",
  "确认选 F2/F3换条", "ENTER pick F2/F3",
  "F2上条 F3下条", "F2 prev F3 next",
  "确认=返回", "ENTER=back",
  "确认=重试", "ENTER=retry",
  "确认=修改", "ENTER=correct",
  "确认=换卡", "ENTER=new card",
  "按任意键返回", "Any key: back",

  "认证成功", "Verification OK",
  "请持卡人与发卡银行联系", "Contact card issuer",
  "无效商户", "Invalid merchant",
  "此卡为无效卡", "Invalid card",
  "持卡人认证失败", "Not verified",
  "无效交易", "Invalid request",
  "无效金额", "Invalid amount",
  "无效卡号", "Invalid card no.",
  "此卡无对应发卡方", "No such issuer",
  "该卡未初始化或睡眠卡", "Card not active or dormant",
  "操作有误,或超出交易允许天数", "Wrong operation or too many days",
  "没有原始交易,请联系发卡方", "No original; contact issuer",
  "报文格式错误,请重试", "Format error, retry",
  "该卡已过期", "Card expired",
  "作弊卡,吞卡", "Fraud, keep card",
  "密码错误次数超限,请与发卡方联系", "PIN locked; call issuer",
  "发卡方不支持的交易", "Not supported by issuer",
  "挂失卡", "Lost card",
  "被窃卡", "Stolen card",
  "请使用芯片", "Use the chip",
  "可用余额不足", "Funds too low",
  "密码错", "Incorrect PIN",
  "查无此持卡人记录", "No holder record",
  "不允许此卡交易", "Card not allowed",
  "发卡方不允许该卡在本终端进行此交易", "Issuer bars this card on this terminal",
  "卡片校验错", "Card check error",
  "交易金额超限", "Amount too high",
  "受限制的卡", "Restricted card",
  "超出取款次数限制", "Frequency limit",
  "交易超时,请重试", "Timed out, retry",
  "密码错误次数超限", "PIN blocked",
  "批次号不一致,请重新签到", "Batch mismatch, sign on again",
  "系统日切,请稍后重试", "Day-end cut-off, try later",
  "发卡方状态不正常,请稍后重试", "Issuer down, try later",
  "发卡方线路异常,请稍后重试", "Issuer line fault, try later",
  "拒绝,重复交易,请稍后重试", "Duplicate, try later",
  "拒绝,交换中心异常,请稍后重试", "Switch fault, try later",
  "终端号未登记", "Unknown terminal",
  "发卡方超时", "Issuer timed out",
  "PIN格式错,请重新签到", "PIN error, sign on again",
  "MAC校验错,请重新签到", "MAC error, sign on again",
  "安全处理失败,请重新签到", "Security error, sign on again",
  "未留存手机号等通讯联系号码", "No phone on file at bank",
  "请输入短信验证码", "Enter SMS code",
  "短信验证码错误", "Wrong SMS code",
  "验证码已失效,请重新获取", "SMS code expired",
  "认证失败,代码", "Failed, code",
  "不一致:", "Mismatch:",
  "姓名", "name",
  "证件", "ID",
  "卡号", "card",
  "手机", "phone",

  "无应答,请重试", "No reply, retry",
  "网络连接失败", "Cannot connect",
  "非营业时间", "Outside hours",
  "此卡已挂失,本机禁止认证", "Card blocked on this terminal",
  "此卡失败次数过多,已锁定", "Card locked after failures",
  "此卡今日次数已满", "Card daily limit",
  "本终端不支持此功能", "Not offered on this terminal",
  "姓名格式有误", "Invalid name",
  "卡号有误", "Invalid card no.",
  "手机号有误", "Bad phone number",
  "有效期有误", "Invalid expiry",
  "卡已过期,请换卡", "Card expired",
  "密码须4-12位", "PIN: 4-12 digits",
  "验证码须4-8位", "Code: 4-8 digits",
  "验证码已过期", "SMS code expired",
  "密码错误", "Wrong password",
  "无记录", "No records",
  "证件与原记录不符", "Not same holder",
  "请联系客服:", "Support:",
  "卡内卡号不一致,请换卡", "Chip card numbers differ",
  "签到失败", "Sign-on failed",
  "密钥校验失败", "Key check failed",
  "自检失败", "Self test failed",
  "电量低,请充电", "Battery low",
  "读卡器故障", "Reader fault",
  "未注入密钥", "Keys missing",
  "打印机未就绪", "Printer not OK",
  "网络正常", "Network OK",
  "已挂失,本机已禁止此卡", "Reported; card blocked here",
  "本机已禁止此卡,上报未成功", "Blocked here; report not sent",
  "超时,已清除输入", "Timeout; cleared",
  "已取消,已清除输入", "Cancelled, input cleared",
  "致持卡人:您挂失的卡", "Holder notice: lost card",
  "已由新卡替代", "is now replaced",
  "余额:", "Balance:",
  "未签到", "Not signed on",
  "换卡成功", "Card replaced",
  "正在保存记录...", "Saving record...",
  "记录未保存!", "Record NOT saved",
  "确认=重新保存 取消=放弃", "ENTER=save again CANCEL=give up",
  "新卡不能是原卡", "Same as old card",
  "元", " CNY",
  "此卡已挂失,本机禁止使用", "Card blocked on this terminal",
  "请等", "Resend in ",
  "秒后再重发", " s",
  "证件号须18位", "ID: 18 chars",
  "地区码有误", "Bad region code",
  "出生日期有误", "Bad birth date",
  "末位校验码有误", "Bad check char",
  "15位旧号请输18位", "Use 18-digit ID",
  "号码与证件不符", "Not this ID type",
  "请输入有效期YYMM", "Expiry YYMM:",
  "无有效期按确认", "ENTER: none",
  "确认=挂失此卡", "ENTER=report it",
  "不是所选记录的卡", "Not that card",
  "原因", "Reason",
  "遗失", "lost",
  "被盗", "stolen",

  "有效", "active",
  "已换卡", "replaced",
  "已挂失", "lost",
  "被盗", "stolen",
  "失败", "failed",

  "实名认证凭条", "VERIFICATION SLIP",
  "商户:", "Merchant:",
  "终端:", "Terminal:",
  "时间:", "Time:",
  "结果:", "Result:",
  "参考号:", "RRN:",
  "流水号:", "STAN:",
  "认证号:", "Verif. id:",
  "持卡人通知", "HOLDER NOTICE",

  "按数字键选择,上下键翻页", "Press a digit; UP/DOWN pages",
  "请向持卡人说明用途,同意后按确认,取消退出", "Explain the use; ENTER once the holder agrees",
  "用输入法输入或读身份证,按确认", "Type or read ID card, then ENTER",
  "按持卡人出示的证件选1-3", "1-3: the document shown",
  "18位,末位X按*键;字母用输入法", "18 chars, *=X; letters as text",
  "刷卡、插卡或手输卡号", "Swipe, insert or key the number",
  "部分银联卡不符合校验,核对后按确认", "Some UnionPay cards fail it; ENTER if correct",
  "11位银行预留手机号", "11-digit phone held by the bank",
  "持卡人输入4-12位密码后按确认", "Holder keys 4-12 digit PIN, ENTER",
  "核对无误按确认;1姓名2证件3卡号4手机", "ENTER sends; 1 name 2 ID 3 card 4 phone",
  "输入短信验证码;F2重发", "Type the SMS code; F2 resends",
  "输入主管密码后按确认", "Type the admin password, ENTER",
  "上下键翻页,F2上一条,F3下一条,取消返回", "UP/DOWN pages, F2 newer, F3 older record",
  "上下键翻页,F2上一条,F3下一条,确认选此记录", "UP/DOWN pages, F2/F3 records, ENTER picks",
  "刷卡或手输卡号;F2从记录中选择", "Present card, or F2: pick record",
  "1遗失,2被盗", "1 lost, 2 stolen",
  "确认后上报并在本机禁止此卡", "ENTER reports it & blocks it here",
  "按1切换语言", "Key 1: language",
  "确认继续,取消返回菜单", "ENTER continues, CANCEL to menu",
];

/**
 * Every ASCII word the terminal writes or compares but never shows: its LOG
 * lines, the profile's keys and values, the saved records' keys and values,
 * the values it puts in ISO 8583 requests and the reply MTIs it expects.
 * WORDS holds word w at [w]; the module carries them pair-encoded in the texts'
 * block (scripts/gen-texts.mjs) and expands one at a time into WORD_SCRATCH, not
 * TEXT_SCRATCH: a new word is one enum member and one row.
 */
export const enum W {
  // LOG lines and the parts around a value (docs/ABI.md "LOG")
  LOG_HALTED, LOG_PRINTER_RECEIPTS, LOG_PRINTER_RECEIPT, LOG_PRINTER_NOTICE, LOG_BATTERY_LOW,
  LOG_INPUT_TIMEOUT, LOG_CANCELLED, LOG_NO_REPLY, LOG_LINK_FAILED, LOG_NOT_BUILT, LOG_LINK_DROPPED,
  LOG_REJECTED, LOG_REJECTED_FIELD, LOG_SIGN_ON_ASKED, LOG_PROCESSING_ASKED, LOG_NOT_SUPPORTED,
  LOG_KEYS_INSTALLED, LOG_BATCH, LOG_KEY_CHECK_FAILED, LOG_ANSWER, LOG_ANSWER_CARD, LOG_LOSS_ACCEPTED,
  LOG_CONSENT, LOG_NO_HASH_KEY, LOG_CARD_REFUSED, LOG_CARD_RECONFIRMED, LOG_CARD_BLOCKED, LOG_NO_PIN_BLOCK,
  LOG_WRONG_PASSWORD, LOG_NOT_SAVED, LOG_SAVING_AGAIN, LOG_GIVEN_UP,
  // profile keys (docs/ABI.md "Profile"), in profile.ts KEY_RULES order
  TERMINAL_ID, MERCHANT_ID, MERCHANT_NAME, FEATURES, LANGUAGE, TPDU, HEADER, BATCH, OPERATOR_CODE,
  TRACK_ENCRYPTION, VERIFY_LAYOUT, KEY_LAYOUT, KEY_CUSTODY, SUPPORT_PHONE, SUPERVISOR_PASSWORD, PRINTER,
  DISPLAY_COLUMNS, DISPLAY_ROWS, REQUIRE_PIN, MASK_CONFIRMATION, KEYED_EXPIRY_OPTIONAL, BATTERY_MIN,
  HOURS_OPEN, HOURS_CLOSE, MAX_FAILURES, LOCK_HOURS, DAILY_LIMIT, RETENTION_DAYS, INPUT_TIMEOUT,
  HOST_TIMEOUT, OTP_TIMEOUT, OTP_RESEND_AFTER, BATTERY, CHARGING, CARD_READER,
  // profile values, each key's in profile.ts KEY_RULES order (features' in FEATURE_* bit order; LOSS is also a record type)
  VERIFY, REPLACE, LOSS, BALANCE, ZH_CN, EN, FOUR_ELEMENTS, ACCOUNT, MODULE, CORE, READY, PAPER_OUT, ABSENT, FAULT,
  // record keys, in records.ts F order (docs/ABI.md "Saved records"), and values
  ID, TYPE, TIME, RESULT, RRN, STAN, VID, NAME, ID_NUMBER, PAN, PHONE, PAN_HASH, ID_HASH, STATUS,
  REPLACES, REPLACED_BY,
  VERIFICATION, ATTEMPT, ACTIVE, REPLACED, LOST, STOLEN, APPROVED,
  // the settings record
  SETTINGS_RECORD, TYPE_SETTINGS,
  // ISO 8583 values (docs/PROTOCOL.md): MTIs, 60.1 types, 60.3 codes, 60.4 onwards, other fields
  MTI_0100, MTI_0110, MTI_0200, MTI_0210, MTI_0302, MTI_0312, MTI_0800, MTI_0810, MTI_0820, MTI_0830,
  TYPE60_00, TYPE60_01, TYPE60_71, TYPE60_72, TYPE60_73, TYPE60_74,
  CODE60_000, CODE60_001, CODE60_003, CODE60_004, CODE60_301,
  NONE, MORE60_READER,
  PROCESSING_BALANCE, PROCESSING_VERIFY, CONDITION_NORMAL, PIN_DIGITS_MAX, CURRENCY_CNY, ACCOUNT_CHECK,
  LOSS_LOST, LOSS_STOLEN,
  // layouts.ts: the ID-type codes by session ID_TYPE_* (0 unpicked), the IT tag's then field 61's
  IT_UNPICKED, IT_RESIDENT, IT_PERMIT, IT_FOREIGN, F61_UNPICKED, F61_RESIDENT, F61_PERMIT, F61_FOREIGN,
  F61_TAIL,
  COUNT,
}

/** The words, in enum order (scripts/gen-texts.mjs pair-encodes them with the texts). */
@lazy export const WORDS: StaticArray<string> = [
  "power-on check failed: halted", "printer not ready: receipts will not be printed",
  "printer not ready: receipt not printed", "printer not ready: notice not printed", "battery low",
  "input timeout: input wiped", "cancelled: input wiped", "no reply from the acquirer", "link failed",
  "request not built", "link dropped before the reply",
  "reply rejected, treated as no reply: reason ", " field ",
  "the POS centre asks for a sign-on: before the next request", "the POS centre asks for processing ",
  ": not supported, refused",
  "sign-on: working keys installed", "sign-on: batch from the POS centre", "sign-on: key check failed",
  "verification answer ", " card ", "loss report accepted",
  "consent given", "record hash not made: no record-hash key", "card refused locally: ",
  "card number re-confirmed by the operator", "card blocked locally: ", "PIN block not made",
  "records: wrong supervisor password", "record not saved: no SAVED from storage", "saving again",
  "record not saved: given up by the operator",

  "terminalId", "merchantId", "merchantName", "features", "language", "tpdu", "header", "batch", "operatorCode",
  "trackEncryption", "verifyLayout", "keyLayout", "keyCustody", "supportPhone", "supervisorPassword", "printer",
  "displayColumns", "displayRows", "requirePin", "maskConfirmation", "keyedExpiryOptional", "batteryMin",
  "hoursOpen", "hoursClose", "maxFailures", "lockHours", "dailyLimit", "retentionDays", "inputTimeout",
  "hostTimeout", "otpTimeout", "otpResendAfter", "battery", "charging", "cardReader",

  "verify", "replace", "loss", "balance", "zh-CN", "en", "four-elements", "account", "module", "core", "ready", "paper-out", "absent", "fault",

  "id", "type", "time", "result", "rrn", "stan", "vid", "name", "idNumber", "pan", "phone", "panHash", "idHash", "status",
  "replaces", "replacedBy",
  "verification", "attempt", "active", "replaced", "lost", "stolen", "00",

  "id=S\ntype=settings\nlanguage=", "type=settings",

  "0100", "0110", "0200", "0210", "0302", "0312", "0800", "0810", "0820", "0830",
  "00", "01", "71", "72", "73", "74",
  "000", "001", "003", "004", "301",
  "", "50",
  "310000", "330000", "00", "12", "156", "CK10#",
  "41", "43",
  "01", "01", "11", "12", "01", "01", "01", "99",
  "CUPAM0010000000000000",
];

/** The text for id t in language lang (0 zh-CN, 1 en), as a string: for the specs; the module uses expandText(). */
export function text(t: i32, lang: i32): string {
  const i = t * 2 + (lang & 1);
  if (<u32>i >= <u32>TEXTS.length) return "?";
  return unchecked(TEXTS[i]);
}

/**
 * Writes the UTF-8 of text t in `lang` at TEXT_SCRATCH ("?" for an unknown id) and
 * returns its length in bytes. The scratch holds one text: the next call overwrites it.
 */
export function expandText(t: i32, lang: i32): i32 { return textEntry(t * 2 + (lang & 1)); }

/**
 * Writes the UTF-8 of word w at WORD_SCRATCH (nothing for an unknown id) and returns
 * WORD_SCRATCH, for a caller that knows the word's length. The scratch holds one
 * word: the next expandWord(), wordAt() or isWord() overwrites it.
 */
export function wordAt(w: i32): usize { expandWord(w); return WORD_SCRATCH; }

/** True when the `len` bytes at `p` are word w (overwrites WORD_SCRATCH). */
export function isWord(p: usize, len: i32, w: i32): bool {
  return len == expandWord(w) && bytesEqual(p, WORD_SCRATCH, len);
}
