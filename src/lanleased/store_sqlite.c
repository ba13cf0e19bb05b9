/* lanleased: the SQLite backend. WAL with synchronous=FULL, so a
 * COMMIT is on disk when it returns; prepared statements are cached by
 * their SQL text; every variable is bound, as text, or NULL. */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_sqlite.h"

#define LL_CACHE 64

struct ll_sqlite {
	struct ll_store store;
	sqlite3 *db;
	unsigned ncache;
	struct { char *sql; sqlite3_stmt *st; } cache[LL_CACHE];
	sqlite3_stmt *live; /* the statement whose row is handed out */
	char err[256];
	bool writing;       /* holds ll__writer (a transaction is open) */
};

/* The documented schema (lanleased(8)): the tables SQLite shares with
 * PostgreSQL are in chain.c (ll_schema_common); these differ. */
static const char *const ll__schema[] = {
	"CREATE TABLE IF NOT EXISTS leases (ip TEXT PRIMARY KEY, client_id TEXT "
	"NOT NULL, mac TEXT, expiry INTEGER NOT NULL, state TEXT NOT NULL)",
	"CREATE TABLE IF NOT EXISTS history (id INTEGER PRIMARY KEY, "
	"time INTEGER NOT NULL, mac TEXT, ip TEXT, method TEXT NOT NULL, "
	"relay TEXT, circuit_id TEXT, remote_id TEXT, hostname TEXT)",
	"CREATE TABLE IF NOT EXISTS spool_applied (worker INTEGER NOT NULL, seq INTEGER NOT NULL)",
	NULL,
};

static struct ll_sqlite *ll__q(struct ll_store *s)
{
	return (struct ll_sqlite *)s;
}

/* A statement from the cache, by its text. Its parameters need no
 * clearing: ll__bound sets every one. */
static sqlite3_stmt *ll__prepare(struct ll_sqlite *q, const char *sql)
{
	for (unsigned i = 0; i < q->ncache; i++)
		if (!strcmp(q->cache[i].sql, sql)) {
			sqlite3_reset(q->cache[i].st);
			return q->cache[i].st;
		}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v3(q->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
			       NULL) != SQLITE_OK) {
		snprintf(q->err, sizeof(q->err), "%s", sqlite3_errmsg(q->db));
		return NULL;
	}
	if (q->ncache == LL_CACHE) { /* full: the oldest goes */
		sqlite3_finalize(q->cache[0].st);
		free(q->cache[0].sql);
		memmove(q->cache, q->cache + 1, sizeof(q->cache[0]) * (LL_CACHE - 1));
		q->ncache--;
	}
	q->cache[q->ncache].sql = strdup(sql);
	q->cache[q->ncache].st = st;
	if (!q->cache[q->ncache].sql) {
		sqlite3_finalize(st);
		return NULL;
	}
	q->ncache++;
	return st;
}

/* {variables} in placeholder order; an undefined one binds NULL. With
 * still, V outlives the statement's run (it is reset before the caller
 * returns), so the values are not copied. */
static sqlite3_stmt *ll__bound(struct ll_sqlite *q, const struct ll_tpl *t,
			       const struct ll_vars *V, bool still)
{
	if (q->live) {
		sqlite3_reset(q->live);
		q->live = NULL;
	}
	sqlite3_stmt *st = ll__prepare(q, t->sql);
	for (unsigned i = 0; st && i < t->nvars; i++) {
		size_t n;
		const char *v = V ? ll_vars_get(V, t->vars[i], strlen(t->vars[i]),
						&n) : NULL;
		int r = v ? sqlite3_bind_text(st, (int)i + 1, v, (int)n,
					      still ? SQLITE_STATIC
						    : SQLITE_TRANSIENT)
			  : sqlite3_bind_null(st, (int)i + 1);
		if (r != SQLITE_OK)
			return NULL;
	}
	return st;
}

static void ll__fill(sqlite3_stmt *st, struct ll_row *row)
{
	int n = sqlite3_column_count(st);
	row->n = (unsigned)(n < LL_ROW_COLS ? n : LL_ROW_COLS);
	for (unsigned i = 0; i < row->n; i++) {
		row->name[i] = sqlite3_column_name(st, (int)i);
		row->value[i] = (const char *)sqlite3_column_text(st, (int)i);
	}
}

static int ll__fail(struct ll_sqlite *q)
{
	int c = sqlite3_errcode(q->db);
	snprintf(q->err, sizeof(q->err), "%s", sqlite3_errmsg(q->db));
	q->store.last_err = c == SQLITE_CONSTRAINT || c == SQLITE_TOOBIG ||
			    c == SQLITE_MISMATCH ? LL_SE_DATA : LL_SE_UNAVAILABLE;
	return -EIO;
}

static int ll__query(struct ll_store *s, const struct ll_tpl *t,
		     const struct ll_vars *V, struct ll_row *row)
{
	struct ll_sqlite *q = ll__q(s);
	sqlite3_stmt *st = ll__bound(q, t, V, false); /* its row stays out */
	if (!st)
		return -EINVAL;
	int r = sqlite3_step(st);
	if (r == SQLITE_DONE)
		return 0;
	if (r != SQLITE_ROW)
		return ll__fail(q);
	ll__fill(st, row);
	q->live = st; /* the row stays valid until the next call */
	return 1;
}

static int ll__query_all(struct ll_store *s, const struct ll_tpl *t,
			 const struct ll_vars *V,
			 int (*cb)(void *ctx, const struct ll_row *row), void *ctx)
{
	struct ll_sqlite *q = ll__q(s);
	sqlite3_stmt *st = ll__bound(q, t, V, false); /* cb may change V */
	struct ll_row row;
	int r, n = 0;
	if (!st)
		return -EINVAL;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		ll__fill(st, &row);
		int e = cb(ctx, &row);
		if (e < 0) {
			sqlite3_reset(st);
			return e;
		}
		n++;
	}
	sqlite3_reset(st);
	return r == SQLITE_DONE ? n : ll__fail(q);
}

static int ll__exec(struct ll_store *s, const struct ll_tpl *t,
		    const struct ll_vars *V)
{
	struct ll_sqlite *q = ll__q(s);
	sqlite3_stmt *st = ll__bound(q, t, V, true);
	if (!st)
		return -EINVAL;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW)
		;
	sqlite3_reset(st);
	return r == SQLITE_DONE ? sqlite3_changes(q->db) : ll__fail(q);
}

static int ll__plain(struct ll_store *s, const char *sql)
{
	struct ll_sqlite *q = ll__q(s);
	if (q->live) {
		sqlite3_reset(q->live);
		q->live = NULL;
	}
	return sqlite3_exec(q->db, sql, NULL, NULL, NULL) == SQLITE_OK
		       ? 0 : ll__fail(q);
}

/* SQLite has one writer at a time; a second one that finds the write
 * lock taken sleeps in the busy handler (1, 2, 5 ... ms) however soon
 * the lock is free. The workers of one process take turns on this mutex
 * instead and wake the moment the writer before them commits; other
 * processes on the same file still meet the busy handler. */
static pthread_mutex_t ll__writer = PTHREAD_MUTEX_INITIALIZER;

static int ll__begin(struct ll_store *s)
{
	struct ll_sqlite *q = ll__q(s);
	pthread_mutex_lock(&ll__writer);
	int r = ll__plain(s, "BEGIN IMMEDIATE");
	if (r < 0)
		pthread_mutex_unlock(&ll__writer);
	q->writing = r == 0;
	return r;
}

static void ll__end(struct ll_sqlite *q)
{
	if (q->writing)
		pthread_mutex_unlock(&ll__writer);
	q->writing = false;
}

static int ll__commit(struct ll_store *s)
{
	int r = ll__plain(s, "COMMIT");
	if (r == 0) /* a failed COMMIT is rolled back by the caller */
		ll__end(ll__q(s));
	return r;
}

static int ll__rollback(struct ll_store *s)
{
	int r = ll__plain(s, "ROLLBACK");
	ll__end(ll__q(s));
	return r;
}

static const char *ll__error(struct ll_store *s)
{
	return ll__q(s)->err;
}

static void ll__close(struct ll_store *s)
{
	struct ll_sqlite *q = ll__q(s);
	for (unsigned i = 0; i < q->ncache; i++) {
		sqlite3_finalize(q->cache[i].st);
		free(q->cache[i].sql);
	}
	sqlite3_close(q->db);
	free(s->scratch);
	free(q);
}

static const struct ll_store_ops ll__ops = {
	.query = ll__query, .query_all = ll__query_all, .exec = ll__exec,
	.begin = ll__begin, .commit = ll__commit, .rollback = ll__rollback,
	.error = ll__error, .close = ll__close,
};

struct ll_store *ll_sqlite_open(const char *path, char *err, size_t errlen)
{
	struct ll_sqlite *q = calloc(1, sizeof(*q));
	if (!q) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (sqlite3_open_v2(path, &q->db, SQLITE_OPEN_READWRITE |
			    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_exec(q->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			 "PRAGMA busy_timeout=5000;", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path,
			 q->db ? sqlite3_errmsg(q->db) : "cannot open");
		sqlite3_close(q->db);
		free(q);
		return NULL;
	}
	q->store.ops = &ll__ops;
	q->store.dialect = LL_SQL_QMARK;
	q->store.schema = ll__schema;
	q->store.common_schema = true;
	q->store.impl = q;
	return &q->store;
}
