/*
 * A software secure element for the C host's keyCustody=module (docs/ABI.md "The secure
 * module"): a process of its own, as a terminal's secure chip sits apart from its
 * application processor, so the keys never share an address space with the terminal
 * core. Its cryptography is the tools module (build/realname-tools.wasm) through
 * wasm2c; each key passes through the tools instance's input buffer for one call only
 * (the tools module wipes the keys it is given). A real terminal calls its vendor SDK
 * instead (install an enciphered key under a master-key index, PIN block for a PAN, MAC
 * by key index).
 *
 * Usage: secure --keys FILE   (SLOT=HEX lines: MASTER and RECORD_HASH, 16 bytes each)
 * Speaks one line per request on stdin, one per answer on stdout, hex payloads
 * (secure-module-process.c is the other end):
 *   KIND HEX      a command of the core (INSTALL_KEY, PIN_ENTRY, MAC, ENCIPHER numbers)
 *   key CODE      a key pressed while a PIN entry runs
 *   timeout       the PIN entry's time ran out
 * answered by `KIND HEX` (an event for the core) or `none`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

#define SLOTS 6           /* enum realname_module_key: 1..5 */
#define KEY_MAX 16
#define LINE_MAX_BYTES 4096

static core tools;
static uint8_t keys[SLOTS][KEY_MAX];
static uint32_t key_length[SLOTS];
static uint8_t answer[LINE_MAX_BYTES];

/* The PIN entry in progress: the digits typed, the PAN and the most digits allowed. */
static struct { int open; char digits[16]; unsigned count, min, max; char pan[24]; } pin;

static void reply(int32_t kind, const uint8_t* payload, uint32_t length) {
  uint32_t i;
  printf("%d ", (int)kind);
  for (i = 0; i < length; i++) printf("%02X", payload[i]);
  printf("\n");
  fflush(stdout);
}

static void reply_none(void) {
  printf("none\n");
  fflush(stdout);
}

/* Calls a tools export over input = parts one after another; its output, NULL on failure. */
static const uint8_t* tools_output(int32_t result, uint32_t* length) {
  if (result < 0) return NULL;
  return core_output(&tools, length);
}

static int32_t put(uint32_t at, const void* bytes, uint32_t length) {
  return core_set_input(&tools, at, bytes, length) == 0 ? (int32_t)(at + length) : -1;
}

static const uint8_t* tdes(int mode, int encrypt, const uint8_t* key, uint32_t key_len, const uint8_t* data, uint32_t n, uint32_t* out_len) {
  static const uint8_t zero_iv[8];
  uint32_t iv_len = mode == REALNAME_CIPHER_MODE_CBC ? 8 : 0;
  if (put(0, key, key_len) < 0 || put(key_len, zero_iv, iv_len) < 0 || put(key_len + iv_len, data, n) < 0) return NULL;
  return tools_output(CALL6(&tools, cryptoCipher, REALNAME_CIPHER_TDES, mode, encrypt, key_len, iv_len, n), out_len);
}

static void install(const uint8_t* p, uint32_t length) {
  uint8_t status[2];
  uint32_t n = length >= 3 ? p[2] : 0, out_len = 0;
  int slot = length >= 1 ? p[0] : 0, master = length >= 2 ? p[1] : 0;
  const uint8_t* clear;
  uint8_t key[KEY_MAX];
  status[0] = (uint8_t)slot;
  status[1] = REALNAME_SECURE_REFUSED;
  if (master != REALNAME_MODULE_KEY_MASTER || key_length[master] == 0) status[1] = REALNAME_SECURE_NO_KEY;
  else if ((slot == REALNAME_MODULE_KEY_PIK || slot == REALNAME_MODULE_KEY_MAK || slot == REALNAME_MODULE_KEY_TDK) &&
           (n == 8 || n == 16) && length == 3 + n + 4 &&
           (clear = tdes(REALNAME_CIPHER_MODE_ECB, 0, keys[master], key_length[master], p + 3, n, &out_len)) != NULL && out_len == n) {
    memcpy(key, clear, n);
    status[1] = REALNAME_SECURE_CHECK_VALUE;
    if (put(0, key, n) >= 0 && (clear = tools_output(CALL3(&tools, cryptoCheckValue, REALNAME_CIPHER_TDES, n, 4), &out_len)) != NULL &&
        out_len == 4 && memcmp(clear, p + 3 + n, 4) == 0) {
      memcpy(keys[slot], key, n);
      key_length[slot] = n;
      status[1] = REALNAME_SECURE_OK;
    }
    memset(key, 0, sizeof key);
  }
  reply(REALNAME_EVENT_KEY_INSTALLED, status, 2);
}

/* MAC and ENCIPHER: SECURE_RESULT with a status, then the bytes. */
static void result(int32_t status, const uint8_t* bytes, uint32_t n) {
  answer[0] = (uint8_t)status;
  if (bytes) memcpy(answer + 1, bytes, n);
  reply(REALNAME_EVENT_SECURE_RESULT, answer, bytes ? 1 + n : 1);
}

static void mac(const uint8_t* p, uint32_t length) {
  int slot = length >= 2 ? p[0] : 0, alg = length >= 2 ? p[1] : 0;
  uint32_t out_len = 0;
  const uint8_t* out = NULL;
  int fits = (slot == REALNAME_MODULE_KEY_MAK && alg == REALNAME_MAC_CUP_ECB) || (slot == REALNAME_MODULE_KEY_RECORD_HASH && alg == REALNAME_MAC_AES_CMAC);
  if (slot <= 0 || slot >= SLOTS || key_length[slot] == 0) { result(REALNAME_SECURE_NO_KEY, NULL, 0); return; }
  if (fits && put(0, keys[slot], key_length[slot]) >= 0 && put(key_length[slot], p + 2, length - 2) >= 0)
    out = tools_output(CALL3(&tools, cryptoMac, alg, key_length[slot], length - 2), &out_len);
  if (out) result(REALNAME_SECURE_OK, out, out_len);
  else result(REALNAME_SECURE_REFUSED, NULL, 0);
}

static void encipher(const uint8_t* p, uint32_t length) {
  int slot = length >= 2 ? p[0] : 0, mode = length >= 2 ? p[1] : 0;
  uint32_t out_len = 0;
  const uint8_t* out = NULL;
  if (slot != REALNAME_MODULE_KEY_TDK || key_length[slot] == 0) { result(REALNAME_SECURE_NO_KEY, NULL, 0); return; }
  if (mode == REALNAME_SECURE_CIPHER_TDES_CBC) out = tdes(REALNAME_CIPHER_MODE_CBC, 1, keys[slot], key_length[slot], p + 2, length - 2, &out_len);
  if (out) result(REALNAME_SECURE_OK, out, out_len);
  else result(REALNAME_SECURE_REFUSED, NULL, 0);
}

static void pin_begin(const uint8_t* p, uint32_t length) {
  uint32_t n = length > 5 ? length - 5 : 0;
  memset(&pin, 0, sizeof pin);
  if (n >= sizeof pin.pan) n = sizeof pin.pan - 1;
  pin.open = 1;
  pin.min = length >= 3 ? p[1] : 4;
  pin.max = length >= 3 && p[2] < sizeof pin.digits ? p[2] : 12;
  memcpy(pin.pan, p + 5, n);
  reply_none(); /* the keypad answers as keys come */
}

static void pin_end(int32_t kind, const uint8_t* payload, uint32_t n) {
  memset(&pin, 0, sizeof pin);
  reply(kind, payload, n);
}

static void pin_key(int code) {
  uint8_t count, reason;
  uint32_t out_len = 0;
  const uint8_t* block = NULL;
  static const uint8_t fill[REALNAME_PIN_FILL_BYTES];
  uint32_t pan_len = (uint32_t)strlen(pin.pan), at;
  if (!pin.open) { reply_none(); return; }
  if (code >= REALNAME_KEY_DIGIT_0 && code <= REALNAME_KEY_DIGIT_9) {
    if (pin.count >= pin.max) { reply_none(); return; }
    pin.digits[pin.count++] = (char)code;
  } else if (code == REALNAME_KEY_CLEAR) {
    if (pin.count > 0) pin.digits[--pin.count] = 0;
  } else if (code == REALNAME_KEY_CANCEL) {
    reason = REALNAME_PIN_END_CANCELLED;
    pin_end(REALNAME_EVENT_PIN_ENDED, &reason, 1);
    return;
  } else if (code == REALNAME_KEY_ENTER && pin.count >= pin.min) {
    int pik = REALNAME_MODULE_KEY_PIK;
    if (key_length[pik] == 0) { reason = REALNAME_PIN_END_NO_KEY; pin_end(REALNAME_EVENT_PIN_ENDED, &reason, 1); return; }
    /* cryptoPinBlockEncode: PIN, PAN, fill, key one after another; with a key the block comes enciphered. */
    at = (uint32_t)put(0, pin.digits, pin.count);
    if (put(at, pin.pan, pan_len) >= 0 && put(at + pan_len, fill, sizeof fill) >= 0 && put(at + pan_len + sizeof fill, keys[pik], key_length[pik]) >= 0)
      block = tools_output(CALL4(&tools, cryptoPinBlockEncode, 0, pin.count, pan_len, key_length[pik]), &out_len);
    if (block && out_len == 8) { memcpy(answer, block, 8); pin_end(REALNAME_EVENT_PIN_BLOCK, answer, 8); }
    else { reason = REALNAME_PIN_END_NO_KEY; pin_end(REALNAME_EVENT_PIN_ENDED, &reason, 1); }
    return;
  } else {
    reply_none();
    return;
  }
  count = (uint8_t)pin.count;
  reply(REALNAME_EVENT_PIN_DIGITS, &count, 1);
}

/* The keys file: SLOT=HEX lines naming realname.h's module key slots. */
static int read_keys(const char* path) {
  char line[128];
  FILE* f = fopen(path, "r");
  if (f == NULL) { fprintf(stderr, "secure: cannot read the keys from %s\n", path); return -1; }
  while (fgets(line, sizeof line, f) != NULL) {
    char* eq = strchr(line, '=');
    int slot;
    if (eq == NULL || line[0] == '#') continue;
    for (slot = 1; slot < SLOTS; slot++) {
      const char* name = realname_module_key_name(slot);
      if (strlen(name) == (size_t)(eq - line) && memcmp(name, line, (size_t)(eq - line)) == 0) break;
    }
    if (slot == SLOTS || (key_length[slot] = from_hex(eq + 1, keys[slot], KEY_MAX)) != KEY_MAX) {
      fprintf(stderr, "secure: %s: not a SLOT=HEX line of a %d-byte key\n", path, KEY_MAX);
      fclose(f);
      return -1;
    }
  }
  fclose(f);
  memset(line, 0, sizeof line);
  return 0;
}

int main(int argc, char** argv) {
  static char line[2 * LINE_MAX_BYTES + 32];
  static uint8_t payload[LINE_MAX_BYTES];
  if (argc != 3 || strcmp(argv[1], "--keys") != 0) {
    fprintf(stderr, "usage: secure --keys FILE\n");
    return 2;
  }
  if (read_keys(argv[2]) != 0) return 2;
  if (core_open(&tools) != 0) return 1;
  if (CALL0(&tools, abiVersion) != REALNAME_ABI_VERSION) { /* stdout is the protocol: say it on stderr */
    fprintf(stderr, "secure: the tools module has ABI version %d, this build is for %d\n", (int)CALL0(&tools, abiVersion), REALNAME_ABI_VERSION);
    return 1;
  }
  while (fgets(line, sizeof line, stdin) != NULL) {
    char* hex = strchr(line, ' ');
    int kind = atoi(line);
    uint32_t n = 0;
    if (strncmp(line, "key ", 4) == 0) { pin_key(atoi(line + 4)); continue; }
    if (strncmp(line, "timeout", 7) == 0) {
      uint8_t reason = REALNAME_PIN_END_TIMED_OUT;
      if (pin.open) pin_end(REALNAME_EVENT_PIN_ENDED, &reason, 1);
      else reply_none();
      continue;
    }
    if (hex) n = from_hex(hex + 1, payload, sizeof payload);
    switch (kind) {
      case REALNAME_COMMAND_INSTALL_KEY: install(payload, n); break;
      case REALNAME_COMMAND_PIN_ENTRY: pin_begin(payload, n); break;
      case REALNAME_COMMAND_MAC: mac(payload, n); break;
      case REALNAME_COMMAND_ENCIPHER: encipher(payload, n); break;
      default: reply_none(); break;
    }
    memset(payload, 0, n);
  }
  memset(keys, 0, sizeof keys);
  core_close(&tools);
  return 0;
}
