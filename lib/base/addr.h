/* SPDX-License-Identifier: ISC */
/*
 * The one rule for an email address, used wherever cetrack accepts one
 * (person and organization contacts, imports, cetrack.ini) and by the
 * mailer before it sends: an address that is stored must be one the mailer
 * can send to, or a reminder would silently never leave.
 */
#ifndef CETRACK_ADDR_H
#define CETRACK_ADDR_H

#include <stddef.h>

#define ADDR_MAX	254	/* RFC 5321 path limit, without <> */
#define ADDR_LOCAL_MAX	64
#define ADDR_DOMAIN_MAX	253

/*
 * Whether the len bytes at s are an ASCII addr-spec "local@domain":
 *   - at most ADDR_MAX bytes, exactly one '@';
 *   - local part: 1..ADDR_LOCAL_MAX bytes of a dot-atom (RFC 5322 3.4.1):
 *     letters, digits and !#$%&'*+/=?^_`{|}~- with single dots between,
 *     none first or last; quoted local parts are not accepted;
 *   - domain: a host name as addr_domain_valid.
 * No blanks, controls, NUL or bytes >= 0x80 anywhere. Returns 0 or -1.
 */
int	 addr_valid(const char *s, size_t len);

/*
 * Whether the len bytes at s are a host name: 1..ADDR_DOMAIN_MAX bytes of
 * dot-separated labels, each 1..63 letters, digits and hyphens, neither
 * starting nor ending with a hyphen. Address literals ([192.0.2.1]) are not
 * accepted. Returns 0 or -1.
 */
int	 addr_domain_valid(const char *s, size_t len);

#endif
