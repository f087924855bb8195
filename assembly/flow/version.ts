// What this build of the flow can do, for the host's feature query.

/** Bumped when a state number, screen id, record key or event detail of the flow changes. */
// 2: EXPECT_SAVED (25) and the SAVE timer (6).
// 3: the settings record (id S, type=settings, key language); profile keys maskConfirmation and
//    keyedExpiryOptional; a 0302 may name the card by field 38 instead of field 2.
// 4: the timers are the core's deadlines (nextDeadline(), TIMER without a timer id); records in
//    the host's store — EXPECT_RECORD (26), the store's answers RECORD/ATTEMPTS, the queries
//    FIND_RECORD/COUNT_ATTEMPTS, PURGE and the profile key retentionDays.
//    Also: profile key keyCustody (module, the default: keys and PIN in the host's secure module); EXPECT_SECURE (27).
export const FLOW_VERSION: i32 = 4;

// Feature bits (flowFeatures()): what the core implements; the profile's
// `features` says what a terminal offers (R2).
export const HAS_VERIFY: i32 = 1;
export const HAS_REPLACE: i32 = 2;
export const HAS_LOSS: i32 = 4;
export const HAS_BALANCE: i32 = 8;
export const HAS_SMS_CODE: i32 = 16;
export const HAS_PIN: i32 = 32;
export const HAS_RECORDS: i32 = 64;
export const HAS_CHIP: i32 = 128;
export const HAS_CORE_CUSTODY: i32 = 256; // keyCustody=core: the core's own key store (the QA build; build/realname.wasm holds no keys)

/**
 * Whether this build compiles the core's own key store (keyCustody=core):
 * only a build given `--use CORE_KEY_CUSTODY=1` (scripts/build.mjs: the QA
 * module) does. Without it every branch of that custody folds away and the
 * module carries no cipher, MAC, PIN-block code or key store.
 */
// @ts-ignore: a compile-time global, defined or not
@inline export const CORE_CUSTODY: bool = isDefined(CORE_KEY_CUSTODY);

export const FLOW_FEATURES: i32 = HAS_VERIFY | HAS_REPLACE | HAS_LOSS | HAS_BALANCE | HAS_SMS_CODE | HAS_PIN | HAS_RECORDS | HAS_CHIP
  | (CORE_CUSTODY ? HAS_CORE_CUSTODY : 0);
