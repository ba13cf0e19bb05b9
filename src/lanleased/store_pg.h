/* lanleased: the PostgreSQL backend of the storage interface (libpq). */
#ifndef LL_STORE_PG_H
#define LL_STORE_PG_H
#include "lanlease/store.h"

/* Connects with a libpq connection string ("host=/run/postgresql
 * dbname=lanlease user=lanlease"); NULL with *err on failure. */
struct ll_store *ll_pg_open(const char *conninfo, char *err, size_t errlen);
#endif
