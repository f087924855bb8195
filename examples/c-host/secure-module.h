/*
 * Where the terminal's keys live: the secure-module port. This ABI version has one key
 * custody, `core`: at power-on the secure element hands the terminal master key and the
 * record-hash key to the core (INJECT_KEY, docs/ABI.md), and the core keeps them.
 *
 * The secure-module custody (to come with the next ABI change) keeps keys and PIN out of
 * the core: the core asks the module with commands (install a key, make a PIN block,
 * compute a MAC) and hears its answers as events. Its implementation of this port adds
 * a `perform` for those commands, which session.c hands to it; host.c picks the port.
 */
#ifndef SECURE_MODULE_H
#define SECURE_MODULE_H

#include "session.h"

typedef struct {
  const char* custody; /* the transcripts' name for it: tests/transcripts/<script>.<custody>.txt */
  /* Sends what the core needs from the module at power-on, after POWER_ON and before RESTORE;
     the last handle() result (negative: refused, CORE_TRAPPED: the core faulted). */
  int32_t (*power_on)(session* s);
} secure_module;

/* keyCustody=core. Its keys come from a file standing in for the secure element: one
   `SLOT=HEX` line per key, SLOT a name of realname.h's key slots (MASTER=..., RECORD_HASH=...).
   0 once read, -1 said on stderr. */
int secure_module_core_keys(const char* path);
extern const secure_module secure_module_core;

#endif /* SECURE_MODULE_H */
