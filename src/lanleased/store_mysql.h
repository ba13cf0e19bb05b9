/* lanleased: the MariaDB/MySQL backend of the storage interface. */
#ifndef LL_STORE_MYSQL_H
#define LL_STORE_MYSQL_H
#include "lanlease/store.h"

struct ll_mysql_conf {
	const char *host;     /* NULL or "localhost": the Unix socket */
	const char *socket;   /* path, or NULL for the default */
	unsigned port;
	const char *user, *password, *database;
	unsigned timeout;     /* connect, read and write timeout, seconds */
	unsigned query_timeout; /* ms a statement may run; 0: no limit */
};

#include <stdbool.h>
/* Connects; NULL with *err on failure, unless lazy: then the store comes
 * back unconnected and connects when the server is reachable. */
struct ll_store *ll_mysql_open(const struct ll_mysql_conf *c, bool lazy,
			       char *err, size_t errlen);
#endif
