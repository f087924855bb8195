/*
 * A C99 host for build/realname-tools.wasm, the tools module, written from
 * docs/ABI.md, the part documents and the generated include/realname.h.
 *
 * build.sh translates the module to C with wabt's wasm2c; this file (with
 * core.c) instantiates it, checks its ABI version, runs its self test and
 * drives a few building blocks through the input and output buffers: input
 * checks, a cup sign-on message packed and unpacked as records, a UnionPay
 * ECB MAC and a TDES key check value. It prints one `key=value` line per
 * result (under `tools.` for what host.c prints too) so that
 * tests/host/c-host.test.ts can compare them with the same calls made from
 * TypeScript (host/api/).
 *
 * Usage: tools [YYYYMMDD]   (today, the ID check's clock; default: the C library's)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"

/* After a failed check: the failure, and the check's reason key (docs/CHECKS.md). */
static void print_check_failure(core* c, const char* prefix) {
  char key[64];
  int32_t code = CALL0(c, errorCode);
  print_failure(c, prefix);
  snprintf(key, sizeof key, "%s.reason", prefix);
  if (CALL1(c, checkReason, (uint32_t)code) > 0) print_output_text(c, key);
}

/* ---- input checks (docs/CHECKS.md) --------------------------------------- */

static void check_pan(core* c, const char* prefix, const char* pan) {
  uint32_t length = (uint32_t)strlen(pan), n;
  uint8_t digits[32];
  const uint8_t* out;
  int32_t r, scheme, masked;
  char key[64];
  printf("%s.value=%s\n", prefix, pan);
  core_set_input(c, 0, pan, length);
  r = CALL1(c, checkPanInput, length);
  printf("%s.result=%d\n", prefix, (int)r);
  out = core_output(c, &n);
  if (n > sizeof digits) n = sizeof digits;
  memcpy(digits, out, n); /* copy: the next call overwrites the output buffer */
  snprintf(key, sizeof key, "%s.normalised", prefix);
  print_text(key, digits, n);
  if (r < 0) print_check_failure(c, prefix);
  scheme = CALL1(c, panSchemeInput, length);
  printf("%s.scheme=%d\n", prefix, (int)scheme);
  /* Mask the normalised digits (what the flow shows), not the raw input. */
  core_set_input(c, 0, digits, n);
  masked = CALL2(c, maskInput, REALNAME_MASK_PAN, n);
  snprintf(key, sizeof key, "%s.masked", prefix);
  if (masked >= 0) print_output_text(c, key);
}

static void check_id_number(core* c, const char* prefix, const char* id, int32_t today) {
  uint32_t length = (uint32_t)strlen(id);
  int32_t r, sex, birth, masked;
  char key[64];
  printf("%s.value=%s\n", prefix, id);
  core_set_input(c, 0, id, length);
  r = CALL2(c, checkIdNumberInput, length, (uint32_t)today);
  printf("%s.result=%d\n", prefix, (int)r);
  if (r < 0) {
    print_check_failure(c, prefix);
    return;
  }
  snprintf(key, sizeof key, "%s.normalised", prefix);
  print_output_text(c, key);
  sex = CALL0(c, checkedIdSex);
  birth = CALL0(c, checkedIdBirthDate);
  printf("%s.sex=%d\n%s.birthDate=%d\n", prefix, (int)sex, prefix, (int)birth);
  masked = CALL2(c, maskInput, REALNAME_MASK_ID_NUMBER, length);
  snprintf(key, sizeof key, "%s.masked", prefix);
  if (masked >= 0) print_output_text(c, key);
}

/* ---- ISO 8583 records (docs/ISO8583.md) ----------------------------------- */

/* Appends one record `field (1) | length (2, big-endian) | value`. */
static uint32_t put_record(uint8_t* at, uint8_t field, const void* value, uint32_t length) {
  at[0] = field;
  at[1] = (uint8_t)(length >> 8);
  at[2] = (uint8_t)length;
  memcpy(at + 3, value, length);
  return 3 + length;
}

static uint32_t put_text_record(uint8_t* at, uint8_t field, const char* text) {
  return put_record(at, field, text, (uint32_t)strlen(text));
}

/* Packs a cup sign-on (0800) and unpacks it again; leaves the packed message in
   `message` and its MAC input (offset, length) in `region` for the MAC below.
   Returns its length, or a negative ErrorCode. */
static int32_t sign_on(core* c, uint8_t* message, uint32_t capacity, uint32_t region[2]) {
  static const uint8_t tpdu[5] = {0x60, 0x00, 0x03, 0x00, 0x00};
  static const uint8_t header[6] = {0x60, 0x31, 0x00, 0x00, 0x00, 0x00};
  uint8_t records[256];
  uint32_t n = 0, length, at;
  const uint8_t* out;
  int32_t r;

  /* Any order; field 0 is the MTI, 193/194 the cup frame's TPDU and header (raw bytes). */
  n += put_text_record(records + n, 0, "0800");
  n += put_text_record(records + n, 11, "000001");
  n += put_text_record(records + n, 41, "12345678");
  n += put_text_record(records + n, 42, "123456789012345");
  n += put_text_record(records + n, 60, "00000001003");
  n += put_record(records + n, REALNAME_FIELD_TPDU, tpdu, sizeof tpdu);
  n += put_record(records + n, REALNAME_FIELD_HEADER, header, sizeof header);

  core_set_input(c, 0, records, n);
  r = CALL2(c, iso8583Pack, REALNAME_DIALECT_CUP, n);
  printf("iso.pack.result=%d\n", (int)r);
  if (r < 0) {
    print_failure(c, "iso.pack");
    return r;
  }
  out = core_output(c, &length);
  if (length > capacity) return -1;
  memcpy(message, out, length); /* copy: the next call overwrites the output buffer */
  print_hex("iso.pack.hex", message, length);
  region[0] = (uint32_t)CALL0(c, iso8583MacRegionOffset);
  region[1] = (uint32_t)CALL0(c, iso8583MacRegionLength);
  printf("iso.macRegion.offset=%u\niso.macRegion.length=%u\n", (unsigned)region[0], (unsigned)region[1]);

  /* Unpack it again: the fields come back as records in field-number order. */
  core_set_input(c, 0, message, length);
  r = CALL2(c, iso8583Unpack, REALNAME_DIALECT_CUP, length);
  printf("iso.unpack.result=%d\n", (int)r);
  if (r < 0) {
    print_failure(c, "iso.unpack");
    return r;
  }
  out = core_output(c, &n);
  memcpy(records, out, n < sizeof records ? n : sizeof records);
  for (at = 0; at + 3 <= n && n <= sizeof records;) {
    uint8_t field = records[at];
    uint32_t size = ((uint32_t)records[at + 1] << 8) | records[at + 2];
    int32_t spec;
    char key[32];
    if (at + 3 + size > n) break;
    /* Text for the MTI and n/an/ans/z fields, hex for b fields and the
       frame's raw parts (the spec's class is in bits 0..3; 0 = no such field). */
    spec = CALL2(c, iso8583FieldSpec, REALNAME_DIALECT_CUP, field);
    snprintf(key, sizeof key, "iso.unpack.field.%u", (unsigned)field);
    if (field == 0 || (spec > 0 && (spec & 15) != REALNAME_FIELD_CLASS_B)) print_text(key, records + at + 3, size);
    else print_hex(key, records + at + 3, size);
    at += 3 + size;
  }
  return (int32_t)length;
}

/* ---- cryptography (docs/CRYPTO.md) ----------------------------------------- */

/* cryptoMac(alg, keyLen, dataLen) with key | data in the input buffer. */
static void unionpay_mac(core* c, const char* key_name, const uint8_t* key, uint32_t key_length, const uint8_t* data, uint32_t data_length) {
  int32_t r;
  char name[64];
  if (core_set_input(c, 0, key, key_length) != 0 || core_set_input(c, key_length, data, data_length) != 0) {
    printf("%s.result=input too long\n", key_name);
    return;
  }
  r = CALL3(c, cryptoMac, REALNAME_MAC_CUP_ECB, key_length, data_length);
  printf("%s.result=%d\n", key_name, (int)r);
  snprintf(name, sizeof name, "%s.ascii", key_name);
  if (r >= 0) print_output_text(c, name);
  else print_failure(c, key_name);
}

/* cryptoCheckValue(alg, keyLen, n) with the key in the input buffer. */
static void tdes_check_value(core* c, const uint8_t* key, uint32_t key_length) {
  int32_t r;
  uint32_t n;
  const uint8_t* out;
  core_set_input(c, 0, key, key_length);
  r = CALL3(c, cryptoCheckValue, REALNAME_CIPHER_TDES, key_length, 3);
  printf("kcv.tdes.result=%d\n", (int)r);
  if (r < 0) {
    print_failure(c, "kcv.tdes");
    return;
  }
  out = core_output(c, &n);
  print_hex("kcv.tdes", out, n);
}

/* ---- main ------------------------------------------------------------------ */

int main(int argc, char** argv) {
  static core c;
  int32_t today, signed_on;
  uint8_t message[512], key[32], data[64];
  uint32_t key_length, data_length, region[2] = {0, 0};

  today = argc > 1 ? (int32_t)strtol(argv[1], NULL, 10) : today_yyyymmdd();
  if (core_open(&c) != 0) return 1;
  if (require_version("tools.abiVersion", "ABI", CALL0(&c, abiVersion), REALNAME_ABI_VERSION) != 0) return 1;
  if (require_self_test("tools.selfTest", CALL0(&c, selfTest)) != 0) return 1;

  printf("today=%d\n", (int)today);
  check_pan(&c, "pan", "6216 2610 0000 0000 018");
  check_pan(&c, "panLuhn", "6221558812340000"); /* a UnionPay test card that fails Luhn */
  check_id_number(&c, "id", "341126197709218366", today);
  check_id_number(&c, "idBad", "341126197709218367", today); /* wrong check character */

  signed_on = sign_on(&c, message, sizeof message, region);

  /* The UnionPay ECB MAC: the pgate worked example (docs/CRYPTO.md), then the
     sign-on message's MAC region under a synthetic MAK. */
  key_length = from_hex("2222222222222222", key, sizeof key);
  data_length = from_hex("1234567890ABCDEFABCDEF1234567890", data, sizeof data);
  unionpay_mac(&c, "mac.pgate", key, key_length, data, data_length);
  if (signed_on > 0 && region[0] + region[1] <= (uint32_t)signed_on) {
    key_length = from_hex("0123456789ABCDEFFEDCBA9876543210", key, sizeof key);
    unionpay_mac(&c, "mac.signOn", key, key_length, message + region[0], region[1]);
  }

  key_length = from_hex("0123456789ABCDEFFEDCBA9876543210", key, sizeof key);
  tdes_check_value(&c, key, key_length);

  printf("tools.restarts=%u\n", c.restarts);
  core_close(&c);
  return 0;
}
