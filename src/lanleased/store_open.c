/* lanleased: the configured database backend (store_open.h). */
#include <string.h>

#include "store_mysql.h"
#include "store_open.h"
#include "store_pg.h"
#include "store_sqlite.h"

struct ll_store *ll_store_open_cfg(const struct ll_config *c, bool lazy,
				   char *err, size_t n)
{
	err[0] = '\0';
	if (!strcmp(c->db_driver, "postgresql"))
		return ll_pg_open(c->db_conninfo, c->db_query_timeout, lazy,
				  err, n);
	if (!strcmp(c->db_driver, "mariadb")) {
		struct ll_mysql_conf m = {
			.host = c->db_host[0] ? c->db_host : NULL,
			.socket = c->db_socket[0] ? c->db_socket : NULL,
			.port = c->db_port, .user = c->db_user,
			.password = c->db_password, .database = c->db_name,
			.timeout = c->db_timeout,
			.query_timeout = c->db_query_timeout,
		};
		return ll_mysql_open(&m, lazy, err, n);
	}
	return ll_sqlite_open(c->db_path, err, n);
}
