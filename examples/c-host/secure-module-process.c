/*
 * keyCustody=module (secure-module.h) for the C host: the secure element is the program
 * secure.c, run as a process of its own and spoken to over two pipes, one line per
 * request and per answer (hex payloads; secure.c says the format). The terminal core
 * sees only the answers: never a key, never a PIN digit. The PIN entry's timeout is the
 * module's: this sketch sends `timeout` when the time given in PIN_ENTRY passes without
 * a key (checked at each key; a real PIN pad runs its own timer).
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ports.h"
#include "secure-module.h"

#define LINE_BYTES (2 * 4096 + 32)

static FILE* to_module;
static FILE* from_module;
static pid_t module_pid = -1;
static int pin_open;
static uint64_t pin_deadline_ms, pin_timeout_ms;

int secure_module_process_start(const char* program, const char* keys_path) {
  int down[2], up[2];
  if (keys_path == NULL) {
    fprintf(stderr, "keyCustody=module: give the secure element's keys (--keys FILE)\n");
    return -1;
  }
  if (pipe(down) != 0 || pipe(up) != 0) { perror("pipe"); return -1; }
  module_pid = fork();
  if (module_pid < 0) { perror("fork"); return -1; }
  if (module_pid == 0) {
    dup2(down[0], STDIN_FILENO);
    dup2(up[1], STDOUT_FILENO);
    close(down[0]); close(down[1]); close(up[0]); close(up[1]);
    execl(program, program, "--keys", keys_path, (char*)NULL);
    fprintf(stderr, "cannot start the secure element %s\n", program);
    _exit(127);
  }
  close(down[0]);
  close(up[1]);
  to_module = fdopen(down[1], "w");
  from_module = fdopen(up[0], "r");
  return to_module && from_module ? 0 : -1;
}

void secure_module_process_stop(void) {
  if (to_module) fclose(to_module);
  if (from_module) fclose(from_module);
  to_module = from_module = NULL;
  if (module_pid > 0) waitpid(module_pid, NULL, 0);
  module_pid = -1;
}

/* Sends one request line; reads the answer and owes it to the core. 1 when it was an event, 0 for `none`, -1 broken. */
static int ask(session* s, const char* request) {
  static char line[LINE_BYTES];
  static uint8_t payload[4096];
  char* hex;
  int kind;
  if (to_module == NULL || fputs(request, to_module) < 0 || fflush(to_module) != 0 || fgets(line, sizeof line, from_module) == NULL) {
    fprintf(stderr, "the secure element does not answer\n");
    return -1;
  }
  if (strncmp(line, "none", 4) == 0) return 0;
  kind = atoi(line);
  hex = strchr(line, ' ');
  session_owe(s, kind, payload, hex ? from_hex(hex + 1, payload, sizeof payload) : 0);
  memset(payload, 0, sizeof payload);
  if (kind == REALNAME_EVENT_PIN_BLOCK || kind == REALNAME_EVENT_PIN_ENDED) pin_open = 0;
  return 1;
}

static void perform(session* s, int32_t kind, const uint8_t* payload, uint32_t length) {
  static char request[LINE_BYTES];
  uint32_t i;
  int at = snprintf(request, sizeof request, "%d ", (int)kind);
  for (i = 0; i < length && (size_t)at + 3 < sizeof request; i++) at += snprintf(request + at, sizeof request - (size_t)at, "%02X", payload[i]);
  snprintf(request + at, sizeof request - (size_t)at, "\n");
  if (kind == REALNAME_COMMAND_PIN_ENTRY && length >= 5) {
    pin_open = 1;
    pin_timeout_ms = 1000u * (uint64_t)((payload[3] << 8) | payload[4]);
    pin_deadline_ms = port_monotonic_ms() + pin_timeout_ms;
  }
  ask(s, request);
}

static int key(session* s, uint8_t code) {
  char request[32];
  if (!pin_open) return 0;
  if (port_monotonic_ms() > pin_deadline_ms) snprintf(request, sizeof request, "timeout\n");
  else snprintf(request, sizeof request, "key %u\n", (unsigned)code);
  pin_deadline_ms = port_monotonic_ms() + pin_timeout_ms;
  ask(s, request);
  return 1;
}

/* Nothing goes to the core at power-on: the keys stay in the module. */
static int32_t power_on(session* s) {
  (void)s;
  return 0;
}

const secure_module secure_module_process = {"module", power_on, perform, key};
