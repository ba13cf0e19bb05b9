/* lanleased: the Lua hooks and callbacks of conf.lua (lanleased-hooks(7)),
 * staticDHCPd's scripting API in Lua. One Lua state per worker. */
#ifndef LL_LANLEASED_HOOKS_H
#define LL_LANLEASED_HOOKS_H
#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "lanlease/lanlease.h"

struct ll_hooks;
struct lua_State;

/* What a packet's hooks are told besides the packet. */
struct ll_pktinfo {
	enum ll_method method;
	char mac[18];
	uint32_t client_ip;  /* ciaddr, 0: nil */
	uint32_t relay_ip;   /* giaddr, 0: nil */
	uint16_t port;       /* the UDP source port */
	uint32_t source_ip;  /* the IP source of the datagram */
};

/* A processed packet, for the stats callbacks. */
struct ll_pktstat {
	const struct ll_pktinfo *pi;
	uint32_t ip;
	const char *subnet;
	int64_t serial;
	double seconds;
	bool processed;
};

enum ll_hres { LL_HR_GO = 0, LL_HR_DROP, LL_HR_BLACKLIST, LL_HR_ERROR };

/* Loads conf.lua (and extensions/ beside it) into a new state and runs
 * init(); NULL with err "FILE:LINE: problem" when it fails. */
struct ll_hooks *ll_hooks_open(const struct ll_config *cfg, unsigned worker,
			       char *err, size_t errlen);
void ll_hooks_close(struct ll_hooks *H);
/* Which hooks conf.lua defines. */
bool ll_hooks_any(const struct ll_hooks *H);
bool ll_hooks_picker(const struct ll_hooks *H);
uint64_t ll_hooks_failures(const struct ll_hooks *H); /* errors + budget */

enum ll_hres ll_hooks_filter_packet(struct ll_hooks *H,
				    const struct ll_msg *req,
				    const struct ll_pktinfo *pi);
/* 1 and *b filled, 0 nothing, -1 hook error. */
int ll_hooks_unknown_mac(struct ll_hooks *H, const struct ll_msg *req,
			 const struct ll_pktinfo *pi, struct ll_defb *b);
/* Index of the chosen row (0-based), or -1. */
int ll_hooks_pick(struct ll_hooks *H, const struct ll_row *rows, size_t n,
		  const struct ll_msg *req, const struct ll_pktinfo *pi);
/* The last word on a reply: GO (maybe changed; *nak when the hook made
 * it a NAK) or DROP / ERROR. */
enum ll_hres ll_hooks_load_packet(struct ll_hooks *H, struct ll_msg *reply,
				  const struct ll_msg *req,
				  const struct ll_pktinfo *pi,
				  const struct ll_defb *def, bool *nak);
/* Drops the per-packet state (packet.meta) after each packet. */
void ll_hooks_end(struct ll_hooks *H);
void ll_hooks_tick(struct ll_hooks *H);
void ll_hooks_reinit(struct ll_hooks *H);
void ll_hooks_stats(struct ll_hooks *H, const struct ll_pktstat *st);

/* What every Lua state of conf.lua has (the settings loader's too):
 * the packet type, logger, dhcp helpers, callbacks, extensions/ on the
 * module path. */
void ll_lua_env(struct lua_State *L, const char *conf);

/* The Lua state (the HTTP thread's, for web.*), and a protected call
 * under the budget: 0, or -1 (logged and counted, nothing left). */
struct lua_State *ll_hooks_lua(struct ll_hooks *H);
int ll_hooks_call(struct ll_hooks *H, const char *what, int nargs, int nres);
/* dash.c: web.* (add_dashboard, add_method, add_header, removers). */
void ll_web_register(struct lua_State *L);

/* hooks_pkt.c: packets and definitions as Lua values. */
void ll_lua_packet_register(struct lua_State *L);
/* Pushes a packet object over m (read-only unless rw); all packet
 * objects share one packet.meta until ll_lua_meta_end. */
void ll_lua_push_packet(struct lua_State *L, struct ll_msg *m, bool rw);
void ll_lua_meta_end(struct lua_State *L);
int ll_lua_optcode(struct lua_State *L, int idx);
/* Marks a packet object dead (its message is reused after the call). */
void ll_lua_packet_release(struct lua_State *L, int idx);
bool ll_lua_packet_nak(struct lua_State *L, int idx);
void ll_lua_push_def(struct lua_State *L, const struct ll_defb *b);
void ll_lua_def_release(struct lua_State *L, int idx);
/* A definition table to a checked definition; 0 or -1 (err set). */
int ll_lua_to_def(struct lua_State *L, int idx, struct ll_defb *b);

/* hooks_lib.c: logger, conversions and the RFC helpers. */
void ll_lua_lib_register(struct lua_State *L);
#endif
