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
export const FLOW_FEATURES: i32 = HAS_VERIFY | HAS_REPLACE | HAS_LOSS | HAS_BALANCE | HAS_SMS_CODE | HAS_PIN | HAS_RECORDS | HAS_CHIP;
