/* lanleased: the HTTP service (lanleased-api(7)): the dashboard, the
 * JSON API under /api/v1/, /metrics for Prometheus, and conf.lua's web
 * extensions. Off unless http = { ... } is set; loopback by default.
 *
 * One thread (libmicrohttpd's), so its database connection, its trace
 * worker and its Lua state need no locks. It reads the workers'
 * counters (atomics) and the shared tables (abuse, pools: their own
 * locks); nothing on the packet path waits for it. */
#ifndef LL_LANLEASED_HTTP_H
#define LL_LANLEASED_HTTP_H
#include <stddef.h>
#include <stdint.h>

#include "apireq.h"
#include "serve.h"
#include "pools.h"

/* What the service reads from the running server. */
struct ll_http_env {
	struct ll_server **W;
	unsigned nworkers;
	struct ll_abuse *abuse;
	struct ll_pools *pools;
	/* the live configuration and its generation (a reload bumps it) */
	const struct ll_config *(*config)(unsigned *gen);
	/* reloads conf.lua now: 0, or -1 with err (the old one stays) */
	int (*reload)(char *err, size_t errlen);
	int64_t started;
};

struct ll_http;

/* Starts the service (its own thread); NULL with err when it cannot
 * listen or read the TLS files. */
struct ll_http *ll_http_start(const struct ll_http_env *env, char *err,
			      size_t errlen);
void ll_http_stop(struct ll_http *H);

/* --- inside the service (http.c, api.c, dash.c) -------------------- */
struct MHD_Connection;
struct json_object;
struct lua_State;

/* A growable buffer for response bodies. */
struct ll_buf {
	char *p;
	size_t n, cap;
	int oom;
};
void ll_buf_put(struct ll_buf *b, const char *s, size_t n);
void ll_buf_puts(struct ll_buf *b, const char *s);
void ll_buf_printf(struct ll_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* s with & < > " ' escaped for HTML text and attributes. */
void ll_buf_html(struct ll_buf *b, const char *s);

/* One request, as the handlers see it. */
struct ll_hreq {
	struct ll_http *H;
	struct MHD_Connection *c;
	const char *url, *method;
	const char *body;          /* POST/PUT/DELETE body, NUL-terminated */
	size_t blen;
	bool authed;               /* a valid token or digest login */
	char user[64];
	/* the response */
	unsigned status;
	const char *ctype;
	struct ll_buf out;
	bool need_login;           /* 401 with the digest challenge */
	const char *location;      /* a redirect's target */
};

struct ll_http {
	struct MHD_Daemon *d;
	struct ll_http_env env;
	const struct ll_config *cfg; /* as of gen */
	unsigned gen;
	struct ll_server *T;       /* the trace worker (its own store) */
	struct ll_hooks *web;      /* conf.lua for web.* (NULL: none) */
	char *cert, *key;          /* PEM, read at start */
	uint8_t rnd[32];           /* digest nonces */
};

/* A query string argument, or NULL. */
const char *ll_hreq_arg(const struct ll_hreq *r, const char *name);
/* Answers with a JSON error {"error": msg, "status": status}. */
void ll_hreq_error(struct ll_hreq *r, unsigned status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Answers with a JSON document (taking the object). */
void ll_hreq_json(struct ll_hreq *r, unsigned status, struct json_object *o);
/* Refuses an unauthenticated request to a secure resource: true when
 * the caller must stop (401 queued). */
bool ll_hreq_deny(struct ll_hreq *r);

/* api.c: /api/v1/... and /metrics; true when the path was theirs. */
bool ll_api_route(struct ll_hreq *r);
/* /api/v1/trace (trace.c). */
void ll_api_trace(struct ll_hreq *r);
/* Runs "select [WHERE where] ORDER BY order LIMIT OFFSET" on the HTTP
 * thread's connection, a row per callback; the count, or -1 with a 503
 * queued. */
int ll_api_query(struct ll_hreq *r, const char *select, const char *where,
		 const char *order, const struct ll_vars *V, long long offset,
		 long long limit, int (*cb)(void *ctx, const struct ll_row *row),
		 void *ctx);
/* Counters summed over the workers (LL_C__COUNT of them). */
void ll_api_counters(const struct ll_http *H, uint64_t *sum);
bool ll_api_db_up(const struct ll_http *H);
/* dash.c: the dashboard, static files and web.* extensions; true when
 * the path was theirs. */
bool ll_dash_route(struct ll_hreq *r);
#endif
