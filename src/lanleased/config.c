/* lanleased: conf.lua. The file runs in its own environment, whose
 * __newindex records the line of every top-level assignment, so an error
 * about a key can name the file, the line and the key. Unknown keys are
 * errors (a misspelt setting must not be silently ignored). */
#include <errno.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "defcache.h"
#include "hooks.h"
#include "lanlease/text.h"

struct ll__cl {
	lua_State *L;
	struct ll_config *c;
	char *err;
	size_t errlen;
};

/* env.__newindex: env[key] = value, and lines[key] = the current line. */
static int ll__newindex(lua_State *L)
{
	lua_Debug ar;
	int line = 0;
	if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar))
		line = ar.currentline;
	lua_getfield(L, LUA_REGISTRYINDEX, "ll_lines");
	lua_pushvalue(L, 2);
	lua_pushinteger(L, line);
	lua_rawset(L, -3);
	lua_pop(L, 1);
	lua_rawset(L, 1); /* env[key] = value (pops both) */
	return 0;
}

static int ll__line(lua_State *L, const char *key)
{
	lua_getfield(L, LUA_REGISTRYINDEX, "ll_lines");
	lua_getfield(L, -1, key);
	int line = (int)lua_tointeger(L, -1);
	lua_pop(L, 2);
	return line;
}

static int ll__fail(struct ll__cl *x, const char *key, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	int line = ll__line(x->L, key);
	if (line > 0)
		snprintf(x->err, x->errlen, "%s:%d: %s: %s", x->c->file, line,
			 key, msg);
	else /* a missing key has no line */
		snprintf(x->err, x->errlen, "%s: %s: %s", x->c->file, key, msg);
	return -1;
}

/* Pushes env[key]; returns its type. */
static int ll__get(struct ll__cl *x, const char *key)
{
	lua_getfield(x->L, LUA_REGISTRYINDEX, "ll_env");
	lua_getfield(x->L, -1, key);
	lua_remove(x->L, -2);
	return lua_type(x->L, -1);
}

static int ll__str(struct ll__cl *x, const char *key, char *out, size_t cap,
		   bool required)
{
	int t = ll__get(x, key);
	int r = 0;
	if (t == LUA_TNIL && !required)
		r = 1;
	else if (t != LUA_TSTRING || lua_rawlen(x->L, -1) >= cap)
		r = ll__fail(x, key, t == LUA_TNIL ? "missing" : "must be a string "
			     "shorter than %zu bytes", cap);
	else
		snprintf(out, cap, "%s", lua_tostring(x->L, -1));
	lua_pop(x->L, 1);
	return r;
}

static int ll__bool(struct ll__cl *x, const char *key, bool *out)
{
	int t = ll__get(x, key), r = 0;
	if (t == LUA_TBOOLEAN)
		*out = lua_toboolean(x->L, -1);
	else if (t != LUA_TNIL)
		r = ll__fail(x, key, "must be true or false");
	lua_pop(x->L, 1);
	return r;
}

static int ll__u32(struct ll__cl *x, const char *key, uint32_t *out,
		   uint32_t lo, uint32_t hi)
{
	int t = ll__get(x, key), r = 0;
	if (t == LUA_TNUMBER && lua_isinteger(x->L, -1) &&
	    lua_tointeger(x->L, -1) >= lo && lua_tointeger(x->L, -1) <= hi)
		*out = (uint32_t)lua_tointeger(x->L, -1);
	else if (t != LUA_TNIL)
		r = ll__fail(x, key, "must be a whole number from %u to %u", lo, hi);
	lua_pop(x->L, 1);
	return r;
}

/* Calls item(x, i) with each element of the list `key` on the top of
 * the stack. Returns 1 when the key is not set, else 0 or -1 (reported:
 * the first failing item, or a value that is not a list). */
static int ll__list(struct ll__cl *x, const char *key, const char *what,
		    int (*item)(struct ll__cl *x, lua_Integer i))
{
	int t = ll__get(x, key), r = 0;
	if (t != LUA_TTABLE) {
		lua_pop(x->L, 1);
		return t == LUA_TNIL ? 1 : ll__fail(x, key, "must be %s", what);
	}
	lua_Integer n = (lua_Integer)lua_rawlen(x->L, -1);
	for (lua_Integer i = 1; i <= n && !r; i++) {
		lua_rawgeti(x->L, -1, i);
		r = item(x, i);
		lua_pop(x->L, 1);
	}
	lua_pop(x->L, 1);
	return r;
}

static int ll__iface_item(struct ll__cl *x, lua_Integer i)
{
	const char *s = lua_tostring(x->L, -1);
	if (lua_type(x->L, -1) != LUA_TSTRING || strlen(s) >= 32 ||
	    x->c->ninterfaces >= LL_CFG_MAX)
		return ll__fail(x, "interfaces", "item %lld is not an interface "
				"name", (long long)i);
	strcpy(x->c->interfaces[x->c->ninterfaces++], s);
	return 0;
}

static int ll__interfaces(struct ll__cl *x)
{
	int r = ll__list(x, "interfaces", "a list of interface names",
			 ll__iface_item);
	if (r == 1)
		return ll__fail(x, "interfaces", "missing: a list of interface names");
	if (!r && x->c->ninterfaces == 0)
		r = ll__fail(x, "interfaces", "empty");
	return r;
}

/* A table of name = "value" on the top of the stack (left there), each
 * checked now against the option table through a trial definition and
 * kept as "name=value" in out (at most max - 1). `key` names it in
 * errors ("defaults", "pools"). */
static int ll__items(struct ll__cl *x, const char *key, char **out,
		     unsigned *n, unsigned max)
{
	int r = 0;
	struct ll_defb *b = malloc(sizeof(*b));
	if (!b)
		return ll__fail(x, key, "out of memory");
	ll_defb_init(b);
	lua_pushnil(x->L);
	while (!r && lua_next(x->L, -2)) {
		const char *k = lua_type(x->L, -2) == LUA_TSTRING
					? lua_tostring(x->L, -2) : NULL;
		const char *v = lua_tostring(x->L, -1);
		char item[512];
		if (!k || !v || *n >= max - 1)
			r = ll__fail(x, key, "entries are name = \"value\"");
		else if (ll_defb_column(b, k, v) != 0)
			r = ll__fail(x, key, "%s", b->err[0] ? b->err
				     : "unknown name (an option or a column name)");
		else {
			snprintf(item, sizeof(item), "%s=%s", k, v);
			out[(*n)++] = strdup(item);
		}
		lua_pop(x->L, 1);
	}
	if (r)
		lua_pop(x->L, 1); /* the key lua_next left */
	free(b);
	return r;
}

/* defaults = { subnet_mask = "...", routers = "..." } */
static int ll__defaults(struct ll__cl *x)
{
	int t = ll__get(x, "defaults"), r = 0;
	if (t == LUA_TTABLE)
		r = ll__items(x, "defaults", x->c->defaults, &x->c->ndefaults, 64);
	else if (t != LUA_TNIL)
		r = ll__fail(x, "defaults", "must be a table of name = value");
	lua_pop(x->L, 1);
	return r;
}

static int ll__step(struct ll__cl *x, lua_Integer i)
{
	static const char *const kinds[] = { "mac", "client-id", "circuit-id",
					     "switch-port" };
	struct ll_step *st = &x->c->steps[x->c->nsteps];
	const char *why;
	size_t at;
	if (x->c->pool_step)
		return ll__fail(x, "lookup", "step %lld: \"pool\" must be the "
				"last step", (long long)i);
	if (lua_type(x->L, -1) == LUA_TSTRING &&
	    !strcmp(lua_tostring(x->L, -1), "pool")) {
		x->c->pool_step = true;
		return 0;
	}
	if (lua_type(x->L, -1) == LUA_TSTRING) {
		const char *s = lua_tostring(x->L, -1);
		for (int k = 0; k < 4; k++)
			if (!strcmp(s, kinds[k])) {
				ll_step_prepare(st, (enum ll_step_kind)k, NULL,
						x->c->dialect, &why, &at);
				x->c->nsteps++;
				return 0;
			}
		return ll__fail(x, "lookup", "step %lld: '%s' is not mac, client-id, "
				"circuit-id, switch-port, pool or { sql = ... }",
				(long long)i, s);
	}
	if (lua_type(x->L, -1) == LUA_TTABLE) {
		lua_getfield(x->L, -1, "sql");
		const char *sql = lua_tostring(x->L, -1);
		int r = sql ? ll_step_prepare(st, LL_STEP_SQL, sql, x->c->dialect,
					      &why, &at) : -1;
		lua_pop(x->L, 1);
		if (r)
			return ll__fail(x, "lookup", "step %lld: %s", (long long)i,
					sql ? why : "a table step needs sql = \"...\"");
		x->c->nsteps++;
		return 0;
	}
	return ll__fail(x, "lookup", "step %lld is neither a name nor a table",
			(long long)i);
}

static int ll__lookup_item(struct ll__cl *x, lua_Integer i)
{
	return x->c->nsteps >= 16 ? ll__fail(x, "lookup", "at most 16 steps")
				  : ll__step(x, i);
}

static int ll__lookup(struct ll__cl *x)
{
	int r = ll__list(x, "lookup", "the ordered list of steps",
			 ll__lookup_item);
	return r == 1 ? ll__fail(x, "lookup", "missing: the ordered list of "
				 "steps") : r;
}

static int ll__variable_item(struct ll__cl *x, lua_Integer i)
{
	const char *s = lua_tostring(x->L, -1), *why = "not a string";
	if (!s || x->c->nuservars >= 32 ||
	    ll_uservar_parse(s, &x->c->uservars[x->c->nuservars], &why))
		return ll__fail(x, "variables", "item %lld: %s", (long long)i, why);
	x->c->nuservars++;
	return 0;
}

static int ll__variables(struct ll__cl *x)
{
	int r = ll__list(x, "variables", "a list of \"SOURCE:NAME:START:END\"",
			 ll__variable_item);
	return r == 1 ? 0 : r;
}

static int ll__always_item(struct ll__cl *x, lua_Integer i)
{
	lua_Integer v = lua_tointeger(x->L, -1);
	if (v < 1 || v > 254 || x->c->nalways >= 32)
		return ll__fail(x, "always_send", "item %lld is not an option code",
				(long long)i);
	x->c->always[x->c->nalways++] = (uint8_t)v;
	return 0;
}

static int ll__always(struct ll__cl *x)
{
	static const uint8_t def[] = { 1, 3, 6, 15, 28, 42 };
	int r = ll__list(x, "always_send", "a list of option codes",
			 ll__always_item);
	if (r == 1) {
		memcpy(x->c->always, def, sizeof(def));
		x->c->nalways = sizeof(def);
		r = 0;
	}
	return r;
}

static const char *const ll__known[] = {
	"interfaces", "server_id", "database", "authoritative", "rapid_commit",
	"gso", "lease_time", "defaults", "lookup", "variables", "history_sql",
	"always_send", "user", "workers", "cache_ttl", "hook_budget",
	"suspend_threshold", "misbehaving_client_timeout",
	"unauthorized_client_timeout", "allow_local_dhcp", "allow_dhcp_relays",
	"allowed_dhcp_relays", "history", "on_db_failure", "cache_stale",
	"cache_size", "state_dir",
	"pools", "decline_probation", "offer_hold", "ping_check", "http", NULL,
};

static int ll__relay_item(struct ll__cl *x, lua_Integer i)
{
	const char *s = lua_tostring(x->L, -1);
	uint32_t ip;
	if (lua_type(x->L, -1) != LUA_TSTRING || ll_ip_parse(s, strlen(s), &ip) ||
	    x->c->nrelays >= LL_CFG_MAX)
		return ll__fail(x, "allowed_dhcp_relays", "item %lld is not an "
				"IPv4 address", (long long)i);
	x->c->relays[x->c->nrelays++] = ip;
	return 0;
}

/* staticDHCPd's abuse thresholds and relay rules. */
static int ll__abuse(struct ll__cl *x)
{
	struct ll_config *c = x->c;
	int r = ll__list(x, "allowed_dhcp_relays", "a list of IPv4 addresses",
			 ll__relay_item);
	if (r < 0)
		return -1;
	return ll__u32(x, "suspend_threshold", &c->suspend_threshold, 0,
		       1000000) ||
	       ll__u32(x, "misbehaving_client_timeout",
		       &c->misbehaving_client_timeout, 0, 86400 * 30) ||
	       ll__u32(x, "unauthorized_client_timeout",
		       &c->unauthorized_client_timeout, 0, 86400 * 30) ||
	       ll__bool(x, "allow_local_dhcp", &c->allow_local_dhcp) ||
	       ll__bool(x, "allow_dhcp_relays", &c->allow_dhcp_relays) ||
	       ll__u32(x, "hook_budget", &c->hook_budget, 0, 0x7FFFFFFF)
		       ? -1 : 0;
}

static int ll__unknown(struct ll__cl *x)
{
	int r = 0;
	lua_getfield(x->L, LUA_REGISTRYINDEX, "ll_env");
	lua_pushnil(x->L);
	while (!r && lua_next(x->L, -2)) {
		const char *k = lua_type(x->L, -2) == LUA_TSTRING
					? lua_tostring(x->L, -2) : "?";
		bool ok = lua_type(x->L, -1) == LUA_TFUNCTION || k[0] == '_';
		for (size_t i = 0; !ok && ll__known[i]; i++)
			ok = !strcmp(k, ll__known[i]);
		if (!ok)
			r = ll__fail(x, k, "unknown setting (see lanleased.conf(5))");
		lua_pop(x->L, 1);
	}
	if (r)
		lua_pop(x->L, 1);
	lua_pop(x->L, 1);
	return r;
}

/* database = { driver = "sqlite", path = ... } or { driver =
 * "postgresql", conninfo = ... }; read first: it sets the SQL dialect
 * the lookup templates are compiled for. */
static int ll__database(struct ll__cl *x)
{
	struct ll_config *c = x->c;
	if (ll__get(x, "database") != LUA_TTABLE) {
		lua_pop(x->L, 1);
		return ll__fail(x, "database", "missing: { driver = \"sqlite\", "
				"path = \"...\" }");
	}
	static const char *const keys[] = { "driver", "path", "conninfo",
					    "host", "socket", "user",
					    "password", "name" };
	char *out[] = { c->db_driver, c->db_path, c->db_conninfo, c->db_host,
			c->db_socket, c->db_user, c->db_password, c->db_name };
	size_t cap[] = { sizeof(c->db_driver), sizeof(c->db_path),
			 sizeof(c->db_conninfo), sizeof(c->db_host),
			 sizeof(c->db_socket), sizeof(c->db_user),
			 sizeof(c->db_password), sizeof(c->db_name) };
	for (int i = 0; i < 8; i++) {
		lua_getfield(x->L, -1, keys[i]);
		const char *v = lua_tostring(x->L, -1);
		snprintf(out[i], cap[i], "%s", v ? v : "");
		lua_pop(x->L, 1);
	}
	lua_getfield(x->L, -1, "port");
	c->db_port = (uint32_t)lua_tointeger(x->L, -1);
	lua_getfield(x->L, -2, "timeout");
	c->db_timeout = (uint32_t)lua_tointeger(x->L, -1);
	lua_getfield(x->L, -3, "query_timeout");
	lua_Integer qt = lua_isnil(x->L, -1) ? 2000 : lua_tointeger(x->L, -1);
	lua_pop(x->L, 4);
	if (qt < 0 || qt > 3600000)
		return ll__fail(x, "database", "query_timeout: milliseconds, "
				"0 to 3600000");
	c->db_query_timeout = (uint32_t)qt;
	if (!strcmp(c->db_driver, "mysql"))
		strcpy(c->db_driver, "mariadb");
	if (!strcmp(c->db_driver, "mariadb") && c->db_name[0]) {
		c->dialect = LL_SQL_QMARK;
		return 0;
	}
	if (!strcmp(c->db_driver, "sqlite") && c->db_path[0]) {
		c->dialect = LL_SQL_QMARK;
		return 0;
	}
	if (!strcmp(c->db_driver, "postgresql") && c->db_conninfo[0]) {
		c->dialect = LL_SQL_DOLLAR;
		return 0;
	}
	return ll__fail(x, "database", "driver \"sqlite\" with a path, "
			"\"postgresql\" with a conninfo, or \"mariadb\" with a "
			"name (and host or socket, user, password, port)");
}

/* "a.b.c.d/len" */
static int ll__cidr(const char *s, uint32_t *net, uint32_t *mask)
{
	const char *sl = s ? strchr(s, '/') : NULL;
	char *end;
	if (!sl || ll_ip_parse(s, (size_t)(sl - s), net))
		return -1;
	long len = strtol(sl + 1, &end, 10);
	if (*end || end == sl + 1 || len < 8 || len > 30)
		return -1;
	*mask = 0xFFFFFFFFu << (32 - len);
	return (*net & ~*mask) ? -1 : 0;
}

/* "first-last" */
static int ll__range(const char *s, uint32_t *first, uint32_t *last)
{
	const char *d = s ? strchr(s, '-') : NULL;
	if (!d || ll_ip_parse(s, (size_t)(d - s), first))
		return -1;
	while (d[1] == ' ')
		d++;
	return ll_ip_parse(d + 1, strlen(d + 1), last) || *last < *first ? -1 : 0;
}

static const char *ll__field(struct ll__cl *x, const char *k)
{
	lua_getfield(x->L, -1, k);
	const char *v = lua_type(x->L, -1) == LUA_TSTRING ? lua_tostring(x->L, -1)
							  : NULL;
	lua_pop(x->L, 1); /* the string stays in the table */
	return v;
}

static lua_Integer ll__ifield(struct ll__cl *x, const char *k)
{
	lua_getfield(x->L, -1, k);
	lua_Integer v = lua_isinteger(x->L, -1) ? lua_tointeger(x->L, -1) : -1;
	if (lua_isnil(x->L, -1))
		v = 0;
	lua_pop(x->L, 1);
	return v;
}

static int ll__pool_exclude(struct ll__cl *x, struct ll_pool_cfg *pc,
			    lua_Integer i)
{
	lua_getfield(x->L, -1, "exclude");
	int r = 0;
	lua_Integer n = lua_istable(x->L, -1) ? (lua_Integer)lua_rawlen(x->L, -1) : 0;
	for (lua_Integer k = 1; k <= n && !r; k++) {
		lua_rawgeti(x->L, -1, k);
		const char *s = lua_tostring(x->L, -1);
		if (!s || pc->nexclude >= 32 ||
		    ll_ip_parse(s, strlen(s), &pc->exclude[pc->nexclude++]))
			r = ll__fail(x, "pools", "pool %lld: exclude: a list of "
				     "addresses (at most 32)", (long long)i);
		lua_pop(x->L, 1);
	}
	lua_pop(x->L, 1);
	return r;
}

/* "02:aa:bb:cc:dd:ee" */
static int ll__mac(const char *s, uint8_t mac[6])
{
	unsigned v[6];
	char end;
	if (!s || sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2],
			 &v[3], &v[4], &v[5], &end) != 6)
		return -1;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
	return 0;
}

/* A client-id as hex, colons allowed: lowercase hex, or -1. */
static int ll__cidhex(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	for (; s && *s; s++) {
		if (*s == ':')
			continue;
		if (!strchr("0123456789abcdefABCDEF", *s) || n + 1 >= cap)
			return -1;
		out[n++] = (char)(*s | 0x20);
	}
	out[n] = '\0';
	return n && n % 2 == 0 ? 0 : -1;
}

/* reservations = { { mac = ..., ip = ... }, { client_id = ..., ip = ... } } */
static int ll__pool_res(struct ll__cl *x, struct ll_pool_cfg *pc, lua_Integer i)
{
	lua_getfield(x->L, -1, "reservations");
	lua_Integer n = lua_istable(x->L, -1) ? (lua_Integer)lua_rawlen(x->L, -1) : 0;
	int r = !lua_isnil(x->L, -1) && !lua_istable(x->L, -1);
	for (lua_Integer k = 1; k <= n && !r; k++) {
		lua_rawgeti(x->L, -1, k);
		struct ll_pool_res *rv = &pc->res[pc->nres];
		const char *ip = lua_istable(x->L, -1) ? ll__field(x, "ip") : NULL;
		const char *mac = ip ? ll__field(x, "mac") : NULL;
		const char *cid = ip ? ll__field(x, "client_id") : NULL;
		memset(rv, 0, sizeof(*rv));
		r = pc->nres >= 64 || !ip || ll_ip_parse(ip, strlen(ip), &rv->ip) ||
		    (rv->ip & pc->mask) != pc->net || !mac == !cid ||
		    (mac && ll__mac(mac, rv->mac)) ||
		    (cid && ll__cidhex(cid, rv->cid, sizeof(rv->cid)));
		rv->by_mac = mac != NULL;
		pc->nres += !r;
		lua_pop(x->L, 1);
	}
	lua_pop(x->L, 1);
	return r ? ll__fail(x, "pools", "pool %lld: reservations = { { mac = "
			    "\"02:..\" or client_id = \"01:02:..\", ip = "
			    "\"an address of the subnet\" }, ... } (at most 64)",
			    (long long)i) : 0;
}

static int ll__pool_item(struct ll__cl *x, lua_Integer i)
{
	if (x->c->npools >= LL_POOLS_MAX || !lua_istable(x->L, -1))
		return ll__fail(x, "pools", "pool %lld: a table (at most %d pools)",
				(long long)i, LL_POOLS_MAX);
	struct ll_pool_cfg *pc = &x->c->pools[x->c->npools++];
	const char *ifc = ll__field(x, "interface");
	lua_Integer lt = ll__ifield(x, "lease_time"), ml = ll__ifield(x, "max_leases");
	lua_Integer mm = ll__ifield(x, "max_leases_per_mac");
	lua_Integer mc = ll__ifield(x, "max_leases_per_circuit");
	if (ll__cidr(ll__field(x, "subnet"), &pc->net, &pc->mask))
		return ll__fail(x, "pools", "pool %lld: subnet = \"a.b.c.d/len\" "
				"(len 8 to 30)", (long long)i);
	if (ll__range(ll__field(x, "range"), &pc->first, &pc->last) ||
	    (pc->first & pc->mask) != pc->net || (pc->last & pc->mask) != pc->net ||
	    pc->last - pc->first >= LL_POOL_MAX)
		return ll__fail(x, "pools", "pool %lld: range = \"first-last\", "
				"inside the subnet, at most %u addresses",
				(long long)i, LL_POOL_MAX);
	if (lt < 0 || lt > 0x7FFFFFFF || ml < 0 || ml > LL_POOL_MAX ||
	    mm < 0 || mm > LL_POOL_MAX || mc < 0 || mc > LL_POOL_MAX)
		return ll__fail(x, "pools", "pool %lld: lease_time, max_leases, "
				"max_leases_per_mac and max_leases_per_circuit "
				"are whole numbers", (long long)i);
	pc->max_per_mac = (uint32_t)mm;
	pc->max_per_circuit = (uint32_t)mc;
	pc->lease_time = (uint32_t)lt;
	pc->max_leases = (uint32_t)ml;
	snprintf(pc->iface, sizeof(pc->iface), "%s", ifc ? ifc : "");
	const char *dbs = ll__field(x, "db_subnet");
	lua_Integer dse = ll__ifield(x, "db_serial");
	if ((dbs && (!dbs[0] || strlen(dbs) >= sizeof(pc->db_subnet))) || dse < 0)
		return ll__fail(x, "pools", "pool %lld: db_subnet = \"a subnets "
				"row's name\", db_serial = a whole number",
				(long long)i);
	snprintf(pc->db_subnet, sizeof(pc->db_subnet), "%s", dbs ? dbs : "");
	pc->db_serial = (int64_t)dse;
	if (ll__pool_exclude(x, pc, i) || ll__pool_res(x, pc, i))
		return -1;
	lua_getfield(x->L, -1, "options");
	int r = lua_istable(x->L, -1) ? ll__items(x, "pools", pc->opts,
						  &pc->nopts, 32)
		: lua_isnil(x->L, -1) ? 0
		: ll__fail(x, "pools", "pool %lld: options = { name = \"value\" }",
			   (long long)i);
	lua_pop(x->L, 1);
	return r;
}

static int ll__pools(struct ll__cl *x)
{
	int r = ll__list(x, "pools", "a list of pools", ll__pool_item);
	if (r < 0)
		return r;
	if (x->c->pool_step && !x->c->npools)
		return ll__fail(x, "lookup", "\"pool\" needs pools = { ... }");
	return 0;
}

/* http.tokens = { "..." }: each a string of 16 to 127 characters. */
static int ll__http_tokens(struct ll__cl *x, struct ll_http_cfg *h)
{
	lua_getfield(x->L, -1, "tokens");
	int t = lua_type(x->L, -1), r = 0;
	lua_Integer n = t == LUA_TTABLE ? (lua_Integer)lua_rawlen(x->L, -1) : 0;
	if (t != LUA_TNIL && t != LUA_TTABLE)
		r = ll__fail(x, "http", "tokens: a list of strings");
	for (lua_Integer i = 1; i <= n && !r; i++) {
		lua_rawgeti(x->L, -1, i);
		size_t len = 0;
		const char *v = lua_type(x->L, -1) == LUA_TSTRING
					? lua_tolstring(x->L, -1, &len) : NULL;
		if (!v || len < 16 || len >= sizeof(h->tokens[0]) || i > 8)
			r = ll__fail(x, "http", "tokens[%lld]: a string of 16 to "
				     "127 characters (at most 8 tokens)",
				     (long long)i);
		else
			snprintf(h->tokens[h->ntokens++], sizeof(h->tokens[0]),
				 "%s", v);
		lua_pop(x->L, 1);
	}
	lua_pop(x->L, 1);
	return r;
}

/* http.users = { name = "password", ... } for HTTP digest. */
static int ll__http_users(struct ll__cl *x, struct ll_http_cfg *h)
{
	lua_getfield(x->L, -1, "users");
	int t = lua_type(x->L, -1), r = 0;
	if (t != LUA_TNIL && t != LUA_TTABLE)
		r = ll__fail(x, "http", "users: a table of name = \"password\"");
	for (lua_pushnil(x->L); !r && t == LUA_TTABLE && lua_next(x->L, -2);
	     lua_pop(x->L, 1)) {
		size_t nl = 0, pl = 0;
		const char *k = lua_type(x->L, -2) == LUA_TSTRING
					? lua_tolstring(x->L, -2, &nl) : NULL;
		const char *v = lua_type(x->L, -1) == LUA_TSTRING
					? lua_tolstring(x->L, -1, &pl) : NULL;
		if (!k || !v || !nl || nl >= 64 || pl < 8 || pl >= 128 ||
		    h->nusers >= 8 || strchr(k, ':') || strchr(k, '"')) {
			r = ll__fail(x, "http", "users: each name (no ':' or '\"') "
				     "= a password of 8 to 127 characters, at "
				     "most 8 users");
			lua_pop(x->L, 2);
			break;
		}
		snprintf(h->users[h->nusers].name, 64, "%s", k);
		snprintf(h->users[h->nusers++].password, 128, "%s", v);
	}
	lua_pop(x->L, 1);
	return r;
}

/* http.listen = "ADDRESS:PORT" (IPv4). */
static int ll__http_listen(struct ll__cl *x, struct ll_http_cfg *h)
{
	const char *v = ll__field(x, "listen");
	h->addr = 0x7F000001;
	h->port = 8067;
	if (!v)
		return 0;
	const char *colon = strrchr(v, ':');
	char *end;
	unsigned long port = colon ? strtoul(colon + 1, &end, 10) : 0;
	if (!colon || !colon[1] || *end || port < 1 || port > 65535 ||
	    ll_ip_parse(v, (size_t)(colon - v), &h->addr))
		return ll__fail(x, "http", "listen: \"ADDRESS:PORT\", as "
				"\"127.0.0.1:8067\"");
	h->port = (uint16_t)port;
	return 0;
}

/* http = { listen, tokens, users, realm, cert, key, public_dashboard } */
static int ll__http(struct ll__cl *x)
{
	struct ll_http_cfg *h = &x->c->http;
	int t = ll__get(x, "http");
	if (t == LUA_TNIL || (t == LUA_TBOOLEAN && !lua_toboolean(x->L, -1)))
		return lua_pop(x->L, 1), 0;
	if (t != LUA_TTABLE)
		return lua_pop(x->L, 1), ll__fail(x, "http", "must be a table");
	static const char *const keys[] = { "listen", "tokens", "users", "realm",
					    "cert", "key", "public_dashboard",
					    NULL };
	int r = 0;
	for (lua_pushnil(x->L); !r && lua_next(x->L, -2); lua_pop(x->L, 1)) {
		const char *k = lua_type(x->L, -2) == LUA_TSTRING
					? lua_tostring(x->L, -2) : "?";
		bool ok = false;
		for (int i = 0; keys[i] && !ok; i++)
			ok = !strcmp(k, keys[i]);
		if (!ok) {
			r = ll__fail(x, "http", "unknown key %s (see "
				     "lanleased.conf(5))", k);
			lua_pop(x->L, 1);
		}
	}
	h->enabled = true;
	const char *realm = ll__field(x, "realm"), *cert = ll__field(x, "cert"),
		   *key = ll__field(x, "key");
	snprintf(h->realm, sizeof(h->realm), "%s", realm ? realm : "lanleased");
	snprintf(h->cert, sizeof(h->cert), "%s", cert ? cert : "");
	snprintf(h->key, sizeof(h->key), "%s", key ? key : "");
	lua_getfield(x->L, -1, "public_dashboard");
	h->public_dashboard = lua_toboolean(x->L, -1);
	lua_pop(x->L, 1);
	if (!r && (!cert) != (!key))
		r = ll__fail(x, "http", "cert and key go together (PEM files)");
	if (!r)
		r = ll__http_listen(x, h) || ll__http_tokens(x, h) ||
		    ll__http_users(x, h) ? -1 : 0;
	lua_pop(x->L, 1);
	return r;
}

static int ll__settings(struct ll__cl *x)
{
	char sid[32] = "";
	struct ll_config *c = x->c;
	if (ll__unknown(x) || ll__database(x) || ll__interfaces(x) ||
	    ll__lookup(x) || ll__abuse(x) || ll__pools(x) || ll__http(x) ||
	    ll__u32(x, "decline_probation", &c->decline_probation, 0, 86400 * 365) ||
	    ll__u32(x, "offer_hold", &c->offer_hold, 1, 3600) ||
	    ll__u32(x, "ping_check", &c->ping_check, 0, 5000) ||
	    ll__defaults(x) || ll__variables(x) || ll__always(x) ||
	    ll__bool(x, "authoritative", &c->authoritative) ||
	    ll__bool(x, "rapid_commit", &c->rapid_commit) ||
	    ll__bool(x, "gso", &c->gso) ||
	    ll__bool(x, "history", &c->history) ||
	    ll__u32(x, "lease_time", &c->lease_time, 1, 0x7FFFFFFF) ||
	    ll__u32(x, "workers", &c->workers, 1, 64) ||
	    ll__u32(x, "cache_ttl", &c->cache_ttl, 0, 86400) ||
	    ll__str(x, "user", c->user, sizeof(c->user), false) < 0 ||
	    ll__str(x, "state_dir", c->state_dir, sizeof(c->state_dir), false) < 0 ||
	    ll__str(x, "server_id", sid, sizeof(sid), false) < 0)
		return -1;
	if (sid[0] && ll_ip_parse(sid, strlen(sid), &c->server_id))
		return ll__fail(x, "server_id", "not an IPv4 address");
	char odf[16] = "cache";
	if (ll__str(x, "on_db_failure", odf, sizeof(odf), false) < 0 ||
	    ll__u32(x, "cache_stale", &c->cache_stale, 0, 86400 * 365) ||
	    ll__u32(x, "cache_size", &c->cache_size, 64, 1u << 24))
		return -1;
	if (strcmp(odf, "cache") && strcmp(odf, "drop"))
		return ll__fail(x, "on_db_failure", "must be \"cache\" or \"drop\"");
	c->db_failure_drop = !strcmp(odf, "drop");
	char hs[4096] = "";
	if (ll__str(x, "history_sql", hs, sizeof(hs), false) < 0)
		return -1;
	const char *why;
	size_t at;
	if (hs[0] && ll_tpl_compile(hs, c->dialect, &c->history_sql, &why, &at))
		return ll__fail(x, "history_sql", "%s at character %zu", why, at);
	c->have_history_sql = hs[0] != '\0';
	return 0;
}

int ll_config_load(struct ll_config *c, const char *path, char *err,
		   size_t errlen)
{
	memset(c, 0, sizeof(*c));
	c->lease_time = 3600;
	c->workers = 2;
	c->cache_ttl = 5;
	c->hook_budget = 10000000;
	c->history = true;
	c->cache_stale = 86400;
	c->cache_size = LL_DC_DEFAULT;
	c->decline_probation = 86400;
	c->offer_hold = 30;
	snprintf(c->state_dir, sizeof(c->state_dir), "/var/lib/lanlease");
	c->misbehaving_client_timeout = 150;
	c->allow_local_dhcp = true;
	c->allow_dhcp_relays = true;
	snprintf(c->file, sizeof(c->file), "%s", path);
	lua_State *L = luaL_newstate();
	struct ll__cl x = { L, c, err, errlen };
	if (!L)
		return snprintf(err, errlen, "out of memory"), -1;
	luaL_openlibs(L);
	ll_lua_env(L, path);
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, "ll_lines");
	lua_newtable(L);                       /* env */
	lua_newtable(L);                       /* its metatable */
	lua_pushcfunction(L, ll__newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushglobaltable(L);
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, -2);
	lua_pushvalue(L, -1);
	lua_setfield(L, LUA_REGISTRYINDEX, "ll_env");
	int r = -1;
	if (luaL_loadfilex(L, path, "t") != LUA_OK) {
		snprintf(err, errlen, "%s", lua_tostring(L, -1));
	} else {
		lua_pushvalue(L, -2);
		lua_setupvalue(L, -2, 1);          /* _ENV = env */
		if (lua_pcall(L, 0, 0, 0) != LUA_OK)
			snprintf(err, errlen, "%s", lua_tostring(L, -1));
		else
			r = ll__settings(&x);
	}
	lua_close(L);
	if (r)
		ll_config_free(c);
	return r;
}

void ll_config_free(struct ll_config *c)
{
	for (unsigned i = 0; i < c->ndefaults; i++)
		free(c->defaults[i]);
	c->ndefaults = 0;
	c->defaults[0] = NULL;
	for (unsigned p = 0; p < c->npools; p++)
		for (unsigned i = 0; i < c->pools[p].nopts; i++)
			free(c->pools[p].opts[i]);
	c->npools = 0;
}

static void ll__ip(uint32_t ip, char b[16])
{
	snprintf(b, 16, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255,
		 (ip >> 8) & 255, ip & 255);
}

static void ll__print_pools(const struct ll_config *c)
{
	printf("decline_probation = %u\noffer_hold = %u\nping_check = %u\n",
	       c->decline_probation, c->offer_hold, c->ping_check);
	for (unsigned i = 0; i < c->npools; i++) {
		const struct ll_pool_cfg *pc = &c->pools[i];
		char n[16], f[16], l[16];
		ll__ip(pc->net, n);
		ll__ip(pc->first, f);
		ll__ip(pc->last, l);
		printf("pool %u = %s/%d %s-%s, %u excluded, lease_time %u, "
		       "max_leases %u, per mac %u, per circuit %u, %u option(s)",
		       i + 1, n, __builtin_popcount(pc->mask), f, l, pc->nexclude,
		       pc->lease_time ? pc->lease_time : c->lease_time,
		       pc->max_leases, pc->max_per_mac, pc->max_per_circuit,
		       pc->nopts);
		if (pc->db_subnet[0])
			printf(", database subnet %s/%lld", pc->db_subnet,
			       (long long)pc->db_serial);
		printf("\n");
	}
}

void ll_config_print(const struct ll_config *c)
{
	printf("file = %s\ninterfaces =", c->file);
	for (unsigned i = 0; i < c->ninterfaces; i++)
		printf(" %s", c->interfaces[i]);
	printf("\nserver_id = %u.%u.%u.%u%s\n", c->server_id >> 24,
	       (c->server_id >> 16) & 255, (c->server_id >> 8) & 255,
	       c->server_id & 255, c->server_id ? "" : " (the interface's)");
	printf("gso = %s\n", c->gso ? "true" : "false");
	printf("database = %s %s\nauthoritative = %s\nrapid_commit = %s\n"
	       "lease_time = %u\n", c->db_driver,
	       !strcmp(c->db_driver, "sqlite") ? c->db_path : "(conninfo)", c->authoritative ? "true" : "false",
	       c->rapid_commit ? "true" : "false", c->lease_time);
	for (unsigned i = 0; i < c->ndefaults; i++)
		printf("defaults.%s\n", c->defaults[i]);
	for (unsigned i = 0; i < c->nsteps; i++)
		printf("lookup[%u] = %s: %s\n", i + 1, ll_step_name(c->steps[i].kind),
		       c->steps[i].tpl.sql);
	for (unsigned i = 0; i < c->nuservars; i++)
		printf("variables[%u] = %s\n", i + 1, c->uservars[i].name);
	printf("always_send =");
	for (unsigned i = 0; i < c->nalways; i++)
		printf(" %u", c->always[i]);
	printf("\nuser = %s\nworkers = %u\ncache_ttl = %u\n",
	       c->user[0] ? c->user : "(stays root)", c->workers, c->cache_ttl);
	printf("on_db_failure = %s\ncache_stale = %u\ncache_size = %u\n",
	       c->db_failure_drop ? "drop" : "cache", c->cache_stale,
	       c->cache_size);
	printf("hook_budget = %u\nsuspend_threshold = %u\n"
	       "misbehaving_client_timeout = %u\nunauthorized_client_timeout = %u\n"
	       "allow_local_dhcp = %s\nallow_dhcp_relays = %s\nallowed_dhcp_relays =",
	       c->hook_budget, c->suspend_threshold, c->misbehaving_client_timeout,
	       c->unauthorized_client_timeout, c->allow_local_dhcp ? "true" : "false",
	       c->allow_dhcp_relays ? "true" : "false");
	for (unsigned i = 0; i < c->nrelays; i++)
		printf(" %u.%u.%u.%u", c->relays[i] >> 24, (c->relays[i] >> 16) & 255,
		       (c->relays[i] >> 8) & 255, c->relays[i] & 255);
	printf("\n");
	ll__print_pools(c);
	const struct ll_http_cfg *h = &c->http;
	if (!h->enabled) {
		printf("http = off\n");
		return;
	}
	char a[16];
	ll__ip(h->addr, a);
	printf("http = %s://%s:%u/, %u token(s), %u user(s), realm \"%s\", "
	       "dashboard %s\n", h->cert[0] ? "https" : "http", a, h->port,
	       h->ntokens, h->nusers, h->realm,
	       h->public_dashboard ? "public" : "behind login");
}
