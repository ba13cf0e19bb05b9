/* lanleased's JSON API under /api/v1/ and /metrics (lanleased-api(7)).
 * Statistics and status are public; whatever names a client or changes
 * the server needs a login (ll_hreq_deny). Database values are bound
 * parameters; paging numbers are checked integers. */
#include <ctype.h>
#include <errno.h>
#include <json-c/json.h>
#include <microhttpd.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http.h"
#include "lanlease/pool.h"
#include "lanlease/text.h"

#define LL_PAGE_MAX 1000

void ll_api_counters(const struct ll_http *H, uint64_t *sum)
{
	memset(sum, 0, sizeof(uint64_t) * LL_C__COUNT);
	for (unsigned w = 0; w < H->env.nworkers; w++)
		for (int i = 0; i < LL_C__COUNT; i++)
			sum[i] += atomic_load_explicit(&H->env.W[w]->count[i],
						       memory_order_relaxed);
}

bool ll_api_db_up(const struct ll_http *H)
{
	bool up = true;
	for (unsigned w = 0; w < H->env.nworkers; w++)
		up &= !atomic_load(&H->env.W[w]->db_down);
	return up;
}

/* ?name= as a whole number from 0 to max; def when absent; -1 (and a
 * 400 queued) when it is anything else. */
static long long ll__num(struct ll_hreq *r, const char *name, long long def,
			 long long max)
{
	const char *v = ll_hreq_arg(r, name);
	char *end;
	if (!v)
		return def;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (!*v || *end || errno || n < 0 || n > max) {
		ll_hreq_error(r, 400, "%s: a whole number from 0 to %lld", name,
			      max);
		return -1;
	}
	return n;
}

/* --- statistics and status ------------------------------------------- */

static void ll__pool_stats(const struct ll_http *H, struct json_object *o)
{
	struct ll_pool_stats st[LL_POOLS_MAX];
	uint64_t limited;
	unsigned n = ll_pools_stats(H->env.pools, st, LL_POOLS_MAX, &limited);
	if (!H->env.pools)
		return;
	json_object_object_add(o, "pool-limit-refusals",
			       json_object_new_int64((int64_t)limited));
	for (unsigned i = 0; i < n; i++) {
		char k[64];
		const struct { const char *name; uint64_t v; } f[] = {
			{ "total-addresses", st[i].total },
			{ "assigned-addresses", st[i].assigned },
			{ "declined-addresses", st[i].declined },
			{ "reclaimed-leases", st[i].reclaimed },
		};
		for (size_t j = 0; j < sizeof(f) / sizeof(f[0]); j++) {
			snprintf(k, sizeof(k), "subnet[%u].%s", i + 1, f[j].name);
			json_object_object_add(o, k, json_object_new_int64(
							     (int64_t)f[j].v));
		}
	}
}

static void ll__statistics(struct ll_hreq *r)
{
	uint64_t sum[LL_C__COUNT];
	ll_api_counters(r->H, sum);
	struct json_object *o = json_object_new_object();
	for (int i = 0; i < LL_C__COUNT; i++)
		json_object_object_add(o, ll_counter_name(i),
				       json_object_new_int64((int64_t)sum[i]));
	json_object_object_add(o, "suspended-clients", json_object_new_int(
		(int)ll_abuse_suspended(r->H->env.abuse, (int64_t)time(NULL),
					NULL, NULL, 0)));
	ll__pool_stats(r->H, o);
	ll_hreq_json(r, 200, o);
}

static void ll__status(struct ll_hreq *r)
{
	const struct ll_config *c = r->H->cfg;
	int64_t now = (int64_t)time(NULL);
	struct json_object *o = json_object_new_object(),
			   *db = json_object_new_object(),
			   *ca = json_object_new_object();
	json_object_object_add(o, "version", json_object_new_string(LL_VERSION));
	json_object_object_add(o, "uptime", json_object_new_int64(
							 now - r->H->env.started));
	json_object_object_add(o, "started", json_object_new_int64(
							  r->H->env.started));
	json_object_object_add(o, "config", json_object_new_string(c->file));
	json_object_object_add(o, "workers", json_object_new_int((int)c->workers));
	json_object_object_add(o, "pools", json_object_new_int((int)c->npools));
	json_object_object_add(db, "driver", json_object_new_string(c->db_driver));
	json_object_object_add(db, "up", json_object_new_boolean(
						 ll_api_db_up(r->H)));
	json_object_object_add(o, "database", db);
	struct ll_defcache *dc = r->H->env.W[0]->cache;
	uint64_t hits = 0, misses = 0;
	unsigned entries = dc ? ll_dc_count(dc, now, &hits, &misses) : 0;
	json_object_object_add(ca, "enabled", json_object_new_boolean(dc != NULL));
	json_object_object_add(ca, "ttl", json_object_new_int((int)c->cache_ttl));
	json_object_object_add(ca, "entries", json_object_new_int((int)entries));
	json_object_object_add(ca, "hits", json_object_new_int64((int64_t)hits));
	json_object_object_add(ca, "misses", json_object_new_int64((int64_t)misses));
	json_object_object_add(o, "cache", ca);
	json_object_object_add(o, "suspended-clients", json_object_new_int(
		(int)ll_abuse_suspended(r->H->env.abuse, now, NULL, NULL, 0)));
	ll_hreq_json(r, 200, o);
}

/* /metrics: the Prometheus text format (0.0.4), Kea's names with _ for
 * - (pkt4_received_total ...), per-pool gauges labelled by subnet. */
static void ll__metric(struct ll_buf *b, const char *name, const char *type,
		       const char *help)
{
	ll_buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void ll__metrics(struct ll_hreq *r)
{
	uint64_t sum[LL_C__COUNT];
	ll_api_counters(r->H, sum);
	struct ll_buf *b = &r->out;
	for (int i = 0; i < LL_C__COUNT; i++) {
		char n[80];
		size_t k = 0;
		for (const char *p = ll_counter_name(i); *p && k < 60; p++)
			n[k++] = *p == '-' ? '_' : *p;
		memcpy(n + k, "_total", 7);
		ll__metric(b, n, "counter", ll_counter_name(i));
		ll_buf_printf(b, "%s %llu\n", n, (unsigned long long)sum[i]);
	}
	int64_t now = (int64_t)time(NULL);
	ll__metric(b, "suspended_clients", "gauge", "MACs suspended now");
	ll_buf_printf(b, "suspended_clients %u\n",
		      ll_abuse_suspended(r->H->env.abuse, now, NULL, NULL, 0));
	ll__metric(b, "database_up", "gauge", "1 when every worker reaches "
		   "the database");
	ll_buf_printf(b, "database_up %d\n", ll_api_db_up(r->H));
	ll__metric(b, "uptime_seconds", "gauge", "seconds since lanleased "
		   "started");
	ll_buf_printf(b, "uptime_seconds %lld\n",
		      (long long)(now - r->H->env.started));
	struct ll_pool_stats st[LL_POOLS_MAX];
	uint64_t limited;
	unsigned n = ll_pools_stats(r->H->env.pools, st, LL_POOLS_MAX, &limited);
	static const char *const pn[] = { "total_addresses", "assigned_addresses",
					  "declined_addresses", "reclaimed_leases" };
	for (int j = 0; j < 4 && n; j++) {
		ll__metric(b, pn[j], j == 3 ? "counter" : "gauge",
			   "per pool (Kea's subnet[N] statistics)");
		for (unsigned i = 0; i < n; i++) {
			uint64_t v[4] = { st[i].total, st[i].assigned,
					  st[i].declined, st[i].reclaimed };
			ll_buf_printf(b, "%s{subnet=\"%u\"} %llu\n", pn[j], i + 1,
				      (unsigned long long)v[j]);
		}
	}
	r->ctype = "text/plain; version=0.0.4; charset=utf-8";
}

/* --- leases and history ---------------------------------------------- */

struct ll__rows {
	struct json_object *a;
	int64_t now;
};

static int ll__row(void *ctx, const struct ll_row *row)
{
	struct ll__rows *x = ctx;
	struct json_object *o = json_object_new_object();
	for (unsigned i = 0; i < row->n; i++) {
		const char *v = row->value[i];
		bool num = v && (!strcmp(row->name[i], "expiry") ||
				 !strcmp(row->name[i], "time"));
		json_object_object_add(o, row->name[i],
				       !v ? NULL
				       : num ? json_object_new_int64(atoll(v))
					     : json_object_new_string(v));
		if (!strcmp(row->name[i], "expiry") && v)
			json_object_object_add(o, "expires_in",
					       json_object_new_int64(atoll(v) -
								     x->now));
	}
	json_object_array_add(x->a, o);
	return 0;
}

int ll_api_query(struct ll_hreq *r, const char *select, const char *where,
		 const char *order, const struct ll_vars *V, long long offset,
		 long long limit, int (*cb)(void *ctx, const struct ll_row *row),
		 void *ctx)
{
	char sql[1024];
	struct ll_tpl t;
	const char *why;
	size_t at;
	snprintf(sql, sizeof(sql), "%s%s%s ORDER BY %s LIMIT %lld OFFSET %lld",
		 select, where[0] ? " WHERE " : "", where, order, limit, offset);
	struct ll_store *st = r->H->T->store;
	if (ll_tpl_compile(sql, st->dialect, &t, &why, &at)) {
		ll_hreq_error(r, 500, "internal query: %s", why);
		return -1;
	}
	int n = st->ops->query_all(st, &t, V, cb, ctx);
	if (n < 0)
		ll_hreq_error(r, 503, "database: %s", st->ops->error(st));
	return n < 0 ? -1 : n;
}

/* Answers the rows as {"items": [...], "offset", "limit"}. */
static void ll__list(struct ll_hreq *r, const char *select, const char *where,
		     const char *order, struct ll_vars *V, long long offset,
		     long long limit)
{
	struct ll__rows x = { json_object_new_array(), (int64_t)time(NULL) };
	if (ll_api_query(r, select, where, order, V, offset, limit, ll__row,
			 &x) < 0) {
		json_object_put(x.a);
		return;
	}
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "items", x.a);
	json_object_object_add(o, "offset", json_object_new_int64(offset));
	json_object_object_add(o, "limit", json_object_new_int64(limit));
	ll_hreq_json(r, 200, o);
}

/* Adds "col = {var}" to where when ?arg= is given (checked by kind). */
static int ll__filter(struct ll_hreq *r, struct ll_vars *V, char *where,
		      size_t cap, const char *arg, const char *cond,
		      const char *kind)
{
	const char *v = ll_hreq_arg(r, arg);
	char norm[600];
	uint32_t ip;
	if (!v)
		return 0;
	if (!strcmp(kind, "mac") && ll_api_mac(v, norm, NULL))
		return ll_hreq_error(r, 400, "%s: not a MAC address", arg), -1;
	if (!strcmp(kind, "ip") && ll_ip_parse(v, strlen(v), &ip))
		return ll_hreq_error(r, 400, "%s: not an IPv4 address", arg), -1;
	if (!strcmp(kind, "hex")) { /* as the history stores it */
		uint8_t raw[256];
		int n = ll_hex_parse(v, strlen(v), raw, sizeof(raw));
		struct ll_sb sb;
		ll_sb_init(&sb, norm, sizeof(norm));
		if (n < 0) /* text, as the switch sends it */
			ll_sb_hex(&sb, (const uint8_t *)v, strnlen(v, 255));
		else
			ll_sb_hex(&sb, raw, (size_t)n);
	} else if (!strcmp(kind, "int")) {
		if (ll__num(r, arg, 0, (long long)1 << 50) < 0)
			return -1;
		snprintf(norm, sizeof(norm), "%s", v);
	} else if (strcmp(kind, "mac")) {
		snprintf(norm, sizeof(norm), "%s", v);
	}
	ll_vars_set(V, arg, norm, strlen(norm));
	size_t l = strlen(where);
	snprintf(where + l, cap - l, "%s%s", l ? " AND " : "", cond);
	return 0;
}

/* ?offset= and ?limit=: 0, or -1 with a 400 queued. */
static int ll__page(struct ll_hreq *r, long long *off, long long *lim)
{
	*off = ll__num(r, "offset", 0, 1000000000);
	if (*off < 0 || (*lim = ll__num(r, "limit", 100, LL_PAGE_MAX)) < 0)
		return -1;
	return 0;
}

static void ll__leases(struct ll_hreq *r, const char *one)
{
	static struct ll_vars V;
	char where[512] = "";
	long long off, lim;
	ll_vars_init(&V);
	if (ll__page(r, &off, &lim))
		return;
	if (one) { /* /leases/MAC or /leases/IP */
		if (ll_api_lease_key(one, false, &V, where, sizeof(where))) {
			ll_hreq_error(r, 400, "%s is neither a MAC nor an IPv4 "
				      "address", one);
			return;
		}
	} else if (ll__filter(r, &V, where, sizeof(where), "mac", "mac = {mac}",
			      "mac") ||
		   ll__filter(r, &V, where, sizeof(where), "ip", "ip = {ip}", "ip") ||
		   ll__filter(r, &V, where, sizeof(where), "client_id",
			      "client_id = {client_id}", "text") ||
		   ll__filter(r, &V, where, sizeof(where), "circuit_id",
			      "ip IN (SELECT ip FROM history WHERE circuit_id = "
			      "{circuit_id})", "hex")) {
		return;
	}
	ll__list(r, "SELECT ip, mac, client_id, expiry, state FROM leases",
		 where, "ip", &V, off, lim);
	if (one && r->status == 200 && strstr(r->out.p, "\"items\":[]"))
		ll_hreq_error(r, 404, "no lease for %s", one);
}

static void ll__history(struct ll_hreq *r)
{
	static struct ll_vars V;
	char where[512] = "";
	long long off, lim;
	ll_vars_init(&V);
	if (ll__page(r, &off, &lim))
		return;
	if (ll__filter(r, &V, where, sizeof(where), "mac", "mac = {mac}", "mac") ||
	    ll__filter(r, &V, where, sizeof(where), "ip", "ip = {ip}", "ip") ||
	    ll__filter(r, &V, where, sizeof(where), "since", "time >= {since}",
		       "int") ||
	    ll__filter(r, &V, where, sizeof(where), "until", "time <= {until}",
		       "int") ||
	    ll__filter(r, &V, where, sizeof(where), "circuit_id",
		       "circuit_id = {circuit_id}", "hex"))
		return;
	ll__list(r, "SELECT time, mac, ip, method, relay, circuit_id, remote_id, "
		 "hostname FROM history", where, "time DESC, id DESC", &V, off,
		 lim);
}

/* --- suspended clients, reload ----------------------------------------- */

static void ll__suspended(struct ll_hreq *r)
{
	static uint8_t macs[4096][6];
	static int64_t until[4096];
	int64_t now = (int64_t)time(NULL);
	unsigned n = ll_abuse_suspended(r->H->env.abuse, now, macs, until, 4096);
	struct json_object *a = json_object_new_array();
	for (unsigned i = 0; i < n && i < 4096; i++) {
		char m[18];
		struct json_object *o = json_object_new_object();
		ll_api_macstr(macs[i], m);
		json_object_object_add(o, "mac", json_object_new_string(m));
		json_object_object_add(o, "until", json_object_new_int64(until[i]));
		json_object_object_add(o, "remaining",
				       json_object_new_int64(until[i] - now));
		json_object_array_add(a, o);
	}
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "items", a);
	json_object_object_add(o, "count", json_object_new_int((int)n));
	ll_hreq_json(r, 200, o);
}

/* The request body as a JSON object: NULL with a 400 queued. */
static struct json_object *ll__body(struct ll_hreq *r)
{
	enum json_tokener_error e;
	struct json_object *o = json_tokener_parse_verbose(r->body, &e);
	if (!o || !json_object_is_type(o, json_type_object)) {
		ll_hreq_error(r, 400, "the body is not a JSON object%s%s",
			      o ? "" : ": ", o ? "" : json_tokener_error_desc(e));
		json_object_put(o);
		return NULL;
	}
	return o;
}

static void ll__unsuspend(struct ll_hreq *r, const char *mac_s)
{
	struct json_object *b = NULL, *v;
	if (!mac_s) {
		if (!(b = ll__body(r)))
			return;
		mac_s = json_object_object_get_ex(b, "mac", &v) &&
				json_object_is_type(v, json_type_string)
			? json_object_get_string(v) : NULL;
	}
	char m[18];
	uint8_t mac[6];
	if (ll_api_mac(mac_s, m, mac)) {
		ll_hreq_error(r, 400, "mac: not a MAC address");
	} else if (!ll_abuse_lift(r->H->env.abuse, mac, (int64_t)time(NULL))) {
		ll_hreq_error(r, 404, "%s is not suspended", m);
	} else {
		struct json_object *o = json_object_new_object();
		json_object_object_add(o, "mac", json_object_new_string(m));
		json_object_object_add(o, "lifted", json_object_new_boolean(1));
		ll_hreq_json(r, 200, o);
	}
	json_object_put(b);
}

static void ll__reload(struct ll_hreq *r)
{
	char err[512] = "";
	if (r->H->env.reload(err, sizeof(err))) {
		ll_hreq_error(r, 422, "reload rejected, the old configuration "
			      "serves on: %s", err);
		return;
	}
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "reloaded", json_object_new_boolean(1));
	json_object_object_add(o, "config",
			       json_object_new_string(r->H->cfg->file));
	ll_hreq_json(r, 200, o);
}

/* --- routing ---------------------------------------------------------- */

static bool ll__is(const struct ll_hreq *r, const char *m)
{
	return !strcmp(r->method, m);
}

/* The method is wrong for the path: 405. */
static bool ll__method(struct ll_hreq *r, const char *allowed)
{
	size_t n = strlen(r->method);
	for (const char *a = allowed; n && (a = strstr(a, r->method)); a += n)
		if ((a == allowed || a[-1] == ' ') && (a[n] == ' ' || !a[n]))
			return true;
	ll_hreq_error(r, 405, "%s takes %s", r->url, allowed);
	return false;
}

static void ll__secure_routes(struct ll_hreq *r, const char *p)
{
	if (!strcmp(p, "leases") && ll__method(r, "GET"))
		ll__leases(r, NULL);
	else if (!strncmp(p, "leases/", 7) && ll__method(r, "GET"))
		ll__leases(r, p + 7);
	else if (!strcmp(p, "history") && ll__method(r, "GET"))
		ll__history(r);
	else if (!strcmp(p, "reload") && ll__method(r, "POST"))
		ll__reload(r);
	else if (!strcmp(p, "suspended") && ll__method(r, "GET POST"))
		ll__is(r, "GET") ? ll__suspended(r) : ll__unsuspend(r, NULL);
	else if (!strncmp(p, "suspended/", 10) && ll__method(r, "DELETE"))
		ll__unsuspend(r, p + 10);
	else if (!strcmp(p, "trace") && ll__method(r, "GET POST"))
		ll_api_trace(r);
	else if (r->status == 200)
		ll_hreq_error(r, 404, "no such API resource: %s", r->url);
}

bool ll_api_route(struct ll_hreq *r)
{
	if (!strcmp(r->url, "/metrics")) {
		if (ll__method(r, "GET HEAD"))
			ll__metrics(r);
		return true;
	}
	if (strncmp(r->url, "/api/v1/", 8))
		return false;
	const char *p = r->url + 8;
	if (!strcmp(p, "statistics")) {
		if (ll__method(r, "GET HEAD"))
			ll__statistics(r);
	} else if (!strcmp(p, "status")) {
		if (ll__method(r, "GET HEAD"))
			ll__status(r);
	} else if (!ll_hreq_deny(r)) {
		ll__secure_routes(r, p);
	}
	return true;
}
