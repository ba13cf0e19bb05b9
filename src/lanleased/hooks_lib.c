/* The helpers conf.lua gets: logger, the dhcp table (conversions and
 * the RFC encoders and decoders of staticDHCPd's scripting guide). The
 * encoders turn Lua values into the codec's text form and let the
 * option table parse it (dhcp.encode), so nothing is encoded twice. */
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <string.h>

#include "hooks.h"

static int log_at(lua_State *L)
{
	const char *lvl = lua_tostring(L, lua_upvalueindex(1));
	int n = lua_gettop(L);

	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (int i = 1; i <= n; i++) {
		luaL_tolstring(L, i, NULL);
		luaL_addvalue(&b);
		if (i < n)
			luaL_addchar(&b, ' ');
	}
	luaL_pushresult(&b);
	fprintf(stderr, "lanleased: [%s] %s\n", lvl, lua_tostring(L, -1));
	return 0;
}

static void register_logger(lua_State *L)
{
	static const char *const lv[] = {"debug", "info", "warning", "error",
					 "critical"};

	lua_newtable(L);
	for (size_t i = 0; i < 5; i++) {
		lua_pushstring(L, lv[i]);
		lua_pushcclosure(L, log_at, 1);
		lua_setfield(L, -2, lv[i]);
	}
	lua_setglobal(L, "logger");
}

/* dhcp.encode(code|name, text) -> the option's bytes (or error). */
static int l_encode(lua_State *L)
{
	size_t tl;
	int code = ll_lua_optcode(L, 1);
	const char *t = luaL_checklstring(L, 2, &tl);
	uint8_t out[4096];
	int r;

	luaL_argcheck(L, code > 0 && code < 255, 1, "unknown option");
	r = ll_opt_parse((uint8_t)code, t, tl, out, sizeof(out));
	if (r < 0)
		return luaL_error(L, "option %d: cannot encode '%s' (%s)", code,
				  t, ll_strerror((enum ll_err)r));
	lua_pushlstring(L, (const char *)out, (size_t)r);
	return 1;
}

/* dhcp.decode(code|name, bytes) -> the text form of the value. */
static int l_decode(lua_State *L)
{
	size_t bl;
	int code = ll_lua_optcode(L, 1);
	const char *b = luaL_checklstring(L, 2, &bl);
	char buf[8192];
	struct ll_sb sb;

	luaL_argcheck(L, code > 0 && code < 255, 1, "unknown option");
	ll_sb_init(&sb, buf, sizeof(buf));
	ll_opt_format(&sb, (uint8_t)code, (const uint8_t *)b, bl);
	lua_pushlstring(L, buf, sb.len < sizeof(buf) ? sb.len : sizeof(buf) - 1);
	return 1;
}

/* dhcp.suboptions(bytes) -> { [code] = bytes } (RFC 3046 layout, also
 * 125's inner list and 139/140). nil when they run past the end. */
static int l_subopts(lua_State *L)
{
	size_t len, pos = 0;
	const uint8_t *d = (const uint8_t *)luaL_checklstring(L, 1, &len);
	uint8_t code, vl;
	const uint8_t *v;
	int r;

	lua_newtable(L);
	while ((r = ll_subopt_next(d, len, &pos, &code, &v, &vl)) == 1) {
		lua_pushlstring(L, (const char *)v, vl);
		lua_rawseti(L, -2, code);
	}
	if (r < 0)
		lua_pushnil(L);
	return 1;
}

static int l_ip_to_int(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	uint32_t v;

	if (ll_ip_parse(s, n, &v))
		return luaL_argerror(L, 1, "not an IPv4 address");
	lua_pushinteger(L, v);
	return 1;
}

static int l_int_to_ip(lua_State *L)
{
	lua_Integer v = luaL_checkinteger(L, 1);
	char b[16];
	struct ll_sb sb;

	luaL_argcheck(L, v >= 0 && v <= 0xffffffffLL, 1, "out of range");
	ll_sb_init(&sb, b, sizeof(b));
	ll_sb_ip(&sb, (uint32_t)v);
	lua_pushstring(L, b);
	return 1;
}

/* The rest is Lua over encode/decode/suboptions. */
static const char prelude[] =
	"local d = dhcp\n"
	"local function text(v)\n"
	"  if type(v) ~= 'table' then return tostring(v) end\n"
	"  if #v > 0 or next(v) == nil then\n"
	"    local t = {} for i, x in ipairs(v) do t[i] = text(x) end\n"
	"    return table.concat(t, ',') end\n"
	"  local t = {}\n"
	"  for k, x in pairs(v) do\n"
	"    local s = type(x) == 'table' and '[' .. text(x) .. ']' or tostring(x)\n"
	"    t[#t + 1] = tostring(k) .. '=' .. s end\n"
	"  table.sort(t) return '{' .. table.concat(t, ',') .. '}'\n"
	"end\n"
	"d.text = text\n"
	"function d.ip_to_list(s) local n = d.ip_to_int(s)\n"
	"  return {n >> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255} end\n"
	"function d.list_to_ip(l) return d.int_to_ip((l[1] << 24) | (l[2] << 16) | (l[3] << 8) | l[4]) end\n"
	"function d.ips_to_list(s) local o = {}\n"
	"  for ip in tostring(s):gmatch('[^,%s]+') do for _, b in ipairs(d.ip_to_list(ip)) do o[#o + 1] = b end end\n"
	"  return o end\n"
	"function d.list_to_ips(l) local o = {}\n"
	"  for i = 1, #l - 3, 4 do o[#o + 1] = d.list_to_ip({l[i], l[i + 1], l[i + 2], l[i + 3]}) end\n"
	"  return table.concat(o, ',') end\n"
	"function d.int_to_list(n) return {(n >> 8) & 255, n & 255} end\n"
	"function d.list_to_int(l) return (l[1] << 8) | l[2] end\n"
	"function d.long_to_list(n) return {(n >> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255} end\n"
	"function d.list_to_long(l) return (l[1] << 24) | (l[2] << 16) | (l[3] << 8) | l[4] end\n"
	"function d.str_to_list(s) return {string.byte(s, 1, -1)} end\n"
	"function d.list_to_str(l) return string.char(table.unpack(l)) end\n"
	"function d.rfc3046_decode(b) return d.suboptions(b) end\n"
	"function d.rfc3925_decode(b) local o, i = {}, 1\n"
	"  while i + 4 <= #b do local e = string.unpack('>I4', b, i) local n = b:byte(i + 4)\n"
	"    local data, j = {}, i + 5\n"
	"    while j <= i + 4 + n do local l = b:byte(j) data[#data + 1] = b:sub(j + 1, j + l) j = j + 1 + l end\n"
	"    o[e] = data i = i + 5 + n end\n"
	"  return o end\n"
	"function d.rfc3925_125_decode(b) local o, i = {}, 1\n"
	"  while i + 4 <= #b do local e = string.unpack('>I4', b, i) local n = b:byte(i + 4)\n"
	"    o[e] = d.suboptions(b:sub(i + 5, i + 4 + n)) i = i + 5 + n end\n"
	"  return o end\n"
	"function d.rfc1035_plus(names) return d.encode(119, text(names)) end\n"
	"function d.rfc3397_119(names) return d.encode(119, text(names)) end\n"
	"function d.rfc4280_88(names) return d.encode(88, text(names)) end\n"
	"function d.rfc5223_137(name) return d.encode(137, name) end\n"
	"function d.rfc3442_121(routes) local t = {}\n"
	"  for i, r in ipairs(routes) do t[i] = type(r) == 'table' and (r[1] .. '->' .. r[2]) or r end\n"
	"  return d.encode(121, table.concat(t, ',')) end\n"
	"function d.rfc2610_78(mandatory, addrs) return d.encode(78,\n"
	"  '{mandatory=' .. (mandatory and 1 or 0) .. ',addresses=[' .. text(addrs) .. ']}') end\n"
	"function d.rfc2610_79(mandatory, scopes) return d.encode(79,\n"
	"  '{mandatory=' .. (mandatory and 1 or 0) .. ',scopes=\"' .. scopes .. '\"}') end\n"
	"function d.rfc3361_120(v) local l = type(v) == 'table' and v or {v}\n"
	"  local ip = pcall(d.ip_to_int, l[1])\n"
	"  return d.encode(120, text(ip and {addresses = l} or {names = l})) end\n"
	"function d.rfc3925_124(enterprise, data) local q = {}\n"
	"  for i, x in ipairs(data) do q[i] = string.format('%q', x) end\n"
	"  return d.encode(124, '{enterprise=' .. enterprise .. ',data=[' .. table.concat(q, ',') .. ']}') end\n"
	"function d.rfc3925_125(enterprise, subs) local t = {'enterprise=' .. enterprise}\n"
	"  for k, v in pairs(subs) do t[#t + 1] = k .. '=hex:' .. (v:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end\n"
	"  return d.encode(125, '{' .. table.concat(t, ',') .. '}') end\n"
	"function d.rfc4174_83(t) return d.encode(83, string.format(\n"
	"  '{functions=%d,dd-access=%d,admin-flags=%d,security=%d,addresses=[%s]}',\n"
	"  t.functions or 0, t['dd-access'] or 0, t['admin-flags'] or 0, t.security or 0,\n"
	"  text(t.addresses or {}))) end\n"
	"local function mos(code, t) local o = {}\n"
	"  for k, v in pairs(t) do o[#o + 1] = k .. '=[' .. text(v) .. ']' end\n"
	"  table.sort(o) return d.encode(code, '{' .. table.concat(o, ',') .. '}') end\n"
	"function d.rfc5678_139(t) return mos(139, t) end\n"
	"function d.rfc5678_140(t) return mos(140, t) end\n"
	"package.loaded.lanlease = d\n";

void ll_lua_lib_register(lua_State *L)
{
	static const luaL_Reg f[] = {
		{"encode", l_encode},         {"decode", l_decode},
		{"suboptions", l_subopts},    {"ip_to_int", l_ip_to_int},
		{"int_to_ip", l_int_to_ip},   {NULL, NULL}};

	register_logger(L);
	luaL_newlib(L, f);
	lua_setglobal(L, "dhcp");
	if (luaL_dostring(L, prelude) != LUA_OK) {
		fprintf(stderr, "lanleased: hooks prelude: %s\n",
			lua_tostring(L, -1));
		lua_pop(L, 1);
	}
}
