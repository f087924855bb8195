/*
 * keyCustody=core (secure-module.h): the keys go into the core at power-on, one
 * INJECT_KEY each. A terminal reads them from its secure element; this example reads
 * them from a file (the tests write the simulator's synthetic keys into it).
 */
#include <stdio.h>
#include <string.h>

#include "secure-module.h"

#define KEYS_MAX 4
#define KEY_BYTES 16

static uint8_t keys[KEYS_MAX][1 + KEY_BYTES]; /* slot byte, then the key: INJECT_KEY's payload */
static unsigned key_count;

/* The slot whose name is `name` in realname.h, or -1. */
static int slot_named(const char* name, size_t length) {
  int slot;
  for (slot = 0; slot < 256; slot++) {
    const char* known = realname_key_slot_name(slot);
    if (strlen(known) == length && memcmp(known, name, length) == 0) return slot;
  }
  return -1;
}

int secure_module_core_keys(const char* path) {
  char line[128];
  FILE* f = fopen(path, "r");
  if (f == NULL) {
    fprintf(stderr, "cannot read the keys from %s\n", path);
    return -1;
  }
  while (fgets(line, sizeof line, f) != NULL && key_count < KEYS_MAX) {
    char* eq = strchr(line, '=');
    int slot = eq ? slot_named(line, (size_t)(eq - line)) : -1;
    if (eq == NULL || line[0] == '#') continue;
    if (slot < 0 || strspn(eq + 1, "0123456789abcdefABCDEF") != 2 * KEY_BYTES ||
        from_hex(eq + 1, keys[key_count] + 1, KEY_BYTES) != KEY_BYTES) {
      fprintf(stderr, "%s: not a SLOT=HEX line of a %d-byte key: %.*s\n", path, KEY_BYTES, (int)(eq - line), line);
      fclose(f);
      return -1;
    }
    keys[key_count++][0] = (uint8_t)slot;
  }
  fclose(f);
  memset(line, 0, sizeof line);
  return 0;
}

static int32_t power_on(session* s) {
  int32_t result = 0;
  unsigned i;
  for (i = 0; i < key_count && result >= 0; i++) result = session_send(s, REALNAME_EVENT_INJECT_KEY, keys[i], sizeof keys[i]);
  return result;
}

const secure_module secure_module_core = {"core", power_on, NULL, NULL};
