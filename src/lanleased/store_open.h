/* lanleased: opening the backend conf.lua's database names. */
#ifndef LL_LANLEASED_STORE_OPEN_H
#define LL_LANLEASED_STORE_OPEN_H
#include <stdbool.h>
#include <stddef.h>

#include "config.h"

/* SQLite, PostgreSQL or MariaDB, as c says. lazy: a server that is
 * down is connected to later (err says why it is not yet). NULL with
 * err when it cannot be opened at all. */
struct ll_store *ll_store_open_cfg(const struct ll_config *c, bool lazy,
				   char *err, size_t n);
#endif
