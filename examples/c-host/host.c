/*
 * A C99 host for build/realname.wasm, the terminal module, written from
 * docs/ABI.md and the generated include/realname.h alone.
 *
 * build.sh translates the module to C with wabt's wasm2c; this file (with
 * core.c) instantiates it, refuses it unless its ABI and flow versions are the
 * ones realname.h was generated for, runs the power-on self test, and runs
 * the verification flow: power-on with a minimal profile, keys, START, and
 * answers the core's commands (CONNECT fails here: there is no acquirer) until
 * the core waits. It prints one `key=value` line per result so that
 * tests/host/c-host.test.ts can compare them with the same events sent from
 * TypeScript (host/core.ts). The tools module's calls are tools.c's.
 *
 * Usage: host [YYYYMMDD [hhmmss]]   (the local date and time; default: the
 * C library's clock)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"

/* ---- the verification flow (docs/ABI.md "The verification flow") ----------- */

#define FLOW_PAYLOAD_MAX 256
#define FLOW_PENDING_MAX 8
#define FLOW_EVENTS_MAX 32 /* this demonstration stops after so many events */

/* An event the host owes the core: it may only be sent once the queue is drained. */
typedef struct {
  int32_t kind;
  uint32_t length;
  uint8_t payload[FLOW_PAYLOAD_MAX];
} flow_event;

typedef struct {
  core* c;
  int32_t date, time;          /* the host's clock, YYYYMMDD and hhmmss */
  unsigned events, commands;   /* numbering of the printed lines */
  flow_event pending[FLOW_PENDING_MAX];
  unsigned pending_count;
  int shutdown;
} flow_session;

static void flow_owe(flow_session* f, int32_t kind, const uint8_t* payload, uint32_t length) {
  flow_event* e;
  if (f->pending_count == FLOW_PENDING_MAX || length > FLOW_PAYLOAD_MAX) {
    fprintf(stderr, "flow: too many owed events\n");
    return;
  }
  e = &f->pending[f->pending_count++];
  e->kind = kind;
  e->length = length;
  memcpy(e->payload, payload, length);
}

/* Random bytes for the core (PIN-block fill, nonces). A terminal uses its
   secure element's TRNG; this example reads the OS's, else a counter. */
static void host_random(uint8_t* out, uint32_t n) {
  static uint8_t counter;
  FILE* urandom = fopen("/dev/urandom", "rb");
  uint32_t got = urandom ? (uint32_t)fread(out, 1, n, urandom) : 0;
  if (urandom) fclose(urandom);
  while (got < n) out[got++] = counter++;
}

/* SHOW: 2 bytes screen id, then lines separated by '\n'; printed with " / ". */
static void print_screen(const char* key, const uint8_t* payload, uint32_t length) {
  uint32_t i;
  if (length < 2) return;
  printf("%s=%u:", key, (unsigned)((payload[0] << 8) | payload[1]));
  for (i = 2; i < length; i++) {
    if (payload[i] == '\n') printf(" / ");
    else putchar(payload[i]);
  }
  printf("\n");
}

/* Performs one command. This host has no acquirer: CONNECT always fails. */
static void flow_perform(flow_session* f, int32_t kind, const uint8_t* payload, uint32_t length) {
  char key[48];
  uint8_t reply[FLOW_PAYLOAD_MAX];
  uint32_t n;
  switch (kind) {
    case REALNAME_COMMAND_SHOW:
      snprintf(key, sizeof key, "flow.show.%u", f->commands);
      print_screen(key, payload, length);
      print_screen("flow.screen", payload, length); /* the last one printed is what the display shows */
      break;
    case REALNAME_COMMAND_LOG:
      printf("flow.log.%u=%.*s\n", f->commands, (int)length, (const char*)payload);
      break;
    case REALNAME_COMMAND_CONNECT:
      reply[0] = REALNAME_LINK_FAILED;
      flow_owe(f, REALNAME_EVENT_LINK, reply, 1);
      break;
    case REALNAME_COMMAND_NEED_RANDOM:
      n = length == 1 ? payload[0] : 0; /* at most 255 <= FLOW_PAYLOAD_MAX */
      host_random(reply, n);
      flow_owe(f, REALNAME_EVENT_RANDOM, reply, n);
      break;
    case REALNAME_COMMAND_SAVE:
      /* Append durably (a real host writes flash here), then acknowledge with the
         record's id: the first line is "id=...". */
      for (n = 3; n < length && payload[n] != '\n'; n++) {}
      if (length >= 3 && memcmp(payload, "id=", 3) == 0) flow_owe(f, REALNAME_EVENT_SAVED, payload + 3, n - 3);
      break;
    case REALNAME_COMMAND_SHUTDOWN:
      f->shutdown = 1;
      break;
    default: /* BEEP, timers, SEND, DISCONNECT, PRINT: devices this example does not have */
      break;
  }
}

/* Sends one event, then drains the queue, performing every command in order. */
static int32_t flow_send(flow_session* f, int32_t kind, const uint8_t* payload, uint32_t length) {
  int32_t r, command;
  uint32_t n;
  const uint8_t* out;
  char key[48];
  f->events++;
  snprintf(key, sizeof key, "flow.event.%u", f->events);
  printf("%s.kind=%s\n", key, realname_event_name(kind));
  strcat(key, ".payload");
  print_hex(key, payload, length);
  if (core_set_input(f->c, 0, payload, length) != 0) return -1;
  r = CALL4(f->c, handle, kind, length, f->date, f->time);
  printf("flow.event.%u.result=%d\n", f->events, (int)r);
  if (r < 0) {
    snprintf(key, sizeof key, "flow.event.%u", f->events);
    print_failure(f->c, key);
    return r;
  }
  for (;;) {
    command = CALL0(f->c, nextCommand);
    if (command <= REALNAME_COMMAND_NONE) break; /* empty, or an error (CORE_TRAPPED included) */
    out = core_output(f->c, &n);
    f->commands++;
    snprintf(key, sizeof key, "flow.command.%u.kind", f->commands);
    printf("%s=%s\n", key, realname_command_name(command));
    snprintf(key, sizeof key, "flow.command.%u.payload", f->commands);
    print_hex(key, out, n);
    flow_perform(f, command, out, n); /* before the next call: it overwrites the output */
  }
  return r;
}

/* Power-on: profile, keys, START; then answer what the core asks for until it
   waits for the operator (no event owed) or the demonstration's budget is spent. */
static void flow_session_run(core* c, int32_t date, int32_t time) {
  static const char profile[] = "terminalId=12345678\nmerchantId=123456789012345\n";
  static flow_session f; /* static: its owed events hold a few KiB */
  uint8_t key[17];
  unsigned i;
  memset(&f, 0, sizeof f);
  f.c = c;
  f.date = date;
  f.time = time;
  printf("flow.date=%d\nflow.time=%06d\n", (int)date, (int)time);

  flow_send(&f, REALNAME_EVENT_POWER_ON, (const uint8_t*)profile, (uint32_t)(sizeof profile - 1));
  /* Synthetic keys; a terminal takes them from its secure element. */
  key[0] = REALNAME_KEY_SLOT_MASTER;
  from_hex("0123456789ABCDEFFEDCBA9876543210", key + 1, 16);
  flow_send(&f, REALNAME_EVENT_INJECT_KEY, key, 17);
  key[0] = REALNAME_KEY_SLOT_RECORD_HASH;
  from_hex("000102030405060708090A0B0C0D0E0F", key + 1, 16);
  flow_send(&f, REALNAME_EVENT_INJECT_KEY, key, 17);
  memset(key, 0, sizeof key); /* keys do not linger in host memory either */
  flow_send(&f, REALNAME_EVENT_START, NULL, 0);

  while (f.pending_count > 0 && f.events < FLOW_EVENTS_MAX && !f.shutdown) {
    flow_event e = f.pending[0];
    f.pending_count--;
    for (i = 0; i < f.pending_count; i++) f.pending[i] = f.pending[i + 1];
    flow_send(&f, e.kind, e.payload, e.length);
  }
  printf("flow.events=%u\nflow.commands=%u\n", f.events, f.commands);
}

/* ---- main ------------------------------------------------------------------ */

static int32_t now_hhmmss(void) {
  time_t now = time(NULL);
  struct tm* t = localtime(&now);
  return (int32_t)(t->tm_hour * 10000 + t->tm_min * 100 + t->tm_sec);
}

int main(int argc, char** argv) {
  static core c; /* static: the instance struct is small, but keep it off the stack */
  int32_t today, now;
  wasm_rt_memory_t* memory;

  today = argc > 1 ? (int32_t)strtol(argv[1], NULL, 10) : today_yyyymmdd();
  now = argc > 2 ? (int32_t)strtol(argv[2], NULL, 10) : now_hhmmss();

  if (core_open(&c) != 0) return 1;

  /* Versions first: every number in realname.h holds only for the versions it was generated for. */
  if (require_version("abiVersion", "ABI", CALL0(&c, abiVersion), REALNAME_ABI_VERSION) != 0) return 1;
  if (require_version("flowVersion", "flow", CALL0(&c, flowVersion), REALNAME_FLOW_VERSION) != 0) return 1;
  memory = core_memory(&c);
  printf("memory.pages=%u\nmemory.maxPages=%u\n", (unsigned)memory->pages, (unsigned)memory->max_pages);
  printf("input.offset=%d\noutput.offset=%d\n", (int)CALL0(&c, inputBuffer), (int)CALL0(&c, outputBuffer));
  if (require_self_test("selfTest", CALL0(&c, selfTest)) != 0) return 1;

  flow_session_run(&c, today, now);

  memory = core_memory(&c);
  printf("memory.pagesAfter=%u\nrestarts=%u\n", (unsigned)memory->pages, c.restarts);
  core_close(&c);
  return 0;
}
