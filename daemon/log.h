/* SPDX-License-Identifier: ISC */
/*
 * cetrackd's log: the OpenBSD log.c shape (log_warn appends strerror,
 * log_warnx does not, fatal exits). Lines go to stderr; under systemd
 * (JOURNAL_STREAM set) or when stderr is not a terminal they carry a
 * "<N>" syslog priority prefix that journald turns into the priority.
 */
#ifndef CETRACKD_LOG_H
#define CETRACKD_LOG_H

#include <stdarg.h>

void	log_init(int verbose);
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...) __attribute__((format(printf, 1, 2),
	    noreturn));
void	fatalx(const char *, ...) __attribute__((format(printf, 1, 2),
	    noreturn));

#endif
