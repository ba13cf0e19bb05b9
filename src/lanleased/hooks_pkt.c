/* Packets and definitions as Lua values for the hooks. A packet object
 * reads and writes through the text form and the option table (names
 * as lanlease-codec(7) gives them, or numeric codes). */
#include <lauxlib.h>
#include <lua.h>
#include <string.h>

#include "hooks.h"

#define PKT_MT "lanlease.packet"

struct ll_lpkt {
	struct ll_msg *m;
	bool rw, nak;
};

/* packet.meta: one table per packet, made on first use and dropped by
 * ll_lua_meta_end after the packet (registry field "ll_meta"). */
static void push_meta(lua_State *L)
{
	if (lua_getfield(L, LUA_REGISTRYINDEX, "ll_meta") == LUA_TTABLE)
		return;
	lua_pop(L, 1);
	lua_newtable(L);
	lua_pushvalue(L, -1);
	lua_setfield(L, LUA_REGISTRYINDEX, "ll_meta");
}

void ll_lua_meta_end(lua_State *L)
{
	lua_pushnil(L);
	lua_setfield(L, LUA_REGISTRYINDEX, "ll_meta");
}

static struct ll_lpkt *pkt(lua_State *L, int idx)
{
	struct ll_lpkt *p = luaL_checkudata(L, idx, PKT_MT);

	if (!p->m)
		luaL_error(L, "packet used after its hook returned");
	return p;
}

static struct ll_msg *writable(lua_State *L)
{
	struct ll_lpkt *p = pkt(L, 1);

	if (!p->rw)
		luaL_error(L, "this packet is read-only here");
	return p->m;
}

/* An option code from a name, a number or "option_N" (0 when unknown). */
int ll_lua_optcode(lua_State *L, int idx)
{
	if (lua_isinteger(L, idx)) {
		lua_Integer c = lua_tointeger(L, idx);

		luaL_argcheck(L, c > 0 && c < 255, idx, "option code 1..254");
		return (int)c;
	}
	size_t n;
	const char *s = luaL_checklstring(L, idx, &n);
	int c = ll_opt_code(s, n);

	return c;
}

static const char *const hdr[] = {"op", "htype", "hlen", "hops", "xid",
				  "secs", "flags", "ciaddr", "yiaddr",
				  "siaddr", "giaddr", "chaddr", "sname",
				  "file", NULL};

/* A header field's text, through the one-line text form. */
static int get_header(lua_State *L, const struct ll_msg *m, const char *f)
{
	char buf[4096], key[24];
	size_t n = strlen(f);
	const char *p, *e;

	ll_msg_format(m, buf, sizeof(buf), LL_TEXT_ONELINE);
	snprintf(key, sizeof(key), "%s=", f);
	p = strstr(buf, key);
	while (p && p != buf && p[-1] != ' ')
		p = strstr(p + 1, key);
	if (!p)
		return lua_pushnil(L), 1;
	p += n + 1;
	e = strchr(p, ' ');
	lua_pushlstring(L, p, e ? (size_t)(e - p) : strlen(p));
	return 1;
}

static int l_get(lua_State *L)
{
	struct ll_lpkt *p = pkt(L, 1);
	int c;
	size_t len;
	const uint8_t *d;
	char buf[2048];
	struct ll_sb sb;

	if (lua_type(L, 2) == LUA_TSTRING)
		for (int i = 0; hdr[i]; i++)
			if (!strcmp(lua_tostring(L, 2), hdr[i]))
				return get_header(L, p->m, hdr[i]);
	c = ll_lua_optcode(L, 2);
	if (c <= 0 || !(d = ll_msg_get(p->m, (uint8_t)c, &len)))
		return lua_pushnil(L), 1;
	ll_sb_init(&sb, buf, sizeof(buf));
	ll_opt_format(&sb, (uint8_t)c, d, len);
	lua_pushlstring(L, buf, sb.len < sizeof(buf) ? sb.len : sizeof(buf) - 1);
	return 1;
}

static int l_raw(lua_State *L)
{
	struct ll_lpkt *p = pkt(L, 1);
	int c = ll_lua_optcode(L, 2);
	size_t len;
	const uint8_t *d = c > 0 ? ll_msg_get(p->m, (uint8_t)c, &len) : NULL;

	if (!d)
		return lua_pushnil(L), 1;
	lua_pushlstring(L, (const char *)d, len);
	return 1;
}

static int l_set(lua_State *L)
{
	struct ll_msg *m = writable(L);
	size_t vl;
	const char *v;
	char item[2048];
	int c = lua_isinteger(L, 2) ? ll_lua_optcode(L, 2) : 0, n;

	if (lua_isinteger(L, 3))
		lua_tostring(L, 3); /* numbers in their decimal text */
	v = luaL_checklstring(L, 3, &vl);
	n = c ? snprintf(item, sizeof(item), "%s=%s",
			 ll_opt_name((uint8_t)c) ? ll_opt_name((uint8_t)c)
						 : "?", v)
	      : snprintf(item, sizeof(item), "%s=%s", luaL_checkstring(L, 2), v);
	if (c && !ll_opt_name((uint8_t)c))
		n = snprintf(item, sizeof(item), "option_%d=%s", c, v);
	if (n < 0 || (size_t)n >= sizeof(item) ||
	    ll_msg_set_text(m, item, (size_t)n) != LL_OK)
		return luaL_error(L, "cannot set %s", item);
	return 0;
}

static int l_set_raw(lua_State *L)
{
	struct ll_msg *m = writable(L);
	int c = ll_lua_optcode(L, 2);
	size_t n;
	const char *d = luaL_checklstring(L, 3, &n);

	if (c <= 0 || ll_msg_set(m, (uint8_t)c, d, n) < 0)
		return luaL_error(L, "cannot set option %d", c);
	return 0;
}

static int l_delete(lua_State *L)
{
	struct ll_msg *m = writable(L);
	int c = ll_lua_optcode(L, 2);

	lua_pushboolean(L, c > 0 && ll_msg_del(m, (uint8_t)c) == 0);
	return 1;
}

static int l_has(lua_State *L)
{
	struct ll_lpkt *p = pkt(L, 1);
	int c = ll_lua_optcode(L, 2);

	lua_pushboolean(L, c > 0 && ll_msg_has(p->m, (uint8_t)c));
	return 1;
}

static int l_nak(lua_State *L)
{
	struct ll_lpkt *p = pkt(L, 1);

	(void)writable(L);
	p->nak = true;
	return 0;
}

static int l_type(lua_State *L)
{
	const char *n = ll_msgtype_name(ll_msg_type(pkt(L, 1)->m));

	lua_pushstring(L, n ? n : "BOOTP");
	return 1;
}

static int l_requested(lua_State *L)
{
	size_t len;
	const uint8_t *d = ll_msg_get(pkt(L, 1)->m, 55, &len);

	lua_createtable(L, d ? (int)len : 0, 0);
	for (size_t i = 0; d && i < len; i++) {
		lua_pushinteger(L, d[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

static int l_tostring(lua_State *L)
{
	char buf[8192];
	size_t n = ll_msg_format(pkt(L, 1)->m, buf, sizeof(buf),
				 LL_TEXT_ONELINE);

	lua_pushlstring(L, buf, n < sizeof(buf) ? n : sizeof(buf) - 1);
	return 1;
}

static int l_index(lua_State *L)
{
	struct ll_lpkt *p = pkt(L, 1);
	const char *k = luaL_checkstring(L, 2);

	if (!strcmp(k, "meta")) {
		push_meta(L);
		return 1;
	}
	luaL_getmetafield(L, 1, "methods");
	lua_getfield(L, -1, k);
	if (!lua_isnil(L, -1))
		return 1;
	return get_header(L, p->m, k);
}

void ll_lua_packet_register(lua_State *L)
{
	static const luaL_Reg m[] = {
		{"get", l_get},       {"raw", l_raw},   {"set", l_set},
		{"set_raw", l_set_raw}, {"delete", l_delete}, {"has", l_has},
		{"nak", l_nak},       {"type", l_type},
		{"requested_options", l_requested}, {NULL, NULL}};

	luaL_newmetatable(L, PKT_MT);
	luaL_newlib(L, m);
	lua_setfield(L, -2, "methods");
	lua_pushcfunction(L, l_index);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, l_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pop(L, 1);
}

void ll_lua_push_packet(lua_State *L, struct ll_msg *m, bool rw)
{
	struct ll_lpkt *p = lua_newuserdatauv(L, sizeof(*p), 0);

	p->m = m;
	p->rw = rw;
	p->nak = false;
	luaL_setmetatable(L, PKT_MT);
}

void ll_lua_packet_release(lua_State *L, int idx)
{
	struct ll_lpkt *p = luaL_testudata(L, idx, PKT_MT);

	if (p)
		p->m = NULL;
}

bool ll_lua_packet_nak(lua_State *L, int idx)
{
	struct ll_lpkt *p = luaL_testudata(L, idx, PKT_MT);

	return p && p->nak;
}

/* staticDHCPd's Definition fields and the options they stand for. */
static const struct {
	const char *field;
	uint8_t code;
} def_fields[] = {
	{"hostname", 12},           {"gateways", 3},
	{"subnet_mask", 1},         {"broadcast_address", 28},
	{"domain_name", 15},        {"domain_name_servers", 6},
	{"ntp_servers", 42},
};

static void push_opt_text(lua_State *L, const struct ll_msg *o, uint8_t c)
{
	char buf[2048];
	struct ll_sb sb;
	size_t len;
	const uint8_t *d = ll_msg_get(o, c, &len);

	ll_sb_init(&sb, buf, sizeof(buf));
	ll_opt_format(&sb, c, d, len);
	lua_pushlstring(L, buf, sb.len < sizeof(buf) ? sb.len : sizeof(buf) - 1);
}

/* { ip, lease_time, subnet, serial, hostname, gateways, ..., extra } */
static void build_def(lua_State *L, const struct ll_defb *b)
{
	char ip[16];
	struct ll_sb sb;

	lua_createtable(L, 0, 12);
	ll_sb_init(&sb, ip, sizeof(ip));
	ll_sb_ip(&sb, b->def.ip);
	lua_pushstring(L, ip);
	lua_setfield(L, -2, "ip");
	lua_pushinteger(L, b->def.lease_time);
	lua_setfield(L, -2, "lease_time");
	lua_pushstring(L, b->subnet);
	lua_setfield(L, -2, "subnet");
	lua_pushinteger(L, b->serial);
	lua_setfield(L, -2, "serial");
	lua_newtable(L); /* extra: every other option, by name */
	for (unsigned i = 0; i < b->opts.nopts; i++) {
		uint8_t c = b->opts.order[i];
		const char *field = NULL;

		for (size_t k = 0; k < sizeof(def_fields) / sizeof(def_fields[0]); k++)
			if (def_fields[k].code == c)
				field = def_fields[k].field;
		push_opt_text(L, &b->opts, c);
		if (field) {
			lua_setfield(L, -3, field);
		} else {
			const char *n = ll_opt_name(c);

			if (n)
				lua_setfield(L, -2, n);
			else
				lua_rawseti(L, -2, c);
		}
	}
	lua_setfield(L, -2, "extra");
}

/* The definition load_dhcp_packet gets is built on first use: most
 * hooks never look at it, and rendering every option costs. It is a
 * proxy whose fields come from the table built then (pairs works too). */
#define DEF_MT "lanlease.definition"

struct ll_ldef {
	const struct ll_defb *b;
};

static void def_table(lua_State *L, int idx)
{
	struct ll_ldef *d = luaL_checkudata(L, idx, DEF_MT);

	if (lua_getiuservalue(L, idx, 1) == LUA_TTABLE)
		return;
	lua_pop(L, 1);
	if (!d->b)
		luaL_error(L, "definition used after its hook returned");
	build_def(L, d->b);
	lua_pushvalue(L, -1);
	lua_setiuservalue(L, idx, 1);
}

static int def_index(lua_State *L)
{
	def_table(L, 1);
	lua_pushvalue(L, 2);
	lua_rawget(L, -2);
	return 1;
}

static int def_pairs(lua_State *L)
{
	lua_getglobal(L, "next");
	def_table(L, 1);
	lua_pushnil(L);
	return 3;
}

void ll_lua_push_def(lua_State *L, const struct ll_defb *b)
{
	struct ll_ldef *d = lua_newuserdatauv(L, sizeof(*d), 1);

	d->b = b;
	if (luaL_newmetatable(L, DEF_MT)) {
		lua_pushcfunction(L, def_index);
		lua_setfield(L, -2, "__index");
		lua_pushcfunction(L, def_pairs);
		lua_setfield(L, -2, "__pairs");
	}
	lua_setmetatable(L, -2);
}

void ll_lua_def_release(lua_State *L, int idx)
{
	struct ll_ldef *d = luaL_testudata(L, idx, DEF_MT);

	if (d)
		d->b = NULL;
}

/* A value as text: strings as they are, numbers in decimal, arrays of
 * either joined with commas (a list option's text form). */
static const char *value_text(lua_State *L, int idx, char *buf, size_t cap)
{
	size_t o = 0;

	if (lua_type(L, idx) != LUA_TTABLE)
		return lua_tostring(L, idx);
	buf[0] = 0;
	for (lua_Integer i = 1;; i++) {
		const char *s;

		lua_rawgeti(L, idx, i);
		s = lua_tostring(L, -1);
		if (!s) {
			lua_pop(L, 1);
			break;
		}
		o += (size_t)snprintf(buf + o, o < cap ? cap - o : 0, "%s%s",
				      i > 1 ? "," : "", s);
		lua_pop(L, 1);
	}
	return o < cap ? buf : NULL;
}

static int column(lua_State *L, struct ll_defb *b, const char *name, int idx)
{
	char buf[2048];
	const char *v = value_text(L, idx, buf, sizeof(buf));

	if (!v)
		return snprintf(b->err, sizeof(b->err), "%s: not a value", name), -1;
	return ll_defb_column(b, name, v) < 0 ? -1 : 0;
}

static int extra(lua_State *L, int idx, struct ll_defb *b)
{
	int e = 0;

	lua_pushnil(L);
	while (!e && lua_next(L, idx)) {
		if (lua_type(L, -2) == LUA_TNUMBER) {
			char buf[2048];
			const char *v = value_text(L, lua_gettop(L), buf,
						   sizeof(buf));

			e = !v || ll_defb_option(b, (int)lua_tointeger(L, -2),
						 v) < 0;
		} else if (lua_type(L, -2) == LUA_TSTRING) {
			e = column(L, b, lua_tostring(L, -2), lua_gettop(L));
		}
		lua_pop(L, 1);
	}
	if (e)
		lua_pop(L, 1); /* the key lua_next left */
	return e ? -1 : 0;
}

int ll_lua_to_def(lua_State *L, int idx, struct ll_defb *b)
{
	static const char *const direct[] = {
		"subnet", "serial", "ip", "lease_time", "hostname", "gateways",
		"subnet_mask", "broadcast_address", "domain_name",
		"domain_name_servers", "ntp_servers", NULL};

	idx = lua_absindex(L, idx);
	if (lua_type(L, idx) != LUA_TTABLE)
		return snprintf(b->err, sizeof(b->err), "not a table"), -1;
	for (int i = 0; direct[i]; i++) {
		int e = 0;

		if (lua_getfield(L, idx, direct[i]) != LUA_TNIL)
			e = column(L, b, direct[i], lua_gettop(L));
		lua_pop(L, 1);
		if (e)
			return -1;
	}
	if (lua_getfield(L, idx, "extra") == LUA_TTABLE &&
	    extra(L, lua_gettop(L), b)) {
		lua_pop(L, 1);
		return -1;
	}
	lua_pop(L, 1);
	if (!b->def.ip)
		return snprintf(b->err, sizeof(b->err), "no ip"), -1;
	return 0;
}
