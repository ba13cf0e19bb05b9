/* lanleased: the PostgreSQL backend. Statements are prepared once per
 * connection (named by their place in a cache keyed by SQL text); every
 * variable is sent as a text parameter ($n), or NULL, never spliced. A
 * COMMIT is durable when it returns (synchronous_commit). */
#include <errno.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_pg.h"

#define LL_PG_CACHE 64

struct ll_pg {
	struct ll_store store;
	PGconn *db;
	unsigned ncache;
	char *cache[LL_PG_CACHE]; /* SQL text of statement "llN" */
	PGresult *res;            /* the result whose rows are handed out */
	bool in_txn;              /* between BEGIN and COMMIT/ROLLBACK */
	time_t next_try;          /* reconnect backoff */
	unsigned backoff;
	char setup[128];          /* run on every (re)connection */
	char err[256];
	char arena[8192];         /* NUL-terminated parameter values */
};

/* The documented schema (lanleased(8)): the tables PostgreSQL shares
 * with SQLite are in chain.c (ll_schema_common); these differ. */
static const char *const ll__schema[] = {
	"CREATE TABLE IF NOT EXISTS leases (ip TEXT PRIMARY KEY, client_id TEXT "
	"NOT NULL, mac TEXT, expiry BIGINT NOT NULL, state TEXT NOT NULL)",
	"CREATE TABLE IF NOT EXISTS history (id BIGSERIAL PRIMARY KEY, "
	"time BIGINT NOT NULL, mac TEXT, ip TEXT, method TEXT NOT NULL, "
	"relay TEXT, circuit_id TEXT, remote_id TEXT, hostname TEXT)",
	"CREATE TABLE IF NOT EXISTS spool_applied (worker INTEGER NOT NULL, seq BIGINT NOT NULL)",
	NULL,
};

static struct ll_pg *ll__p(struct ll_store *s)
{
	return (struct ll_pg *)s;
}

static int ll__fail(struct ll_pg *q, const char *what)
{
	snprintf(q->err, sizeof(q->err), "%s: %s", what, PQerrorMessage(q->db));
	q->err[strcspn(q->err, "\n")] = '\0';
	return -EIO;
}

/* The name of the prepared statement for sql, preparing it once. */
static int ll__prepare(struct ll_pg *q, const char *sql, char name[16])
{
	unsigned i;
	for (i = 0; i < q->ncache; i++)
		if (!strcmp(q->cache[i], sql))
			break;
	snprintf(name, 16, "ll%u", i);
	if (i < q->ncache)
		return 0;
	if (i == LL_PG_CACHE) { /* full: plan it each time, unnamed */
		name[0] = '\0';
	}
	PGresult *r = PQprepare(q->db, name, sql, 0, NULL);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	if (!ok)
		return ll__fail(q, "prepare");
	if (name[0] && !(q->cache[q->ncache++] = strdup(sql)))
		return -ENOMEM;
	return 0;
}

/* A lost connection is re-established (1, 2, 4 ... 30 s apart), never
 * inside a transaction: what the transaction held is gone, and the
 * caller's COMMIT must fail so nothing is acknowledged that is not on
 * disk. Prepared statements belong to the old connection. */
static bool ll__alive(struct ll_pg *q)
{
	if (PQstatus(q->db) == CONNECTION_OK)
		return true;
	if (q->in_txn || time(NULL) < q->next_try)
		return false;
	PQreset(q->db);
	for (unsigned i = 0; i < q->ncache; i++)
		free(q->cache[i]);
	q->ncache = 0;
	if (PQstatus(q->db) == CONNECTION_OK) {
		fprintf(stderr, "lanleased: postgresql: reconnected\n");
		q->backoff = 0;
		PQclear(PQexec(q->db, q->setup));
		return true;
	}
	q->backoff = q->backoff ? (q->backoff * 2 > 30 ? 30 : q->backoff * 2) : 1;
	q->next_try = time(NULL) + q->backoff;
	ll__fail(q, "reconnect");
	fprintf(stderr, "lanleased: %s (next try in %u s)\n", q->err, q->backoff);
	return false;
}

/* Runs t with the variables of V as text parameters. */
static PGresult *ll__run1(struct ll_pg *q, const struct ll_tpl *t,
			  const struct ll_vars *V)
{
	const char *vals[LL_TPL_MAXVARS];
	char name[16];
	size_t used = 0;
	PQclear(q->res);
	q->res = NULL;
	if (!ll__alive(q)) {
		snprintf(q->err, sizeof(q->err), "postgresql: not connected");
		return NULL;
	}
	if (ll__prepare(q, t->sql, name) < 0)
		return NULL;
	for (unsigned i = 0; i < t->nvars; i++) {
		size_t n;
		const char *v = V ? ll_vars_get(V, t->vars[i], strlen(t->vars[i]),
						&n) : NULL;
		vals[i] = NULL;
		if (!v)
			continue;
		if (used + n + 1 > sizeof(q->arena)) {
			snprintf(q->err, sizeof(q->err), "parameters too long");
			return NULL;
		}
		memcpy(q->arena + used, v, n);
		q->arena[used + n] = '\0';
		vals[i] = q->arena + used;
		used += n + 1;
	}
	PGresult *r = PQexecPrepared(q->db, name, (int)t->nvars, vals, NULL,
				     NULL, 0);
	ExecStatusType st = PQresultStatus(r);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		const char *code = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		/* 40P01 deadlock, 40001 serialisation failure: retry; class
		 * 22 data exception, 23 integrity constraint: the row is
		 * refused; the rest (57014 timeout, 08 connection ...) */
		q->store.last_err = !code ? LL_SE_UNAVAILABLE
			: !strcmp(code, "40P01") || !strcmp(code, "40001") ? LL_SE_RETRY
			: !strncmp(code, "22", 2) || !strncmp(code, "23", 2) ? LL_SE_DATA
			: LL_SE_UNAVAILABLE;
		ll__fail(q, "query");
		PQclear(r);
		return NULL;
	}
	return r;
}

/* A connection found dead outside a transaction (the server restarted)
 * is re-established at once and the statement tried again. */
static PGresult *ll__run(struct ll_pg *q, const struct ll_tpl *t,
			 const struct ll_vars *V)
{
	PGresult *r = ll__run1(q, t, V);
	if (!r && !q->in_txn && PQstatus(q->db) != CONNECTION_OK)
		r = ll__run1(q, t, V);
	return r;
}

static void ll__fill(PGresult *r, int k, struct ll_row *row)
{
	int n = PQnfields(r);
	row->n = (unsigned)(n < LL_ROW_COLS ? n : LL_ROW_COLS);
	for (unsigned i = 0; i < row->n; i++) {
		row->name[i] = PQfname(r, (int)i);
		row->value[i] = PQgetisnull(r, k, (int)i) ? NULL
							  : PQgetvalue(r, k, (int)i);
	}
}

static int ll__query(struct ll_store *s, const struct ll_tpl *t,
		     const struct ll_vars *V, struct ll_row *row)
{
	struct ll_pg *q = ll__p(s);
	PGresult *r = ll__run(q, t, V);
	if (!r)
		return -EIO;
	q->res = r; /* the row lives until the next call */
	if (PQntuples(r) == 0)
		return 0;
	ll__fill(r, 0, row);
	return 1;
}

static int ll__query_all(struct ll_store *s, const struct ll_tpl *t,
			 const struct ll_vars *V,
			 int (*cb)(void *ctx, const struct ll_row *row),
			 void *ctx)
{
	struct ll_pg *q = ll__p(s);
	struct ll_row row;
	PGresult *r = ll__run(q, t, V);
	if (!r)
		return -EIO;
	q->res = r;
	int n = PQntuples(r);
	for (int k = 0; k < n; k++) {
		ll__fill(r, k, &row);
		int e = cb(ctx, &row);
		if (e < 0)
			return e;
	}
	return n;
}

static int ll__exec(struct ll_store *s, const struct ll_tpl *t,
		    const struct ll_vars *V)
{
	struct ll_pg *q = ll__p(s);
	PGresult *r = ll__run(q, t, V);
	if (!r)
		return -EIO;
	int n = atoi(PQcmdTuples(r)); /* "" for statements without a count */
	PQclear(r);
	return n;
}

static int ll__simple(struct ll_store *s, const char *sql)
{
	struct ll_pg *q = ll__p(s);
	bool begin = !strcmp(sql, "BEGIN");
	PQclear(q->res);
	q->res = NULL;
	if (!begin)
		q->in_txn = false; /* COMMIT or ROLLBACK ends it either way */
	if (!ll__alive(q))
		return ll__fail(q, sql);
	PGresult *r = PQexec(q->db, sql);
	/* a COMMIT of a failed transaction answers "ROLLBACK": not durable */
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK &&
		 (strcmp(sql, "COMMIT") || !strcmp(PQcmdStatus(r), "COMMIT"));
	PQclear(r);
	if (ok && begin)
		q->in_txn = true;
	return ok ? 0 : ll__fail(q, sql);
}

/* A connection found dead at BEGIN held no transaction: reconnect and
 * begin again at once, rather than after the breaker's backoff. */
static int ll__begin(struct ll_store *s)
{
	int e = ll__simple(s, "BEGIN");
	if (e < 0 && PQstatus(ll__p(s)->db) != CONNECTION_OK)
		e = ll__simple(s, "BEGIN");
	return e;
}
static int ll__commit(struct ll_store *s) { return ll__simple(s, "COMMIT"); }
static int ll__rollback(struct ll_store *s) { return ll__simple(s, "ROLLBACK"); }

static const char *ll__error(struct ll_store *s)
{
	return ll__p(s)->err;
}

static void ll__close(struct ll_store *s)
{
	struct ll_pg *q = ll__p(s);
	PQclear(q->res);
	for (unsigned i = 0; i < q->ncache; i++)
		free(q->cache[i]);
	PQfinish(q->db);
	free(s->scratch);
	free(q);
}

static const struct ll_store_ops ll__ops = {
	.query = ll__query, .query_all = ll__query_all, .exec = ll__exec,
	.begin = ll__begin, .commit = ll__commit, .rollback = ll__rollback,
	.error = ll__error, .close = ll__close,
};

struct ll_store *ll_pg_open(const char *conninfo, unsigned query_timeout_ms,
			    bool lazy, char *err, size_t errlen)
{
	struct ll_pg *q = calloc(1, sizeof(*q));
	if (!q) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	/* a slow database is a failing one: a statement past its deadline
	 * (lock waits included) fails, the breaker opens, and the cache and
	 * the spool answer until it is quick again */
	snprintf(q->setup, sizeof(q->setup), "SET client_min_messages = warning; "
		 "SET statement_timeout = %u", query_timeout_ms);
	q->db = PQconnectdb(conninfo);
	if (!q->db || PQstatus(q->db) != CONNECTION_OK) {
		snprintf(err, errlen, "postgresql: %s", PQerrorMessage(q->db));
		err[strcspn(err, "\n")] = '\0';
		if (!lazy || !q->db) {
			PQfinish(q->db);
			free(q);
			return NULL;
		}
		snprintf(q->err, sizeof(q->err), "%s", err); /* later, then */
	} else {
		PQclear(PQexec(q->db, q->setup));
	}
	q->store.ops = &ll__ops;
	q->store.dialect = LL_SQL_DOLLAR;
	q->store.schema = ll__schema;
	q->store.common_schema = true;
	return &q->store;
}
