/* lanlease: building a client's definition from database rows.
 *
 * Layers, each filling or overriding the one before: global defaults
 * (pydhcpdb's defaultMask/defaultRouter/defaultDNS), the subnet row
 * (staticDHCPd's subnets table), the client's row (maps, or a lookup
 * template's result), then extra (code, value) option rows. Columns are
 * matched by name: the staticDHCPd and pydhcpdb column names, or any
 * option's text-form name, or option_<code>. Every value is parsed by
 * the option table and checked against it. */
#ifndef LANLEASE_DEFINITION_H
#define LANLEASE_DEFINITION_H

#include <stddef.h>
#include <stdint.h>

#include "lanlease/msg.h"
#include "lanlease/server.h"

struct ll_defb {
	struct ll_def def;
	struct ll_msg opts;
	char subnet[64];
	int64_t serial;
	char err[160];          /* the first rejected column, for the log */
};

void ll_defb_init(struct ll_defb *b);

/* Applies one column. NULL values are ignored (they leave the lower
 * layer's value). Unknown column names are ignored (returns 1); a value
 * that does not parse or breaks the option's bounds is rejected
 * (negative ll_err, b->err says which column and why). */
int ll_defb_column(struct ll_defb *b, const char *name, const char *value);

/* Applies n "name=value" items (global defaults, a pool's options) as
 * columns; 0, or -EINVAL at the first that is malformed or rejected. */
int ll_defb_items(struct ll_defb *b, const char *const *items, size_t n);

/* Applies an extra option row: code (1..254) and its text-form value. */
int ll_defb_option(struct ll_defb *b, int code, const char *value);

#endif
