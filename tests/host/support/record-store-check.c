/*
 * Test-only driver of examples/c-host/record-store.c for tests/host/c-host.test.ts:
 * each argument is `put:HEX` (a record, as SAVE gives it) or `find:HEX` (a
 * FIND_RECORD payload); each find prints the RECORD payload in hex on its own
 * line, for the test to compare with host/devices/record-index.ts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record-store.h"

static uint32_t from_hex(const char* hex, uint8_t* out, uint32_t capacity) {
  uint32_t n = 0;
  unsigned byte;
  while (hex[0] && hex[1] && n < capacity && sscanf(hex, "%2x", &byte) == 1) {
    out[n++] = (uint8_t)byte;
    hex += 2;
  }
  return n;
}

int main(int argc, char** argv) {
  static uint8_t in[4096], out[4096];
  int a;
  for (a = 1; a < argc; a++) {
    if (strncmp(argv[a], "put:", 4) == 0) {
      if (record_store_put(in, from_hex(argv[a] + 4, in, sizeof in)) != 0) return 1;
    } else if (strncmp(argv[a], "find:", 5) == 0) {
      uint32_t n = record_store_find(in, from_hex(argv[a] + 5, in, sizeof in), out, sizeof out), i;
      for (i = 0; i < n; i++) printf("%02X", out[i]);
      printf("\n");
    } else {
      return 2;
    }
  }
  return 0;
}
