/*
 * A C99 terminal host for build/realname.wasm, written from docs/ABI.md and the
 * generated include/realname.h alone: it refuses a module whose ABI or flow version is
 * not the header's, runs the self test, powers on (profile, keys through the
 * secure-module port, the saved records, START) and runs a scripted operator against a
 * live acquirer (`realname-pos acquirer`) over TCP, saving records to an append-only
 * file fsync'd before SAVED. The flow's event loop is session.c, the devices posix.c.
 *
 * Usage: host [--acquirer HOST:PORT] [--profile FILE] [--keys FILE] [--store FILE]
 *             [--custody module|core] [--secure PROGRAM] [--script FILE] [--record FILE]
 *   --profile  the POWER_ON profile (key=value lines; default: a minimal one)
 *   --keys     the secure element's keys (secure-module.h), SLOT=HEX lines
 *   --custody  where the keys live (default module: the secure element PROGRAM, default
 *              the program `secure` next to this one; core: INJECT_KEY, not certifiable,
 *              and only with a module that implements it: build.sh with
 *              REALNAME_WASM=build/realname-qa.wasm, as build/realname.wasm holds no keys);
 *              the host adds keyCustody=... to the profile
 *   --store    the record file (records survive a restart: the record store answers from them)
 *   --script   the operator (required): steps of tests/scripts/ (key, keys, text,
 *              swipe TRACK2, keyed PAN YYMM, expect, wait)
 *   --record   writes a transcript (docs/TRANSCRIPTS.md)
 * It prints one key=value line per result (show=, print=, saved=, ...), which
 * tests/host/c-host.test.ts reads; exit 0, or 1 when an expect failed or the core faulted.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "ports.h"
#include "record-store.h"
#include "secure-module.h"
#include "session.h"
#include "transcript.h"

#define EXPECT_MS 8000 /* as scripted mode's expect in the TypeScript simulator */

static const char minimal_profile[] = "terminalId=10000001\nmerchantId=898100000000001\n";

/* The whole file, NUL-terminated, in `out`; its length, or -1. */
static long read_text(const char* path, char* out, size_t cap) {
  FILE* f = fopen(path, "rb");
  size_t n;
  if (f == NULL) return -1;
  n = fread(out, 1, cap - 1, f);
  fclose(f);
  out[n] = '\0';
  return (long)n;
}

/* A saved record into the record store (port_storage_each's callback). */
static void load(void* context, const uint8_t* record, uint32_t length) {
  (void)context;
  if (record_store_put(record, length) != 0) fprintf(stderr, "the record store is full\n");
}

static void restore(session* s, const uint8_t* record, uint32_t length) {
  uint32_t id = 0;
  if (record == NULL) return;
  while (id < length && record[id] != '\n') id++;
  session_send(s, REALNAME_EVENT_RESTORE, record, length);
  printf("restored=%.*s\n", (int)id, (const char*)record);
}

/* POWER_ON, the keys, RESTORE of the settings record and of the highest STAN, START (docs/ABI.md start-up order). */
static int power_on(session* s, const secure_module* keys, const char* profile_path) {
  static char profile[REALNAME_INPUT_CAPACITY + 1];
  long length = (long)strlen(minimal_profile);
  uint32_t n = 0;
  const uint8_t* record;
  if (profile_path && (length = read_text(profile_path, profile, sizeof profile - 64)) < 0) {
    fprintf(stderr, "cannot read the profile %s\n", profile_path);
    return -1;
  }
  if (!profile_path) strcpy(profile, minimal_profile);
  /* The custody last: the profile's last word on a key wins. */
  length += snprintf(profile + length, sizeof profile - (size_t)length, "\nkeyCustody=%s\n", keys->custody);
  if (session_send(s, REALNAME_EVENT_POWER_ON, (const uint8_t*)profile, (uint32_t)length) < 0) return -1;
  if (keys->power_on(s) < 0) return -1;
  if (port_storage_each(load, NULL) != 0) {
    fprintf(stderr, "the record file is unreadable\n");
    return -1;
  }
  record = record_store_settings(&n);
  restore(s, record, n);
  record = record_store_highest_stan(&n);
  restore(s, record, n);
  return session_send(s, REALNAME_EVENT_START, NULL, 0) < 0 ? -1 : 0;
}

/* ---- the scripted operator (a subset of host/sim/script.ts's steps) -------------- */

/* The key code named as scripts name keys: ENTER, F1, ..., the digits and * # themselves. */
static int key_code(const char* name) {
  char full[16];
  int code;
  if (strlen(name) == 1 && name[0] >= '0' && name[0] <= '9') snprintf(full, sizeof full, "DIGIT_%c", name[0]);
  else snprintf(full, sizeof full, "%s", strcmp(name, "*") == 0 ? "STAR" : strcmp(name, "#") == 0 ? "HASH" : name);
  for (code = 0; code < 256; code++) {
    if (strcmp(realname_key_name(code), full) == 0) return code;
  }
  return -1;
}

static int send_key(session* s, const char* name) {
  int code = key_code(name);
  uint8_t byte = (uint8_t)code;
  if (code < 0) return -1;
  /* During a PIN entry the secure module has the keypad (keyCustody=module). */
  if (s->secure->key && s->secure->key(s, byte)) session_flush(s);
  else session_send(s, REALNAME_EVENT_KEY, &byte, 1);
  return 0;
}

/* A CARD event: the source byte, then the data. */
static void send_card(session* s, int32_t source, const char* data) {
  static uint8_t card[REALNAME_INPUT_CAPACITY];
  size_t n = strlen(data);
  if (n + 1 > sizeof card) n = sizeof card - 1;
  card[0] = (uint8_t)source;
  memcpy(card + 1, data, n);
  session_send(s, REALNAME_EVENT_CARD, card, (uint32_t)n + 1);
}

/* Lets the acquirer and the core's deadline run for `ms`, or until the screen shows `text` (when given). */
static int run_for(session* s, int ms, const char* text) {
  uint64_t until = port_monotonic_ms() + (uint64_t)ms;
  for (;;) {
    if (text && session_screen_shows(s, text)) return 0;
    if (s->trapped || s->shutdown) return -1;
    if (port_monotonic_ms() >= until) return text ? -1 : 0;
    session_wait(s, 20);
  }
}

/* One step; 0 done, -1 failed (said on stderr with FILE:LINE). */
static int step(session* s, const char* file, unsigned line, char* op, char* arg) {
  char pan[24], expiry[8], keyed[40];
  const char* p;
  char digit[2] = {0, 0};
  if (strcmp(op, "key") == 0) {
    if (send_key(s, arg) == 0) return 0;
  } else if (strcmp(op, "keys") == 0) {
    for (p = arg; *p; p++) {
      digit[0] = *p;
      if (send_key(s, digit) != 0) break;
    }
    if (*p == '\0') return 0;
  } else if (strcmp(op, "text") == 0) {
    session_send(s, REALNAME_EVENT_TEXT, (const uint8_t*)arg, (uint32_t)strlen(arg));
    return 0;
  } else if (strcmp(op, "swipe") == 0 && strchr(arg, '=') != NULL) {
    send_card(s, REALNAME_CARD_SOURCE_SWIPE, arg);
    return 0;
  } else if (strcmp(op, "keyed") == 0 && sscanf(arg, "%19s %4s", pan, expiry) == 2) {
    snprintf(keyed, sizeof keyed, "%s=%s", pan, expiry);
    send_card(s, REALNAME_CARD_SOURCE_KEYED, keyed);
    return 0;
  } else if (strcmp(op, "wait") == 0) {
    return run_for(s, atoi(arg), NULL);
  } else if (strcmp(op, "expect") == 0) {
    if (run_for(s, EXPECT_MS, arg) == 0) return 0;
    fprintf(stderr, "%s:%u: expected \"%s\"; it shows \"%s\"\n", file, line, arg, s->screen_length > 2 ? (const char*)s->screen + 2 : "");
    return -1;
  }
  fprintf(stderr, "%s:%u: the C host cannot run `%s %s` (key, keys, text, swipe TRACK2, keyed PAN YYMM, wait, expect)\n", file, line, op, arg);
  return -1;
}

static int run_script(session* s, const char* path) {
  static char text[64 * 1024];
  char* line;
  char* next;
  unsigned number = 0;
  if (read_text(path, text, sizeof text) < 0) {
    fprintf(stderr, "cannot read the script %s\n", path);
    return -1;
  }
  for (line = text; line && *line; line = next) {
    char* arg;
    size_t n;
    next = strchr(line, '\n');
    if (next) *next++ = '\0';
    number++;
    n = strlen(line);
    while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' ')) line[--n] = '\0';
    while (*line == ' ') line++;
    if (*line == '\0' || *line == '#') continue;
    arg = strchr(line, ' ');
    if (arg) *arg++ = '\0';
    else arg = line + n;
    if (step(s, path, number, line, arg) != 0) return -1;
    run_for(s, 0, NULL); /* what the step set going (a reply already in) */
    if (s->trapped || s->shutdown) return -1;
  }
  return 0;
}

/* ---- main ------------------------------------------------------------------ */

int main(int argc, char** argv) {
  static core c;
  static session s;
  const char *acquirer = NULL, *profile = NULL, *keys = NULL, *store = NULL, *script = NULL, *record = NULL;
  const char *custody = "module", *secure = NULL;
  static char secure_default[4096];
  const secure_module* module;
  FILE* transcript = NULL;
  wasm_rt_memory_t* memory;
  int i, status;

  for (i = 1; i + 1 < argc; i += 2) {
    const char** option = strcmp(argv[i], "--acquirer") == 0 ? &acquirer : strcmp(argv[i], "--profile") == 0 ? &profile
                        : strcmp(argv[i], "--keys") == 0 ? &keys : strcmp(argv[i], "--store") == 0 ? &store
                        : strcmp(argv[i], "--script") == 0 ? &script : strcmp(argv[i], "--record") == 0 ? &record
                        : strcmp(argv[i], "--custody") == 0 ? &custody : strcmp(argv[i], "--secure") == 0 ? &secure : NULL;
    if (option == NULL) break;
    *option = argv[i + 1];
  }
  if (i < argc || script == NULL || (strcmp(custody, "module") != 0 && strcmp(custody, "core") != 0)) {
    fprintf(stderr, "usage: host [--acquirer HOST:PORT] [--profile FILE] [--keys FILE] [--store FILE] [--custody module|core] [--secure PROGRAM] --script FILE [--record FILE]\n");
    return 2;
  }
  module = strcmp(custody, "core") == 0 ? &secure_module_core : &secure_module_process;
  if (module == &secure_module_process && secure == NULL) {
    const char* slash = strrchr(argv[0], '/');
    snprintf(secure_default, sizeof secure_default, "%.*ssecure", slash ? (int)(slash - argv[0] + 1) : 0, argv[0]);
    secure = secure_default;
  }
  if (posix_ports_open(acquirer, store) != 0) return 2;
  if (record && (transcript = fopen(record, "w")) == NULL) {
    fprintf(stderr, "cannot write the transcript %s\n", record);
    return 2;
  }

  if (core_open(&c) != 0) return 1;
  /* Versions first: every number in realname.h holds only for the versions it was generated for. */
  if (require_version("abiVersion", "ABI", CALL0(&c, abiVersion), REALNAME_ABI_VERSION) != 0) return 1;
  if (require_version("flowVersion", "flow", CALL0(&c, flowVersion), REALNAME_FLOW_VERSION) != 0) return 1;
  if (module == &secure_module_core && (CALL0(&c, flowFeatures) & REALNAME_FLOW_FEATURE_CORE_CUSTODY) == 0) {
    fprintf(stderr, "--custody core: this module holds no keys (flowFeatures() without CORE_CUSTODY); build the host on the QA module (REALNAME_WASM=build/realname-qa.wasm)\n");
    return 2;
  }
  memory = core_memory(&c);
  printf("memory.pages=%u\nmemory.maxPages=%u\n", (unsigned)memory->pages, (unsigned)memory->max_pages);
  printf("input.offset=%d\noutput.offset=%d\n", (int)CALL0(&c, inputBuffer), (int)CALL0(&c, outputBuffer));
  if (require_self_test("selfTest", CALL0(&c, selfTest)) != 0) return 1;
  /* The keys, wherever they live: read for the core, or the secure element started with them. */
  if (module == &secure_module_core ? keys && secure_module_core_keys(keys) != 0 : secure_module_process_start(secure, keys) != 0) return 2;

  if (transcript) transcript_write_header(transcript, module == &secure_module_core ? "examples/c-host/host (keyCustody core)" : "examples/c-host/host (keyCustody module)");
  session_begin(&s, &c, transcript);
  s.secure = module;
  status = power_on(&s, module, profile);
  if (status == 0) status = run_script(&s, script);
  if (s.trapped) fprintf(stderr, "the core faulted (a bug in the core): a terminal restarts it from storage (docs/VENDOR.md)\n");

  printf("events=%u\ncommands=%u\n", (unsigned)s.events, (unsigned)s.commands);
  memory = core_memory(&c);
  printf("memory.pagesAfter=%u\nrestarts=%u\n", (unsigned)memory->pages, c.restarts);
  port_modem_disconnect();
  secure_module_process_stop();
  if (transcript) fclose(transcript);
  core_close(&c);
  return status == 0 ? 0 : 1;
}
