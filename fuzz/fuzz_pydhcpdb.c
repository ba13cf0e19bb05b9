/* Harness: lanleased --import-pydhcpdb over any bytes (libxml2 parses,
 * our code walks the tree and writes Lua). The Lua it writes must be
 * valid Lua syntax whatever the input. */
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <stdlib.h>

#include "import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *out = NULL, err[256];
	size_t olen = 0;
	FILE *f = open_memstream(&out, &olen);
	if (!f || size > 65536)
		return f ? fclose(f), free(out), 0 : 0;
	int r = ll_import_pydhcpdb_mem((const char *)data, size, "eth0", f, err,
				       sizeof(err));
	fclose(f);
	if (r == 0) {
		lua_State *L = luaL_newstate();
		if (luaL_loadbufferx(L, out, olen, "conf.lua", "t") != LUA_OK)
			abort(); /* the import wrote something Lua cannot read */
		lua_close(L);
	}
	free(out);
	return 0;
}
