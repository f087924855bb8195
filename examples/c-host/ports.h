/*
 * The terminal's devices as the flow session (session.c) uses them: one short group of
 * functions per device, as host/devices/types.ts has them for the TypeScript host.
 * posix.c implements them on a POSIX machine (TCP to the acquirer, a record file,
 * stdout for the display and printer); a terminal links its own drivers instead.
 */
#ifndef PORTS_H
#define PORTS_H

#include <stdint.h>

#include "realname.h"

/* posix.c's setup: the acquirer as "HOST:PORT" (NULL: no acquirer, every connection fails)
   and the record file (NULL: records are kept nowhere). 0, or -1 said on stderr. */
int posix_ports_open(const char* acquirer, const char* store);

/* The longest frame the modem carries (2-byte length prefix included): the input buffer. */
#define PORT_FRAME_MAX REALNAME_INPUT_CAPACITY

/* ---- clock: local date and time for every event; a monotonic clock for the core's deadline */
int32_t port_date(void);            /* YYYYMMDD */
int32_t port_time(void);            /* hhmmss */
uint64_t port_monotonic_ms(void);

/* ---- display and printer: payloads exactly as SHOW and PRINT give them */
void port_show(const uint8_t* show, uint32_t length);
void port_print(const uint8_t* receipt, uint32_t length);
void port_log(const uint8_t* line, uint32_t length);

/* ---- random bytes (RANDOM events) */
void port_random(uint8_t* out, uint32_t count);

/* ---- modem: whole frames to and from the acquirer, 2-byte length prefix included */
int port_modem_connect(void);       /* 0 connected, -1 the connection could not be made */
int port_modem_send(const uint8_t* frame, uint32_t length); /* 0 sent, -1 the link dropped */
void port_modem_disconnect(void);
/* Waits up to timeout_ms for a frame: 1 a frame (in frame, *length bytes), 0 none, -1 the link dropped. */
int port_modem_wait(int timeout_ms, uint8_t* frame, uint32_t* length);

/* ---- storage: records appended durably, each replacing an earlier one of the same id */
int port_storage_append(const uint8_t* record, uint32_t length); /* 0 once on storage (fsync'd), else -1 */
/* Calls each(record) for every saved record, the newest version per id, in the order they were last saved; -1 when unreadable. */
int port_storage_each(void (*each)(void* context, const uint8_t* record, uint32_t length), void* context);
/* Replaces every record with at(0) .. at(count - 1) (PURGE), durably: a power cut leaves the old set or the new one. */
int port_storage_replace(const uint8_t* (*at)(uint32_t i, uint32_t* length), uint32_t count);

#endif /* PORTS_H */
