/* lanleased: the PostgreSQL backend of the storage interface (libpq). */
#ifndef LL_STORE_PG_H
#define LL_STORE_PG_H
#include "lanlease/store.h"

#include <stdbool.h>
/* Connects with a libpq connection string ("host=/run/postgresql
 * dbname=lanlease user=lanlease"); NULL with *err on failure, unless
 * lazy: then the store comes back unconnected (*err says why) and
 * connects when the server is reachable. Every statement gets
 * query_timeout_ms (statement_timeout; 0: no limit). */
struct ll_store *ll_pg_open(const char *conninfo, unsigned query_timeout_ms,
			    bool lazy, char *err, size_t errlen);
#endif
