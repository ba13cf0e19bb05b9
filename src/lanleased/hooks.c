/* The Lua hooks and callbacks of conf.lua: see hooks.h and
 * lanleased-hooks(7). Every call is protected: an error is logged with
 * its traceback and counted, a hook that runs past its instruction
 * budget is stopped, and the packet is then dropped. */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hooks.h"

enum { HK_FILTER, HK_UNKNOWN, HK_PICK, HK_LOAD, HK__N };
static const char *const hook_names[HK__N] = {
	"filter_packet", "handle_unknown_mac", "filter_retrieved_definitions",
	"load_dhcp_packet"};
static const char *const cb_lists[] = {"tick", "reinit", "stats"};

struct ll_hooks {
	lua_State *L;
	bool has[HK__N], has_init;
	uint64_t budget, used;
	uint64_t failures;
	bool touched; /* a packet object was made for this packet */
	unsigned worker;
};

static struct ll_hooks *self(lua_State *L)
{
	return *(struct ll_hooks **)lua_getextraspace(L);
}

/* Stops a hook that runs past the budget (LUA_MASKCOUNT every 1000). */
static void count_hook(lua_State *L, lua_Debug *ar)
{
	struct ll_hooks *H = self(L);

	(void)ar;
	H->used += 1000;
	if (H->budget && H->used > H->budget)
		luaL_error(L, "hook ran past its budget of %I instructions",
			   (lua_Integer)H->budget);
}

static int traceback(lua_State *L)
{
	const char *m = lua_tostring(L, 1);

	luaL_traceback(L, L, m ? m : "(error object is not a string)", 1);
	return 1;
}

/* Calls the function under the nargs arguments on the stack. 0, or -1
 * (logged, counted, nothing left on the stack). */
static int pcall(struct ll_hooks *H, const char *what, int nargs, int nres)
{
	lua_State *L = H->L;
	int base = lua_gettop(L) - nargs, r;

	lua_pushcfunction(L, traceback);
	lua_insert(L, base);
	H->used = 0;
	r = lua_pcall(L, nargs, nres, base);
	lua_remove(L, base);
	if (r == LUA_OK)
		return 0;
	H->failures++;
	bool pkt = false;
	for (int i = 0; i < HK__N; i++)
		pkt |= !strcmp(what, hook_names[i]);
	fprintf(stderr, "lanleased: %s %s failed%s: %s\n",
		pkt ? "hook" : "callback", what, pkt ? " (packet dropped)" : "",
		lua_tostring(L, -1));
	lua_pop(L, 1);
	return -1;
}

lua_State *ll_hooks_lua(struct ll_hooks *H)
{
	return H ? H->L : NULL;
}

int ll_hooks_call(struct ll_hooks *H, const char *what, int nargs, int nres)
{
	return pcall(H, what, nargs, nres);
}

/* callbacks.add_X(fn) / callbacks.remove_X(fn) over registry arrays. */
static int cb_add(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TFUNCTION);
	lua_getfield(L, LUA_REGISTRYINDEX, lua_tostring(L, lua_upvalueindex(1)));
	lua_pushvalue(L, 1);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int cb_remove(lua_State *L)
{
	lua_Integer n, i;

	lua_getfield(L, LUA_REGISTRYINDEX, lua_tostring(L, lua_upvalueindex(1)));
	n = (lua_Integer)lua_rawlen(L, -1);
	for (i = 1; i <= n; i++) {
		lua_rawgeti(L, -1, i);
		if (lua_rawequal(L, -1, 1)) {
			lua_pop(L, 1);
			for (; i < n; i++) {
				lua_rawgeti(L, -1, i + 1);
				lua_rawseti(L, -2, i);
			}
			lua_pushnil(L);
			lua_rawseti(L, -2, n);
			lua_pushboolean(L, 1);
			return 1;
		}
		lua_pop(L, 1);
	}
	lua_pushboolean(L, 0);
	return 1;
}

static void register_callbacks(lua_State *L)
{
	lua_newtable(L);
	for (size_t i = 0; i < 3; i++) {
		char key[32], name[32];

		snprintf(key, sizeof(key), "ll_cb_%s", cb_lists[i]);
		lua_newtable(L);
		lua_setfield(L, LUA_REGISTRYINDEX, key);
		for (int add = 0; add < 2; add++) {
			lua_pushstring(L, key);
			lua_pushcclosure(L, add ? cb_add : cb_remove, 1);
			snprintf(name, sizeof(name), "%s_%s",
				 add ? "add" : "remove", cb_lists[i]);
			lua_setfield(L, -2, name);
		}
	}
	lua_setglobal(L, "callbacks");
}

/* extensions/ beside conf.lua is on the module path. */
static void module_path(lua_State *L, const char *conf)
{
	const char *slash = strrchr(conf, '/');
	int dl = slash ? (int)(slash - conf) : 1;
	const char *dir = slash ? conf : ".";
	char p[1200];

	snprintf(p, sizeof(p), "%.*s/extensions/?.lua;%.*s/extensions/?/init.lua;",
		 dl, dir, dl, dir);
	lua_getglobal(L, "package");
	lua_pushstring(L, p);
	lua_getfield(L, -2, "path");
	lua_concat(L, 2);
	lua_setfield(L, -2, "path");
	lua_pop(L, 1);
}

void ll_lua_env(lua_State *L, const char *conf)
{
	ll_web_register(L);
	ll_lua_packet_register(L);
	ll_lua_lib_register(L);
	register_callbacks(L);
	module_path(L, conf);
}

static lua_State *new_state(struct ll_hooks *H, const struct ll_config *cfg)
{
	lua_State *L = luaL_newstate();

	if (!L)
		return NULL;
	*(struct ll_hooks **)lua_getextraspace(L) = H;
	luaL_openlibs(L);
	ll_lua_env(L, cfg->file);
	lua_pushinteger(L, H->worker);
	lua_setglobal(L, "WORKER");
	lua_sethook(L, count_hook, LUA_MASKCOUNT, 1000);
	return L;
}

struct ll_hooks *ll_hooks_open(const struct ll_config *cfg, unsigned worker,
			       char *err, size_t errlen)
{
	struct ll_hooks *H = calloc(1, sizeof(*H));

	if (!H || !(H->L = new_state(H, cfg))) {
		free(H);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	H->worker = worker;
	H->budget = cfg->hook_budget;
	if (luaL_loadfilex(H->L, cfg->file, "t") != LUA_OK ||
	    lua_pcall(H->L, 0, 0, 0) != LUA_OK) {
		snprintf(err, errlen, "%s", lua_tostring(H->L, -1));
		ll_hooks_close(H);
		return NULL;
	}
	for (int i = 0; i < HK__N; i++) {
		H->has[i] = lua_getglobal(H->L, hook_names[i]) == LUA_TFUNCTION;
		lua_pop(H->L, 1);
	}
	if (lua_getglobal(H->L, "init") == LUA_TFUNCTION) {
		H->has_init = true;
		if (pcall(H, "init", 0, 0)) {
			snprintf(err, errlen, "%s: init() failed", cfg->file);
			ll_hooks_close(H);
			return NULL;
		}
	} else {
		lua_pop(H->L, 1);
	}
	return H;
}

void ll_hooks_close(struct ll_hooks *H)
{
	if (!H)
		return;
	if (H->L)
		lua_close(H->L);
	free(H);
}

bool ll_hooks_any(const struct ll_hooks *H)
{
	return H && (H->has[HK_FILTER] || H->has[HK_UNKNOWN] ||
		     H->has[HK_PICK] || H->has[HK_LOAD] || H->has_init);
}

bool ll_hooks_picker(const struct ll_hooks *H)
{
	return H && H->has[HK_PICK];
}

uint64_t ll_hooks_failures(const struct ll_hooks *H)
{
	return H ? H->failures : 0;
}

static void push_ip(lua_State *L, uint32_t ip)
{
	char b[16];
	struct ll_sb sb;

	if (!ip) {
		lua_pushnil(L);
		return;
	}
	ll_sb_init(&sb, b, sizeof(b));
	ll_sb_ip(&sb, ip);
	lua_pushstring(L, b);
}

static void push_pkt(struct ll_hooks *H, struct ll_msg *m, bool rw)
{
	ll_lua_push_packet(H->L, m, rw);
	H->touched = true;
}

void ll_hooks_end(struct ll_hooks *H)
{
	if (H && H->touched) {
		ll_lua_meta_end(H->L);
		H->touched = false;
	}
}

/* hook(packet, method, mac, client_ip, relay_ip, port); the packet is
 * left at 'at' so it can be released after the call. */
static int push_common(struct ll_hooks *H, int hk, const struct ll_msg *req,
		       const struct ll_pktinfo *pi)
{
	lua_State *L = H->L;

	lua_getglobal(L, hook_names[hk]);
	push_pkt(H, (struct ll_msg *)req, false);
	lua_pushstring(L, ll_method_name(pi->method));
	lua_pushstring(L, pi->mac);
	push_ip(L, pi->client_ip);
	push_ip(L, pi->relay_ip);
	lua_pushinteger(L, pi->port);
	return 6;
}

/* Releases the packet objects once the call is over: a hook that kept
 * one gets an error if it uses it later, never freed memory. */
static void release(struct ll_hooks *H, int from, int to)
{
	for (int i = from; i <= to; i++)
		ll_lua_packet_release(H->L, i);
}

enum ll_hres ll_hooks_filter_packet(struct ll_hooks *H,
				    const struct ll_msg *req,
				    const struct ll_pktinfo *pi)
{
	lua_State *L;
	enum ll_hres r;
	int top;

	if (!H || !H->has[HK_FILTER])
		return LL_HR_GO;
	L = H->L;
	top = lua_gettop(L);
	push_common(H, HK_FILTER, req, pi);
	lua_pushvalue(L, top + 2); /* keep the packet to release it */
	lua_insert(L, top + 1);
	if (pcall(H, "filter_packet", 6, 1)) {
		release(H, top + 1, top + 1);
		lua_settop(L, top);
		return LL_HR_ERROR;
	}
	/* staticDHCPd: True goes on, False drops, None blacklists */
	r = lua_isnil(L, -1)       ? LL_HR_BLACKLIST
	    : lua_toboolean(L, -1) ? LL_HR_GO
				   : LL_HR_DROP;
	release(H, top + 1, top + 1);
	lua_settop(L, top);
	return r;
}

int ll_hooks_unknown_mac(struct ll_hooks *H, const struct ll_msg *req,
			 const struct ll_pktinfo *pi, struct ll_defb *b)
{
	lua_State *L;
	int top, r = 0;

	if (!H || !H->has[HK_UNKNOWN])
		return 0;
	L = H->L;
	top = lua_gettop(L);
	push_common(H, HK_UNKNOWN, req, pi);
	lua_pushvalue(L, top + 2);
	lua_insert(L, top + 1);
	if (pcall(H, "handle_unknown_mac", 6, 1)) {
		r = -1;
	} else if (!lua_isnil(L, -1)) {
		ll_defb_init(b);
		r = ll_lua_to_def(L, -1, b) ? -1 : 1;
		if (r < 0) {
			H->failures++;
			fprintf(stderr, "lanleased: handle_unknown_mac returned a "
				"bad definition: %s\n", b->err);
		}
	}
	release(H, top + 1, top + 1);
	lua_settop(L, top);
	return r;
}

static void push_rows(lua_State *L, const struct ll_row *rows, size_t n)
{
	lua_createtable(L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		lua_createtable(L, 0, (int)rows[i].n);
		for (unsigned k = 0; k < rows[i].n; k++) {
			if (!rows[i].value[k])
				continue;
			lua_pushstring(L, rows[i].value[k]);
			lua_setfield(L, -2, rows[i].name[k]);
		}
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
}

/* The chosen row: an index (1-based) or one of the tables given. */
static int chosen(lua_State *L, int defs, size_t n)
{
	if (lua_isinteger(L, -1)) {
		lua_Integer i = lua_tointeger(L, -1);

		return i >= 1 && (size_t)i <= n ? (int)i - 1 : -1;
	}
	for (size_t i = 0; i < n; i++) {
		lua_rawgeti(L, defs, (lua_Integer)i + 1);
		if (lua_rawequal(L, -1, -2)) {
			lua_pop(L, 1);
			return (int)i;
		}
		lua_pop(L, 1);
	}
	return -1;
}

int ll_hooks_pick(struct ll_hooks *H, const struct ll_row *rows, size_t n,
		  const struct ll_msg *req, const struct ll_pktinfo *pi)
{
	lua_State *L;
	int top, r = -1;

	if (!H || !H->has[HK_PICK])
		return 0;
	L = H->L;
	top = lua_gettop(L);
	push_common(H, HK_PICK, req, pi); /* fn pkt method mac cip rip port */
	push_rows(L, rows, n);
	lua_insert(L, top + 2);            /* fn defs pkt ... */
	lua_pushvalue(L, top + 2);
	lua_insert(L, top + 1);            /* defs fn defs pkt ... */
	lua_pushvalue(L, top + 4);
	lua_insert(L, top + 1);            /* pkt defs fn defs pkt ... */
	r = pcall(H, "filter_retrieved_definitions", 7, 1) ? -2
						: chosen(L, top + 2, n);
	release(H, top + 1, top + 1);
	lua_settop(L, top);
	return r;
}

enum ll_hres ll_hooks_load_packet(struct ll_hooks *H, struct ll_msg *reply,
				  const struct ll_msg *req,
				  const struct ll_pktinfo *pi,
				  const struct ll_defb *def, bool *nak)
{
	lua_State *L;
	int top;
	enum ll_hres r = LL_HR_GO;

	*nak = false;
	if (!H || !H->has[HK_LOAD])
		return LL_HR_GO;
	L = H->L;
	top = lua_gettop(L);
	lua_getglobal(L, "load_dhcp_packet");
	push_pkt(H, reply, true);                     /* top + 2 */
	lua_pushstring(L, ll_method_name(pi->method));
	lua_pushstring(L, pi->mac);
	if (def)
		ll_lua_push_def(L, def);
	else
		lua_pushnil(L);
	push_ip(L, pi->relay_ip);
	lua_pushinteger(L, pi->port);
	push_pkt(H, (struct ll_msg *)req, false);     /* top + 8 */
	lua_pushvalue(L, top + 5);                    /* the definition */
	lua_pushvalue(L, top + 2);
	lua_pushvalue(L, top + 8);
	lua_insert(L, top + 1);
	lua_insert(L, top + 1);
	lua_insert(L, top + 1);                 /* def reply src fn ... */
	if (pcall(H, "load_dhcp_packet", 7, 1))
		r = LL_HR_ERROR;
	else if (!lua_isnil(L, -1) && !lua_toboolean(L, -1))
		r = LL_HR_DROP;
	*nak = ll_lua_packet_nak(L, top + 2);
	release(H, top + 2, top + 3);
	ll_lua_def_release(L, top + 1);
	lua_settop(L, top);
	return r;
}

/* Runs every function of a callback list with the value at arg (or no
 * argument when arg is 0). */
static void run_list(struct ll_hooks *H, const char *list, int arg)
{
	lua_State *L = H->L;
	char key[32];
	lua_Integer n;

	snprintf(key, sizeof(key), "ll_cb_%s", list);
	lua_getfield(L, LUA_REGISTRYINDEX, key);
	n = (lua_Integer)lua_rawlen(L, -1);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, -1, i);
		if (arg)
			lua_pushvalue(L, arg);
		pcall(H, list, arg ? 1 : 0, 0);
	}
	lua_pop(L, 1);
}

void ll_hooks_tick(struct ll_hooks *H)
{
	if (H)
		run_list(H, "tick", 0);
}

void ll_hooks_reinit(struct ll_hooks *H)
{
	if (H)
		run_list(H, "reinit", 0);
}

/* staticDHCPd's statistics record. */
void ll_hooks_stats(struct ll_hooks *H, const struct ll_pktstat *st)
{
	lua_State *L;

	if (!H)
		return;
	L = H->L;
	lua_getfield(L, LUA_REGISTRYINDEX, "ll_cb_stats");
	if (!lua_rawlen(L, -1)) {
		lua_pop(L, 1);
		return;
	}
	lua_pop(L, 1);
	lua_createtable(L, 0, 9);
	if (st->pi->source_ip)
		push_ip(L, st->pi->source_ip);
	else
		lua_pushstring(L, "0.0.0.0"); /* a client without an address */
	lua_setfield(L, -2, "source_address");
	lua_pushstring(L, st->pi->mac);
	lua_setfield(L, -2, "mac");
	push_ip(L, st->ip);
	lua_setfield(L, -2, "ip");
	lua_pushstring(L, st->subnet ? st->subnet : "");
	lua_setfield(L, -2, "subnet");
	lua_pushinteger(L, st->serial);
	lua_setfield(L, -2, "serial");
	lua_pushstring(L, ll_method_name(st->pi->method));
	lua_setfield(L, -2, "method");
	lua_pushnumber(L, st->seconds);
	lua_setfield(L, -2, "processing_time");
	lua_pushboolean(L, st->processed);
	lua_setfield(L, -2, "processed");
	lua_pushinteger(L, st->pi->port);
	lua_setfield(L, -2, "port");
	run_list(H, "stats", lua_gettop(L));
	lua_pop(L, 1);
}
