/* lanleased: the SQLite backend of the storage interface. */
#ifndef LL_STORE_SQLITE_H
#define LL_STORE_SQLITE_H
#include "lanlease/store.h"

/* Opens (creating) the database at path; NULL with *err on failure. */
struct ll_store *ll_sqlite_open(const char *path, char *err, size_t errlen);
#endif
