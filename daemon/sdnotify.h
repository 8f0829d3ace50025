/* SPDX-License-Identifier: ISC */
/*
 * The systemd notification protocol, hand-rolled (it is a stable datagram
 * protocol; linking libsystemd for it is not worth a dependency): READY=1,
 * STATUS=..., RELOADING=1, STOPPING=1, WATCHDOG=1. Without NOTIFY_SOCKET
 * every call is a no-op.
 */
#ifndef CETRACKD_SDNOTIFY_H
#define CETRACKD_SDNOTIFY_H

#include <stdint.h>

/* Send one notification; returns 0 (also when not under systemd) or -1. */
int	 sd_notifyf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The watchdog interval in microseconds (WATCHDOG_USEC for this pid), or
 * 0 when the watchdog is off. */
uint64_t sd_watchdog_usec(void);

/* CLOCK_MONOTONIC in microseconds, for RELOADING=1's MONOTONIC_USEC. */
uint64_t sd_monotonic_usec(void);

#endif
