/* lanleased: the MariaDB/MySQL backend (libmariadb). Every template is
 * a server-side prepared statement, prepared once per connection and
 * kept in a cache keyed by SQL text; every variable is bound as a
 * string parameter (?), or NULL, never spliced. InnoDB commits are
 * durable when COMMIT returns (innodb_flush_log_at_trx_commit=1). */
#include <errno.h>
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <errmsg.h>

#include "store_mysql.h"

#define LL_MY_CACHE 64
#define LL_MY_COLBUF 2048

struct ll_my_stmt {
	char *sql;
	MYSQL_STMT *st;
};

struct ll_mysql {
	struct ll_store store;
	MYSQL *db;
	unsigned ncache;
	struct ll_my_stmt cache[LL_MY_CACHE];
	MYSQL_STMT *live;                 /* its result rows are handed out */
	char names[LL_ROW_COLS][64];
	char vals[LL_ROW_COLS][LL_MY_COLBUF];
	unsigned long lens[LL_ROW_COLS];
	my_bool nulls[LL_ROW_COLS];
	char err[256];
	/* reconnecting: the settings, and the state of the link */
	char host[128], sock[256], user[64], password[128], name[64];
	unsigned port, timeout, backoff, query_timeout;
	bool broken, in_txn;
	time_t next_try;
};

/* The documented schema (lanleased(8)) in MariaDB's dialect: keys need
 * bounded types, and tables InnoDB for transactions. */
static const char *const ll__schema[] = {
	"CREATE TABLE IF NOT EXISTS subnets (subnet VARCHAR(128) NOT NULL, "
	"serial INTEGER NOT NULL DEFAULT 0, lease_time INTEGER NOT NULL "
	"DEFAULT 3600, gateway TEXT, subnet_mask TEXT, broadcast_address TEXT, "
	"ntp_servers TEXT, domain_name_servers TEXT, domain_name TEXT, "
	"PRIMARY KEY (subnet, serial)) ENGINE=InnoDB",
	"CREATE TABLE IF NOT EXISTS maps (mac VARCHAR(64) PRIMARY KEY NOT NULL, "
	"ip VARCHAR(64) NOT NULL, hostname TEXT, subnet VARCHAR(128) NOT NULL, "
	"serial INTEGER NOT NULL DEFAULT 0, client_id VARCHAR(255) UNIQUE, "
	"lease_time INTEGER, UNIQUE (ip, subnet, serial)) ENGINE=InnoDB",
	"CREATE TABLE IF NOT EXISTS circuits (circuit_id VARCHAR(255) NOT NULL, "
	"remote_id VARCHAR(255), ip VARCHAR(64) NOT NULL, hostname TEXT, "
	"subnet VARCHAR(128) NOT NULL, serial INTEGER NOT NULL DEFAULT 0, "
	"lease_time INTEGER, UNIQUE (circuit_id, remote_id)) ENGINE=InnoDB",
	"CREATE TABLE IF NOT EXISTS switch_ports (switch_mac VARCHAR(64) NOT NULL, "
	"port VARCHAR(64) NOT NULL, ip VARCHAR(64) NOT NULL, hostname TEXT, "
	"subnet VARCHAR(128) NOT NULL, serial INTEGER NOT NULL DEFAULT 0, "
	"lease_time INTEGER, PRIMARY KEY (switch_mac, port)) ENGINE=InnoDB",
	"CREATE TABLE IF NOT EXISTS options (ip VARCHAR(64), subnet VARCHAR(128), "
	"serial INTEGER DEFAULT 0, code INTEGER NOT NULL CHECK (code BETWEEN 1 "
	"AND 254), value TEXT NOT NULL, INDEX options_ip (ip), "
	"INDEX options_subnet (subnet, serial)) ENGINE=InnoDB",
	"CREATE TABLE IF NOT EXISTS leases (ip VARCHAR(64) PRIMARY KEY, "
	"client_id VARCHAR(520) NOT NULL, mac VARCHAR(64), expiry BIGINT NOT NULL, "
	"state VARCHAR(16) NOT NULL) ENGINE=InnoDB",
	"CREATE TABLE IF NOT EXISTS history (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
	"time BIGINT NOT NULL, mac VARCHAR(64), ip VARCHAR(64), method VARCHAR(32) "
	"NOT NULL, relay VARCHAR(64), circuit_id TEXT, remote_id TEXT, "
	"hostname TEXT) ENGINE=InnoDB",
	"CREATE TABLE IF NOT EXISTS spool_applied (worker INTEGER NOT NULL, seq BIGINT NOT NULL) ENGINE=InnoDB",
	NULL,
};

static const char *const ll__fixed[LL_Q__COUNT] = {
	[LL_Q_LEASE_PUT] = /* client_id first: the others see it updated */
		"INSERT INTO leases (ip, client_id, mac, expiry, state) "
		"VALUES ({ip}, {client_id}, {mac}, {expiry}, {state}) "
		"ON DUPLICATE KEY UPDATE "
		"client_id = IF(client_id = VALUES(client_id) OR expiry < {now} "
		"OR state = 'released', VALUES(client_id), client_id), "
		"mac = IF(client_id = VALUES(client_id), VALUES(mac), mac), "
		"expiry = IF(client_id = VALUES(client_id), VALUES(expiry), expiry), "
		"state = IF(client_id = VALUES(client_id), VALUES(state), state)",
};

static struct ll_mysql *ll__m(struct ll_store *s)
{
	return (struct ll_mysql *)s;
}

static int ll__fail(struct ll_mysql *q, const char *what, const char *msg)
{
	snprintf(q->err, sizeof(q->err), "%s: %s", what, msg);
	return -EIO;
}

static MYSQL *ll__connect(struct ll_mysql *q, char *err, size_t errlen)
{
	MYSQL *db = mysql_init(NULL);
	unsigned to = q->timeout ? q->timeout : 5;
	if (!db)
		return snprintf(err, errlen, "out of memory"), NULL;
	mysql_options(db, MYSQL_OPT_CONNECT_TIMEOUT, &to);
	mysql_options(db, MYSQL_OPT_READ_TIMEOUT, &to);
	mysql_options(db, MYSQL_OPT_WRITE_TIMEOUT, &to);
	mysql_options(db, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	if (!mysql_real_connect(db, q->host[0] ? q->host : NULL, q->user,
				q->password, q->name, q->port,
				q->sock[0] ? q->sock : NULL, 0)) {
		snprintf(err, errlen, "mariadb: %s", mysql_error(db));
		mysql_close(db);
		return NULL;
	}
	mysql_autocommit(db, 1);
	/* each statement sees what others committed before it, as in
	 * PostgreSQL: the lease read-back after a write must not come from
	 * an older snapshot */
	/* a slow database is a failing one: a statement past its deadline
	 * (lock waits included) fails, the breaker opens, and the cache and
	 * the spool answer until it is quick again */
	char set[160];
	unsigned qt = q->query_timeout, qs = (qt + 999) / 1000;
	snprintf(set, sizeof(set), "SET SESSION max_statement_time = %u.%03u, "
		 "innodb_lock_wait_timeout = %u, lock_wait_timeout = %u",
		 qt / 1000, qt % 1000, qt ? qs : 50, qt ? qs : 86400);
	if (mysql_query(db, "SET SESSION TRANSACTION ISOLATION LEVEL "
			"READ COMMITTED") || mysql_query(db, set)) {
		snprintf(err, errlen, "mariadb: %s", mysql_error(db));
		mysql_close(db);
		return NULL;
	}
	return db;
}

/* A lost connection (server gone) is re-established, 1, 2, 4 ... 30 s
 * apart, never inside a transaction (its COMMIT must fail). */
static bool ll__alive(struct ll_mysql *q)
{
	if (!q->broken)
		return true;
	if (q->in_txn || time(NULL) < q->next_try)
		return false;
	for (unsigned i = 0; i < q->ncache; i++) {
		mysql_stmt_close(q->cache[i].st);
		free(q->cache[i].sql);
	}
	q->ncache = 0;
	q->live = NULL;
	MYSQL *db = ll__connect(q, q->err, sizeof(q->err));
	if (db) {
		if (q->db)
			mysql_close(q->db);
		q->db = db;
		q->broken = false;
		q->backoff = 0;
		fprintf(stderr, "lanleased: mariadb: reconnected\n");
		return true;
	}
	q->backoff = q->backoff ? (q->backoff * 2 > 30 ? 30 : q->backoff * 2) : 1;
	q->next_try = time(NULL) + q->backoff;
	fprintf(stderr, "lanleased: %s (next try in %u s)\n", q->err, q->backoff);
	return false;
}

static void ll__lost(struct ll_mysql *q, unsigned code)
{
	/* ER_LOCK_DEADLOCK: retry; the row refused: duplicate key, NULL in
	 * a NOT NULL column, no default, bad value, data too long, out of
	 * range, foreign key, bad date, CHECK constraint */
	static const unsigned data[] = { 1062, 1048, 1364, 1366, 1406, 1264,
					 1452, 1451, 1292, 4025, 3819 };
	q->store.last_err = code == 1213 ? LL_SE_RETRY : LL_SE_UNAVAILABLE;
	for (size_t i = 0; i < sizeof(data) / sizeof(data[0]); i++)
		if (code == data[i])
			q->store.last_err = LL_SE_DATA;
	if (code == CR_SERVER_GONE_ERROR || code == CR_SERVER_LOST ||
	    code == CR_CONNECTION_ERROR || code == CR_CONN_HOST_ERROR)
		q->broken = true;
}

static MYSQL_STMT *ll__prepare(struct ll_mysql *q, const char *sql)
{
	for (unsigned i = 0; i < q->ncache; i++)
		if (!strcmp(q->cache[i].sql, sql))
			return q->cache[i].st;
	MYSQL_STMT *st = mysql_stmt_init(q->db);
	if (!st || mysql_stmt_prepare(st, sql, strlen(sql))) {
		ll__fail(q, "prepare", st ? mysql_stmt_error(st) : "no memory");
		ll__lost(q, st ? mysql_stmt_errno(st) : mysql_errno(q->db));
		if (st)
			mysql_stmt_close(st);
		return NULL;
	}
	if (q->ncache == LL_MY_CACHE) { /* full: the oldest goes */
		mysql_stmt_close(q->cache[0].st);
		free(q->cache[0].sql);
		memmove(q->cache, q->cache + 1,
			sizeof(q->cache[0]) * (LL_MY_CACHE - 1));
		q->ncache--;
	}
	q->cache[q->ncache].sql = strdup(sql);
	q->cache[q->ncache].st = st;
	q->ncache++;
	return st;
}

/* Prepares t, binds V's values (strings, or NULL) and executes it. */
static MYSQL_STMT *ll__run1(struct ll_mysql *q, const struct ll_tpl *t,
			    const struct ll_vars *V)
{
	MYSQL_BIND b[LL_TPL_MAXVARS];
	unsigned long len[LL_TPL_MAXVARS];
	if (q->live) {
		mysql_stmt_free_result(q->live);
		q->live = NULL;
	}
	if (!ll__alive(q)) {
		ll__fail(q, "query", "not connected");
		return NULL;
	}
	MYSQL_STMT *st = ll__prepare(q, t->sql);
	if (!st)
		return NULL;
	memset(b, 0, sizeof(b));
	for (unsigned i = 0; i < t->nvars; i++) {
		size_t n = 0;
		const char *v = V ? ll_vars_get(V, t->vars[i], strlen(t->vars[i]),
						&n) : NULL;
		len[i] = (unsigned long)n;
		b[i].buffer_type = v ? MYSQL_TYPE_STRING : MYSQL_TYPE_NULL;
		b[i].buffer = (void *)v;
		b[i].buffer_length = len[i];
		b[i].length = &len[i];
	}
	if ((t->nvars && mysql_stmt_bind_param(st, b)) || mysql_stmt_execute(st)) {
		ll__fail(q, "query", mysql_stmt_error(st));
		ll__lost(q, mysql_stmt_errno(st));
		return NULL;
	}
	return st;
}

/* A connection found dead outside a transaction (the server restarted)
 * is re-established at once and the statement tried again. */
static MYSQL_STMT *ll__run(struct ll_mysql *q, const struct ll_tpl *t,
			   const struct ll_vars *V)
{
	MYSQL_STMT *st = ll__run1(q, t, V);
	if (!st && q->broken && !q->in_txn)
		st = ll__run1(q, t, V);
	return st;
}

/* Binds the result columns as strings into q's buffers. */
static int ll__bind_result(struct ll_mysql *q, MYSQL_STMT *st, struct ll_row *row)
{
	MYSQL_BIND b[LL_ROW_COLS];
	MYSQL_RES *meta = mysql_stmt_result_metadata(st);
	if (!meta)
		return 0; /* not a query */
	unsigned n = mysql_num_fields(meta);
	MYSQL_FIELD *f = mysql_fetch_fields(meta);
	row->n = n < LL_ROW_COLS ? n : LL_ROW_COLS;
	memset(b, 0, sizeof(b));
	for (unsigned i = 0; i < row->n; i++) {
		snprintf(q->names[i], sizeof(q->names[i]), "%s", f[i].name);
		b[i].buffer_type = MYSQL_TYPE_STRING;
		b[i].buffer = q->vals[i];
		b[i].buffer_length = LL_MY_COLBUF - 1;
		b[i].length = &q->lens[i];
		b[i].is_null = &q->nulls[i];
		row->name[i] = q->names[i];
	}
	mysql_free_result(meta);
	if (mysql_stmt_bind_result(st, b))
		return ll__fail(q, "bind", mysql_stmt_error(st));
	return 1;
}

/* The next row: 1, 0 at the end, negative on error. */
static int ll__next(struct ll_mysql *q, MYSQL_STMT *st, struct ll_row *row)
{
	int r = mysql_stmt_fetch(st);
	if (r == MYSQL_NO_DATA)
		return 0;
	if (r == 1)
		return ll__fail(q, "fetch", mysql_stmt_error(st));
	for (unsigned i = 0; i < row->n; i++) {
		unsigned long l = q->lens[i] < LL_MY_COLBUF - 1 ? q->lens[i]
							       : LL_MY_COLBUF - 1;
		q->vals[i][l] = '\0'; /* a longer value is cut (TRUNCATED) */
		row->value[i] = q->nulls[i] ? NULL : q->vals[i];
	}
	return 1;
}

static int ll__query(struct ll_store *s, const struct ll_tpl *t,
		     const struct ll_vars *V, struct ll_row *row)
{
	struct ll_mysql *q = ll__m(s);
	MYSQL_STMT *st = ll__run(q, t, V);
	if (!st)
		return -EIO;
	int r = ll__bind_result(q, st, row);
	if (r <= 0)
		return r;
	q->live = st;
	return ll__next(q, st, row);
}

static int ll__query_all(struct ll_store *s, const struct ll_tpl *t,
			 const struct ll_vars *V,
			 int (*cb)(void *ctx, const struct ll_row *row),
			 void *ctx)
{
	struct ll_mysql *q = ll__m(s);
	struct ll_row row;
	MYSQL_STMT *st = ll__run(q, t, V);
	if (!st)
		return -EIO;
	int r = ll__bind_result(q, st, &row), n = 0;
	if (r <= 0)
		return r;
	q->live = st;
	while ((r = ll__next(q, st, &row)) == 1) {
		n++;
		if ((r = cb(ctx, &row)) < 0)
			return r;
	}
	return r < 0 ? r : n;
}

static int ll__exec(struct ll_store *s, const struct ll_tpl *t,
		    const struct ll_vars *V)
{
	MYSQL_STMT *st = ll__run(ll__m(s), t, V);
	if (!st)
		return -EIO;
	my_ulonglong n = mysql_stmt_affected_rows(st);
	return n == (my_ulonglong)-1 ? 0 : (int)(n > INT32_MAX ? INT32_MAX : n);
}

static int ll__simple(struct ll_store *s, const char *sql)
{
	struct ll_mysql *q = ll__m(s);
	bool begin = !strcmp(sql, "START TRANSACTION");
	if (q->live) {
		mysql_stmt_free_result(q->live);
		q->live = NULL;
	}
	if (!begin)
		q->in_txn = false;
	if (!ll__alive(q))
		return ll__fail(q, sql, "not connected");
	if (mysql_query(q->db, sql)) {
		ll__lost(q, mysql_errno(q->db));
		return ll__fail(q, sql, mysql_error(q->db));
	}
	q->in_txn = begin;
	return 0;
}

/* A connection found dead at BEGIN held no transaction: reconnect and
 * begin again at once, rather than after the breaker's backoff. */
static int ll__begin(struct ll_store *s)
{
	int e = ll__simple(s, "START TRANSACTION");
	if (e < 0 && ll__m(s)->broken)
		e = ll__simple(s, "START TRANSACTION");
	return e;
}
static int ll__commit(struct ll_store *s) { return ll__simple(s, "COMMIT"); }
static int ll__rollback(struct ll_store *s) { return ll__simple(s, "ROLLBACK"); }

static const char *ll__error(struct ll_store *s)
{
	return ll__m(s)->err;
}

static void ll__close(struct ll_store *s)
{
	struct ll_mysql *q = ll__m(s);
	for (unsigned i = 0; i < q->ncache; i++) {
		mysql_stmt_close(q->cache[i].st);
		free(q->cache[i].sql);
	}
	if (q->db)
		mysql_close(q->db);
	free(s->scratch);
	free(q);
}

static const struct ll_store_ops ll__ops = {
	.query = ll__query, .query_all = ll__query_all, .exec = ll__exec,
	.begin = ll__begin, .commit = ll__commit, .rollback = ll__rollback,
	.error = ll__error, .close = ll__close,
};

struct ll_store *ll_mysql_open(const struct ll_mysql_conf *c, bool lazy,
			       char *err, size_t errlen)
{
	struct ll_mysql *q = calloc(1, sizeof(*q));
	if (!q) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	snprintf(q->host, sizeof(q->host), "%s", c->host ? c->host : "");
	snprintf(q->sock, sizeof(q->sock), "%s", c->socket ? c->socket : "");
	snprintf(q->user, sizeof(q->user), "%s", c->user ? c->user : "");
	snprintf(q->password, sizeof(q->password), "%s",
		 c->password ? c->password : "");
	snprintf(q->name, sizeof(q->name), "%s", c->database ? c->database : "");
	q->port = c->port;
	q->timeout = c->timeout;
	q->query_timeout = c->query_timeout;
	if (!(q->db = ll__connect(q, err, errlen))) {
		if (!lazy) {
			free(q);
			return NULL;
		}
		q->broken = true; /* connects when the server is reachable */
		snprintf(q->err, sizeof(q->err), "%s", err);
	}
	q->store.ops = &ll__ops;
	q->store.dialect = LL_SQL_QMARK;
	q->store.schema = ll__schema;
	q->store.fixed = ll__fixed;
	return &q->store;
}
