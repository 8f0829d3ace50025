/* SPDX-License-Identifier: ISC */
/*
 * The network library of lib/notify/ (libcurl) for the whole process: a
 * program that sends email or webhooks calls net_init() once, before it
 * starts any thread, and net_fini() at the end. Only lib/notify/ names
 * libcurl (scripts/lint.sh).
 */
#ifndef CETRACK_NOTIFY_NET_H
#define CETRACK_NOTIFY_NET_H

/* Returns 0, or -1 when libcurl cannot be initialised. */
int	 net_init(void);
void	 net_fini(void);

#endif
