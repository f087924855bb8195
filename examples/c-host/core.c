/*
 * One instance of a core module under wasm2c (core.h): start, calls that
 * survive a trap, the input and output buffers, and the printing both example
 * programs share. Compiled once per module (build.sh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"

#ifdef CORE_WASM2C_Z_NAMES
#define CORE_MODULE_INIT() CORE_PASTE(CORE_PASTE(Z_, CORE_NAME), _init_module)()
#define CORE_INSTANTIATE(m) CORE_PASTE(CORE_PASTE(Z_, CORE_NAME), _instantiate)(m)
#define CORE_FREE(m) CORE_PASTE(CORE_PASTE(Z_, CORE_NAME), _free)(m)
#else
#define CORE_MODULE_INIT() ((void)0)
#define CORE_INSTANTIATE(m) CORE_PASTE(CORE_PASTE(wasm2c_, CORE_NAME), _instantiate)(m)
#define CORE_FREE(m) CORE_PASTE(CORE_PASTE(wasm2c_, CORE_NAME), _free)(m)
#endif

static void core_restart(core* c);

int32_t core_call0(core* c, export0 f) {
  if (wasm_rt_impl_try() != 0) { core_restart(c); return CORE_TRAPPED; }
  return (int32_t)f(&c->module);
}
int32_t core_call1(core* c, export1 f, u32 a) {
  if (wasm_rt_impl_try() != 0) { core_restart(c); return CORE_TRAPPED; }
  return (int32_t)f(&c->module, a);
}
int32_t core_call2(core* c, export2 f, u32 a, u32 b) {
  if (wasm_rt_impl_try() != 0) { core_restart(c); return CORE_TRAPPED; }
  return (int32_t)f(&c->module, a, b);
}
int32_t core_call3(core* c, export3 f, u32 a, u32 b, u32 d) {
  if (wasm_rt_impl_try() != 0) { core_restart(c); return CORE_TRAPPED; }
  return (int32_t)f(&c->module, a, b, d);
}
int32_t core_call4(core* c, export4 f, u32 a, u32 b, u32 d, u32 e) {
  if (wasm_rt_impl_try() != 0) { core_restart(c); return CORE_TRAPPED; }
  return (int32_t)f(&c->module, a, b, d, e);
}
int32_t core_call6(core* c, export6 f, u32 a, u32 b, u32 d, u32 e, u32 g, u32 h) {
  if (wasm_rt_impl_try() != 0) { core_restart(c); return CORE_TRAPPED; }
  return (int32_t)f(&c->module, a, b, d, e, g, h);
}

/* Instantiates: allocates the linear memory (initial pages), copies the data
   segments and runs the module's start function, which could trap too. */
static int core_instantiate(core* c) {
  if (wasm_rt_impl_try() != 0) return -1;
  CORE_INSTANTIATE(&c->module);
  return 0;
}

static int core_started(int instantiated) {
  if (instantiated == 0) return 0;
  fprintf(stderr, "the core traps while starting: the module is broken\n");
  return -1;
}

static void core_restart(core* c) {
  c->restarts++;
  if (core_fresh(c) != 0) exit(1);
}

int core_open(core* c) {
  wasm_rt_init();
  CORE_MODULE_INIT();
  return core_started(core_instantiate(c));
}

int core_fresh(core* c) {
  CORE_FREE(&c->module);
  return core_started(core_instantiate(c));
}

void core_close(core* c) {
  CORE_FREE(&c->module);
  wasm_rt_free();
}

wasm_rt_memory_t* core_memory(core* c) {
  return CORE_EXPORT(memory)(&c->module);
}

/* The buffers are where realname.h says (REALNAME_INPUT_OFFSET, ...; core.h picks the
   module's): the ABI version, checked first, fixes them. The memory's bytes are re-read on every access: a memory
   that grew would move (this core's does not grow after start-up, but a host should
   not rely on a stale pointer). */
int core_set_input(core* c, uint32_t at, const void* bytes, uint32_t length) {
  if (at > CORE_INPUT_CAPACITY || length > CORE_INPUT_CAPACITY - at) return -1;
  if (length > 0) memcpy(core_memory(c)->data + REALNAME_INPUT_OFFSET + at, bytes, length); /* bytes may be NULL when empty */
  return 0;
}

const uint8_t* core_output(core* c, uint32_t* length) {
  int32_t n = CALL0(c, outputLength);
  *length = n < 0 || n > CORE_OUTPUT_CAPACITY ? 0u : (uint32_t)n;
  return core_memory(c)->data + CORE_OUTPUT_OFFSET;
}

void print_hex(const char* key, const uint8_t* bytes, uint32_t length) {
  uint32_t i;
  printf("%s=", key);
  for (i = 0; i < length; i++) printf("%02X", bytes[i]);
  printf("\n");
}

void print_text(const char* key, const uint8_t* bytes, uint32_t length) {
  printf("%s=%.*s\n", key, (int)length, (const char*)bytes);
}

void print_output_text(core* c, const char* key) {
  uint32_t n;
  const uint8_t* out = core_output(c, &n);
  print_text(key, out, n);
}

void print_failure(core* c, const char* prefix) {
  int32_t code = CALL0(c, errorCode);
  int32_t field = CALL0(c, errorField);
  int32_t offset = CALL0(c, errorOffset);
  printf("%s.errorCode=%d\n%s.errorName=%s\n", prefix, (int)code, prefix, realname_error_name(code));
  printf("%s.errorField=%d\n%s.errorOffset=%d\n", prefix, (int)field, prefix, (int)offset);
}

int require_version(const char* key, const char* what, int32_t found, int32_t built_for) {
  printf("%s=%d\n", key, (int)found);
  if (found == built_for) return 0;
  fprintf(stderr, "the module has %s version %d, this host was built for %s version %d: refusing to run it\n",
          what, (int)found, what, (int)built_for);
  return -1;
}

int require_self_test(const char* key, int32_t result) {
  printf("%s=%d\n", key, (int)result);
  if (result == 0) return 0;
  fprintf(stderr, "self test failed at known answer %d\n", (int)result);
  return -1;
}

uint32_t from_hex(const char* hex, uint8_t* out, uint32_t capacity) {
  uint32_t n = 0;
  while (hex[0] && hex[1] && n < capacity) {
    unsigned v;
    if (sscanf(hex, "%2x", &v) != 1) break;
    out[n++] = (uint8_t)v;
    hex += 2;
  }
  return n;
}

int32_t today_yyyymmdd(void) {
  time_t now = time(NULL);
  struct tm* t = localtime(&now);
  return (int32_t)((t->tm_year + 1900) * 10000 + (t->tm_mon + 1) * 100 + t->tm_mday);
}
