/*
 * Where the terminal's keys live: the secure-module port (docs/ABI.md "The secure
 * module"). Two custodies, the profile's keyCustody:
 *   core    at power-on the secure element hands the terminal master key and the
 *           record-hash key to the core (INJECT_KEY), which keeps them; the PIN is typed
 *           into the core as KEY events. Not certifiable.
 *   module  the keys and the PIN stay in the secure module: the core asks it (INSTALL_KEY,
 *           PIN_ENTRY, MAC, ENCIPHER) and hears its answers as events, which `perform`
 *           owes back to the core (session.c); during a PIN entry the module takes the
 *           keypad's keys (`key`).
 * host.c picks the port (--custody).
 */
#ifndef SECURE_MODULE_H
#define SECURE_MODULE_H

#include "session.h"

struct secure_module {
  const char* custody; /* the profile's keyCustody, and the transcripts' name for it */
  /* Sends what the core needs from the module at power-on, after POWER_ON and before RESTORE;
     the last handle() result (negative: refused, CORE_TRAPPED: the core faulted). */
  int32_t (*power_on)(session* s);
  /* module: performs a command of the core (INSTALL_KEY, PIN_ENTRY, MAC, ENCIPHER) and owes
     the core its answer (session_owe); NULL for core. */
  void (*perform)(session* s, int32_t kind, const uint8_t* payload, uint32_t length);
  /* module: a key pressed; 1 when a PIN entry took it (what the keypad says is owed to the
     core), 0 when it goes to the core as a KEY event. NULL for core. */
  int (*key)(session* s, uint8_t code);
};

/* keyCustody=core. Its keys come from a file standing in for the secure element: one
   `SLOT=HEX` line per key, SLOT a name of realname.h's key slots (MASTER=..., RECORD_HASH=...).
   0 once read, -1 said on stderr. */
int secure_module_core_keys(const char* path);
extern const secure_module secure_module_core;

/* keyCustody=module: the software secure element `program` (secure.c) started as a process
   of its own with the same keys file; 0 once running, -1 said on stderr. */
int secure_module_process_start(const char* program, const char* keys_path);
void secure_module_process_stop(void);
extern const secure_module secure_module_process;

#endif /* SECURE_MODULE_H */
