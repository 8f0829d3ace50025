/* SPDX-License-Identifier: ISC */
/*
 * Files built into the binary by scripts/embed.sh: the schema migrations
 * (sql/NNN-*.sql), the shipped rule packs (config/programs/NAME.ini) and the
 * default configuration. Each array ends with an entry whose name is NULL.
 */
#ifndef CETRACK_EMBEDDED_H
#define CETRACK_EMBEDDED_H

struct embedded_file {
	const char	*name;	/* base name, e.g. "001-initial.sql" */
	const char	*data;	/* NUL-terminated contents */
};

extern const struct embedded_file embedded_sql[];
extern const struct embedded_file embedded_packs[];
extern const struct embedded_file embedded_eligibility[];	/* config/
						   eligibility/NAME.ini */
extern const char embedded_config[];

#endif
