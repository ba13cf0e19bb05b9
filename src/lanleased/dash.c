/* lanleased's dashboard (plain HTML rendered here: its tables work with
 * JavaScript off; web/dashboard.js only draws the live chart), its
 * static files, and conf.lua's web extensions (staticDHCPd's dashboard
 * elements and web methods, lanleased-hooks(7)):
 *
 *   web.add_dashboard(module, name, fn, ordering)  fn() -> HTML
 *   web.add_method(path, fn, { hidden, secure, display_mode, confirm,
 *                  module, name })                  fn(request) -> ...
 *   web.add_header(fn)                              fn() -> HTML
 *   web.remove_dashboard(module, name), web.remove_method(path),
 *   web.remove_header(fn)
 *
 * display_mode "raw": fn returns the content type and the body;
 * "template" (default): an HTML fragment in the page; "dashboard": the
 * fragment above the dashboard. */
#include <json-c/json.h>
#include <lauxlib.h>
#include <lua.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http.h"
#include "lanlease/text.h"

extern const unsigned char ll_web_dashboard_js[], ll_web_dashboard_css[];
extern const size_t ll_web_dashboard_js_len, ll_web_dashboard_css_len;

/* --- web.* in Lua ------------------------------------------------------ */

static void ll__reg(lua_State *L, const char *key)
{
	if (lua_getfield(L, LUA_REGISTRYINDEX, key) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_setfield(L, LUA_REGISTRYINDEX, key);
	}
}

static int ll__add_dashboard(lua_State *L)
{
	const char *mod = luaL_checkstring(L, 1), *name = luaL_checkstring(L, 2);
	luaL_checktype(L, 3, LUA_TFUNCTION);
	lua_Number ord = luaL_optnumber(L, 4, 0);
	ll__reg(L, "ll_web_dash");
	lua_newtable(L);
	lua_pushstring(L, mod), lua_setfield(L, -2, "module");
	lua_pushstring(L, name), lua_setfield(L, -2, "name");
	lua_pushvalue(L, 3), lua_setfield(L, -2, "fn");
	lua_pushnumber(L, ord), lua_setfield(L, -2, "ordering");
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

/* Removes the entries of list `key` for which match(L, entry) holds. */
static int ll__remove(lua_State *L, const char *key,
		      bool (*match)(lua_State *L, int entry))
{
	ll__reg(L, key);
	lua_Integer n = (lua_Integer)lua_rawlen(L, -1), w = 1;
	bool removed = false;
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, -1, i);
		if (match(L, lua_gettop(L))) {
			removed = true;
			lua_pop(L, 1);
			continue;
		}
		lua_rawseti(L, -2, w++);
	}
	for (; w <= n; w++)
		lua_pushnil(L), lua_rawseti(L, -2, w);
	lua_pushboolean(L, removed);
	return 1;
}

static bool ll__match_dash(lua_State *L, int e)
{
	lua_getfield(L, e, "module");
	lua_getfield(L, e, "name");
	bool m = lua_rawequal(L, -2, 1) && lua_rawequal(L, -1, 2);
	lua_pop(L, 2);
	return m;
}

static int ll__remove_dashboard(lua_State *L)
{
	luaL_checkstring(L, 1), luaL_checkstring(L, 2);
	return ll__remove(L, "ll_web_dash", ll__match_dash);
}

static int ll__add_method(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	luaL_checktype(L, 2, LUA_TFUNCTION);
	if (path[0] != '/' || strstr(path, "..") || !strncmp(path, "/api/", 5) ||
	    !strncmp(path, "/static/", 8) || !strcmp(path, "/") ||
	    !strcmp(path, "/metrics") || !strncmp(path, "/ui/", 4))
		return luaL_error(L, "web.add_method: %s: a path of its own, "
				  "starting with /, outside /, /api/, /static/, "
				  "/ui/ and /metrics", path);
	const char *mode = "template";
	if (lua_istable(L, 3) && lua_getfield(L, 3, "display_mode") == LUA_TSTRING)
		mode = lua_tostring(L, -1);
	if (strcmp(mode, "raw") && strcmp(mode, "template") &&
	    strcmp(mode, "dashboard"))
		return luaL_error(L, "web.add_method: display_mode is raw, "
				  "template or dashboard");
	ll__reg(L, "ll_web_methods");
	lua_newtable(L);
	lua_pushvalue(L, 2), lua_setfield(L, -2, "fn");
	lua_pushstring(L, mode), lua_setfield(L, -2, "display_mode");
	static const char *const flags[] = { "hidden", "secure", "confirm",
					     "module", "name" };
	for (int i = 0; i < 5; i++) {
		if (lua_istable(L, 3))
			lua_getfield(L, 3, flags[i]);
		else
			lua_pushnil(L);
		if (i == 0 && lua_isnil(L, -1)) /* hidden unless told */
			lua_pushboolean(L, 1), lua_replace(L, -2);
		lua_setfield(L, -2, flags[i]);
	}
	lua_setfield(L, -2, path);
	return 0;
}

static int ll__remove_method(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	ll__reg(L, "ll_web_methods");
	bool had = lua_getfield(L, -1, path) != LUA_TNIL;
	lua_pop(L, 1);
	lua_pushnil(L);
	lua_setfield(L, -2, path);
	lua_pushboolean(L, had);
	return 1;
}

static int ll__add_header(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TFUNCTION);
	ll__reg(L, "ll_web_headers");
	lua_pushvalue(L, 1);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static bool ll__match_fn(lua_State *L, int e)
{
	return lua_rawequal(L, e, 1);
}

static int ll__remove_header(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TFUNCTION);
	return ll__remove(L, "ll_web_headers", ll__match_fn);
}

void ll_web_register(lua_State *L)
{
	static const luaL_Reg fns[] = {
		{ "add_dashboard", ll__add_dashboard },
		{ "remove_dashboard", ll__remove_dashboard },
		{ "add_method", ll__add_method },
		{ "remove_method", ll__remove_method },
		{ "add_header", ll__add_header },
		{ "remove_header", ll__remove_header },
		{ NULL, NULL },
	};
	luaL_newlib(L, fns);
	lua_setglobal(L, "web");
}

/* --- the page ---------------------------------------------------------- */

/* Calls fn (on the stack) with nargs; appends its string result. */
static void ll__lua_html(struct ll_hreq *r, const char *what, int nargs)
{
	lua_State *L = ll_hooks_lua(r->H->web);
	if (ll_hooks_call(r->H->web, what, nargs, 1)) {
		ll_buf_printf(&r->out, "<p class=err>%s failed (see the log)</p>",
			      what);
		return;
	}
	const char *s = lua_tostring(L, -1);
	if (s)
		ll_buf_puts(&r->out, s); /* the operator's own HTML */
	lua_pop(L, 1);
}

static void ll__nav(struct ll_hreq *r)
{
	lua_State *L = ll_hooks_lua(r->H->web);
	ll_buf_puts(&r->out, "<nav><a href=\"/\">Dashboard</a>");
	if (L) {
		ll__reg(L, "ll_web_methods");
		for (lua_pushnil(L); lua_next(L, -2); lua_pop(L, 1)) {
			lua_getfield(L, -1, "hidden");
			bool hidden = lua_toboolean(L, -1);
			lua_getfield(L, -2, "name");
			const char *name = lua_tostring(L, -1);
			if (!hidden && lua_type(L, -4) == LUA_TSTRING) {
				ll_buf_puts(&r->out, " <a href=\"");
				ll_buf_html(&r->out, lua_tostring(L, -4));
				ll_buf_puts(&r->out, "\">");
				ll_buf_html(&r->out, name ? name : lua_tostring(L, -4));
				ll_buf_puts(&r->out, "</a>");
			}
			lua_pop(L, 2);
		}
		lua_pop(L, 1);
	}
	ll_buf_puts(&r->out, "</nav>");
}

static void ll__head(struct ll_hreq *r, const char *title)
{
	int64_t up = (int64_t)time(NULL) - r->H->env.started;
	r->ctype = "text/html; charset=utf-8";
	ll_buf_puts(&r->out, "<!doctype html><html lang=en><head><meta "
		    "charset=utf-8><meta name=viewport content=\"width=device-"
		    "width,initial-scale=1\"><title>");
	ll_buf_html(&r->out, title);
	ll_buf_printf(&r->out, "</title><link rel=icon href=\"data:,\"><link "
		      "rel=stylesheet href=\"/static/dashboard.css\"></head><body><header><h1>lanleased</h1>"
		      "<span class=meta>version %s &middot; up <span id=uptime>"
		      "%lldd %02lld:%02lld:%02lld</span></span>", LL_VERSION,
		      (long long)(up / 86400), (long long)(up / 3600 % 24),
		      (long long)(up / 60 % 60), (long long)(up % 60));
	lua_State *L = ll_hooks_lua(r->H->web);
	if (L) {
		ll__reg(L, "ll_web_headers");
		lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
		for (lua_Integer i = 1; i <= n; i++) {
			lua_rawgeti(L, -1, i);
			ll__lua_html(r, "web header", 0);
		}
		lua_pop(L, 1);
	}
	ll__nav(r);
	ll_buf_puts(&r->out, "</header><main>");
}

static void ll__foot(struct ll_hreq *r)
{
	ll_buf_puts(&r->out, "</main><script src=\"/static/dashboard.js\">"
		    "</script></body></html>\n");
}

/* The counters, as a table the chart script also reads. */
static void ll__counters(struct ll_hreq *r)
{
	uint64_t sum[LL_C__COUNT];
	ll_api_counters(r->H, sum);
	ll_buf_puts(&r->out, "<section id=rates><h2>Packets per second</h2>"
		    "<canvas id=chart width=640 height=220 aria-label=\"packets "
		    "per second by message type\"></canvas><p id=rates-now "
		    "class=meta>The chart needs JavaScript; the totals are "
		    "below.</p><details><summary>Counters</summary><table "
		    "id=counters><tr><th>statistic<th>value");
	for (int i = 0; i < LL_C__COUNT; i++)
		ll_buf_printf(&r->out, "<tr><td>%s<td data-k=\"%s\">%llu",
			      ll_counter_name(i), ll_counter_name(i),
			      (unsigned long long)sum[i]);
	ll_buf_puts(&r->out, "</table></details></section>");
}

static void ll__state(struct ll_hreq *r)
{
	const struct ll_config *c = r->H->cfg;
	struct ll_defcache *dc = r->H->env.W[0]->cache;
	uint64_t hits, misses;
	unsigned entries = dc ? ll_dc_count(dc, (int64_t)time(NULL), &hits,
					    &misses) : 0;
	bool up = ll_api_db_up(r->H);
	ll_buf_printf(&r->out, "<section id=state><h2>Server</h2><table><tr><td>"
		      "database<td id=db class=%s>%s, %s<tr><td>lookup cache<td>"
		      "%s<tr><td>workers<td>%u<tr><td>configuration<td>",
		      up ? "ok" : "bad", c->db_driver, up ? "up" : "DOWN",
		      dc ? "on" : "off", c->workers);
	ll_buf_html(&r->out, c->file);
	if (dc)
		ll_buf_printf(&r->out, "<tr><td>cached answers<td>%u (ttl %u s)",
			      entries, c->cache_ttl);
	struct ll_pool_stats st[LL_POOLS_MAX];
	uint64_t lim;
	unsigned n = ll_pools_stats(r->H->env.pools, st, LL_POOLS_MAX, &lim);
	for (unsigned i = 0; i < n; i++)
		ll_buf_printf(&r->out, "<tr><td>pool %u<td>%llu of %llu assigned, "
			      "%llu declined", i + 1,
			      (unsigned long long)st[i].assigned,
			      (unsigned long long)st[i].total,
			      (unsigned long long)st[i].declined);
	ll_buf_puts(&r->out, "</table></section>");
}

struct ll__html_rows {
	struct ll_buf *b;
	unsigned n;
	int64_t now;
};

/* A result row as a table row (every value escaped). */
static int ll__html_row(void *ctx, const struct ll_row *row)
{
	struct ll__html_rows *x = ctx;
	ll_buf_puts(x->b, "<tr>");
	for (unsigned i = 0; i < row->n; i++) {
		const char *v = row->value[i] ? row->value[i] : "";
		char t[64];
		if ((!strcmp(row->name[i], "time") ||
		     !strcmp(row->name[i], "expiry")) && v[0]) {
			time_t tt = (time_t)atoll(v);
			struct tm tm;
			strftime(t, sizeof(t), "%Y-%m-%d %H:%M:%S",
				 gmtime_r(&tt, &tm));
			v = t;
		}
		ll_buf_puts(x->b, "<td>");
		ll_buf_html(x->b, v);
	}
	x->n++;
	return 0;
}

static void ll__table(struct ll_hreq *r, const char *id, const char *title,
		      const char *heads, const char *select, const char *where,
		      const char *order, const struct ll_vars *V, long long limit)
{
	struct ll__html_rows x = { &r->out, 0, (int64_t)time(NULL) };
	ll_buf_printf(&r->out, "<table id=%s><caption>%s</caption><tr>%s", id,
		      title, heads);
	if (ll_api_query(r, select, where, order, V, 0, limit, ll__html_row,
			 &x) < 0) {
		r->status = 200; /* the page still shows, saying so */
		r->ctype = "text/html; charset=utf-8";
		ll_buf_puts(&r->out, "<tr><td colspan=8 class=bad>database "
			    "unavailable");
	} else if (!x.n) {
		ll_buf_puts(&r->out, "<tr><td colspan=8>none");
	}
	ll_buf_puts(&r->out, "</table>");
}

/* Leases, searched by MAC, IP or circuit-id (?q=). */
static void ll__leases(struct ll_hreq *r)
{
	static struct ll_vars V;
	const char *q = ll_hreq_arg(r, "q");
	char where[160] = "";
	ll_vars_init(&V);
	ll_buf_puts(&r->out, "<section id=leases><h2>Leases</h2><form method=get "
		    "action=\"/\"><input name=q type=search placeholder=\"MAC, IP "
		    "or circuit-id\" value=\"");
	ll_buf_html(&r->out, q ? q : "");
	ll_buf_puts(&r->out, "\"> <button>Search</button></form>");
	if (q && *q) /* an IP, a MAC, else a circuit-id */
		ll_api_lease_key(q, true, &V, where, sizeof(where));
	ll__table(r, "lease-table", q && *q ? "matching leases" : "the 50 "
		  "newest leases", "<th>IP<th>MAC<th>state<th>expires (UTC)",
		  "SELECT ip, mac, state, expiry FROM leases", where,
		  q && *q ? "ip" : "expiry DESC", &V, 50);
	ll_buf_puts(&r->out, "</section>");
}

static void ll__suspended(struct ll_hreq *r)
{
	uint8_t macs[64][6];
	int64_t until[64], now = (int64_t)time(NULL);
	unsigned n = ll_abuse_suspended(r->H->env.abuse, now, macs, until, 64);
	ll_buf_printf(&r->out, "<section id=suspended><h2>Suspended clients "
		      "(%u)</h2><table><tr><th>MAC<th>for<th>", n);
	for (unsigned i = 0; i < n && i < 64; i++) {
		char m[18];
		ll_api_macstr(macs[i], m);
		ll_buf_printf(&r->out, "<tr><td>%s<td>%lld s<td><form method=post "
			      "action=\"/ui/unsuspend\"><input type=hidden name=mac "
			      "value=\"%s\"><button>lift</button></form>", m,
			      (long long)(until[i] - now), m);
	}
	ll_buf_puts(&r->out, n ? "</table></section>"
			       : "<tr><td colspan=3>none</table></section>");
}

/* conf.lua's dashboard elements, by ordering. */
static void ll__elements(struct ll_hreq *r)
{
	lua_State *L = ll_hooks_lua(r->H->web);
	if (!L)
		return;
	if (luaL_dostring(L, "return function(l) local c = {} for i, e in "
			  "ipairs(l) do c[i] = e end table.sort(c, function(a, "
			  "b) return a.ordering < b.ordering end) return c end")) {
		lua_pop(L, 1);
		return;
	}
	ll__reg(L, "ll_web_dash");
	if (lua_pcall(L, 1, 1, 0)) { /* the sorted copy */
		lua_pop(L, 1);
		return;
	}
	lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, -1, i);
		lua_getfield(L, -1, "module");
		lua_getfield(L, -2, "name");
		ll_buf_puts(&r->out, "<section class=element><h2>");
		ll_buf_html(&r->out, lua_tostring(L, -2));
		ll_buf_puts(&r->out, ": ");
		ll_buf_html(&r->out, lua_tostring(L, -1));
		ll_buf_puts(&r->out, "</h2>");
		lua_pop(L, 2);
		lua_getfield(L, -1, "fn");
		lua_remove(L, -2);
		ll__lua_html(r, "dashboard element", 0);
		ll_buf_puts(&r->out, "</section>");
	}
	lua_pop(L, 1);
}

static void ll__dashboard(struct ll_hreq *r, const char *above)
{
	static struct ll_vars none; /* no variables */
	bool open = r->H->cfg->http.public_dashboard;
	if (!open && ll_hreq_deny(r))
		return;
	ll__head(r, "lanleased");
	if (above)
		ll_buf_puts(&r->out, above);
	ll__counters(r);
	ll__state(r);
	if (r->authed) {
		ll__leases(r);
		ll_buf_puts(&r->out, "<section id=activity><h2>Recent activity"
			    "</h2>");
		ll__table(r, "activity-table", "the 20 latest", "<th>time (UTC)"
			  "<th>MAC<th>IP<th>method<th>relay<th>circuit-id",
			  "SELECT time, mac, ip, method, relay, circuit_id FROM "
			  "history", "", "time DESC, id DESC", &none, 20);
		ll_buf_puts(&r->out, "</section>");
		ll__suspended(r);
	} else {
		ll_buf_puts(&r->out, "<section><h2>Leases</h2><p>Leases, "
			    "activity and suspended clients need a login: <a "
			    "href=\"/ui/login\">log in</a>.</p></section>");
	}
	ll__elements(r);
	ll__foot(r);
}

/* --- conf.lua's web methods ------------------------------------------- */

static void ll__push_request(struct ll_hreq *r, lua_State *L)
{
	lua_newtable(L);
	lua_pushstring(L, r->url), lua_setfield(L, -2, "path");
	lua_pushstring(L, r->method), lua_setfield(L, -2, "method");
	lua_pushlstring(L, r->body, r->blen), lua_setfield(L, -2, "body");
	lua_pushstring(L, r->user), lua_setfield(L, -2, "user");
	lua_newtable(L);
	const char *q = ll_hreq_arg(r, "q");
	if (q)
		lua_pushstring(L, q), lua_setfield(L, -2, "q");
	lua_setfield(L, -2, "query");
}

static int ll__query_cb(void *cls, enum MHD_ValueKind kind, const char *k,
			const char *v)
{
	lua_State *L = cls;
	(void)kind;
	lua_pushstring(L, v ? v : "");
	lua_setfield(L, -2, k);
	return MHD_YES;
}

static void ll__confirm(struct ll_hreq *r)
{
	ll__head(r, "confirm");
	ll_buf_puts(&r->out, "<section><h2>Confirm</h2><form method=post "
		    "action=\"");
	ll_buf_html(&r->out, r->url);
	ll_buf_puts(&r->out, "\"><p>Run <code>");
	ll_buf_html(&r->out, r->url);
	ll_buf_puts(&r->out, "</code>?</p><button>Yes</button> <a href=\"/\">"
		    "No</a></form></section>");
	ll__foot(r);
}

/* Runs the method of r->url (on the stack top: its entry). */
static void ll__method(struct ll_hreq *r, lua_State *L)
{
	lua_getfield(L, -1, "display_mode");
	char mode[16];
	snprintf(mode, sizeof(mode), "%s", lua_tostring(L, -1));
	lua_getfield(L, -2, "fn");
	ll__push_request(r, L);
	lua_getfield(L, -1, "query");
	MHD_get_connection_values(r->c, MHD_GET_ARGUMENT_KIND,
				  (MHD_KeyValueIterator)ll__query_cb, L);
	lua_pop(L, 1);
	if (ll_hooks_call(r->H->web, "web method", 1, 2)) {
		lua_pop(L, 1);
		ll_hreq_error(r, 500, "the web method failed (see the log)");
		return;
	}
	if (!strcmp(mode, "raw")) {
		size_t n = 0;
		const char *ct = lua_tostring(L, -2), *body = lua_tolstring(L, -1, &n);
		static char ctype[128];
		snprintf(ctype, sizeof(ctype), "%s", ct ? ct : "text/plain");
		r->ctype = ctype;
		ll_buf_put(&r->out, body ? body : "", n);
	} else {
		struct ll_buf frag = { 0 };
		const char *s = lua_tostring(L, -2);
		ll_buf_puts(&frag, "<section class=method>");
		ll_buf_puts(&frag, s ? s : "");
		ll_buf_puts(&frag, "</section>");
		if (!strcmp(mode, "dashboard")) {
			ll__dashboard(r, frag.p);
		} else {
			ll__head(r, r->url);
			ll_buf_puts(&r->out, frag.p ? frag.p : "");
			ll__foot(r);
		}
		free(frag.p);
	}
	lua_pop(L, 3);
}

static bool ll__web_method(struct ll_hreq *r)
{
	lua_State *L = ll_hooks_lua(r->H->web);
	if (!L)
		return false;
	ll__reg(L, "ll_web_methods");
	if (lua_getfield(L, -1, r->url) != LUA_TTABLE) {
		lua_pop(L, 2);
		return false;
	}
	lua_getfield(L, -1, "secure");
	bool secure = lua_toboolean(L, -1);
	lua_getfield(L, -2, "confirm");
	bool confirm = lua_toboolean(L, -1);
	lua_pop(L, 2);
	if (secure && ll_hreq_deny(r))
		;
	else if (confirm && strcmp(r->method, "POST"))
		ll__confirm(r);
	else
		ll__method(r, L);
	lua_pop(L, 2);
	return true;
}

/* --- routes ------------------------------------------------------------ */

static void ll__static(struct ll_hreq *r, const unsigned char *p, size_t n,
		       const char *ctype)
{
	r->ctype = ctype;
	ll_buf_put(&r->out, (const char *)p, n);
}

/* POST /ui/unsuspend (mac=...), then back to the dashboard. */
static void ll__ui_unsuspend(struct ll_hreq *r)
{
	char m[18], raw[64] = "";
	uint8_t mac[6];
	if (ll_hreq_deny(r))
		return;
	const char *v = strstr(r->body, "mac=");
	size_t k = 0;
	for (v = v ? v + 4 : ""; *v && *v != '&' && k + 1 < sizeof(raw); v++)
		raw[k++] = *v == '%' && v[1] && v[2] ? (v += 2, ':') : *v;
	raw[k] = '\0';
	if (ll_api_mac(raw, m, mac)) {
		ll_hreq_error(r, 400, "mac: not a MAC address");
		return;
	}
	ll_abuse_lift(r->H->env.abuse, mac, (int64_t)time(NULL));
	r->status = 303;
	r->location = "/#suspended";
	r->ctype = "text/html; charset=utf-8";
	ll_buf_puts(&r->out, "<a href=\"/#suspended\">back</a>");
}

bool ll_dash_route(struct ll_hreq *r)
{
	const char *u = r->url;
	bool get = !strcmp(r->method, "GET") || !strcmp(r->method, "HEAD");
	if (!strcmp(u, "/static/dashboard.js") && get)
		ll__static(r, ll_web_dashboard_js, ll_web_dashboard_js_len,
			   "text/javascript; charset=utf-8");
	else if (!strcmp(u, "/static/dashboard.css") && get)
		ll__static(r, ll_web_dashboard_css, ll_web_dashboard_css_len,
			   "text/css; charset=utf-8");
	else if (!strcmp(u, "/") && get)
		ll__dashboard(r, NULL);
	else if (!strcmp(u, "/ui/login") && get) {
		if (!ll_hreq_deny(r)) {
			r->status = 303;
			r->location = "/";
		}
	} else if (!strcmp(u, "/ui/unsuspend") && !strcmp(r->method, "POST"))
		ll__ui_unsuspend(r);
	else if (!ll__web_method(r))
		return false;
	return true;
}
