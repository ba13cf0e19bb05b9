/* Harness: SQL templates and user-variable specifications (the config's
 * parsers), and the variables of any message that parses. */
#include <stdlib.h>
#include <string.h>

#include "lanlease/lanlease.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char s[8192];
	static struct ll_tpl t;
	static struct ll_vars V;
	static struct ll_msg m;
	const char *why;
	size_t at;
	size_t n = size < sizeof(s) - 1 ? size : sizeof(s) - 1;
	memcpy(s, data, n);
	s[n] = '\0';
	for (int d = 0; d < 2; d++) {
		if (ll_tpl_compile(s, (enum ll_dialect)d, &t, &why, &at) == 0) {
			if (t.nvars > LL_TPL_MAXVARS || strlen(t.sql) >= sizeof(t.sql))
				abort();
		} else if (at > n) {
			abort();
		}
	}
	struct ll_uservar u;
	if (ll_uservar_parse(s, &u, &why) == 0 && u.end < u.start)
		abort();
	if (ll_msg_parse(&m, data, size, NULL) == LL_OK) {
		/* a server's subset: the options its templates read */
		struct ll_optmask om = { { 0 } };
		ll_optmask_add(&om, s);
		memcpy(om.bit, data, size < sizeof(om.bit) ? size : sizeof(om.bit));
		ll_vars_init(&V);
		ll_vars_from_msg_only(&V, &m, &om);
		if (V.n > LL_VARS_MAX || V.used > LL_VARS_ARENA)
			abort();
		ll_vars_init(&V);
		ll_vars_from_msg(&V, &m);
		static const char *const specs[] = { "option_82_hex:a:2:9",
						     "o:82:1:3", "mac_hex:b:0:99" };
		struct ll_uservar us[3];
		for (int i = 0; i < 3; i++)
			ll_uservar_parse(specs[i], &us[i], &why);
		ll_uservars_apply(&V, &m, us, 3);
	}
	return 0;
}
