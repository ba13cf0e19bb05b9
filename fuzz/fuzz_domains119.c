/* Harness: RFC 3397 domain search (119) decoder; a list that decodes
 * must encode back to the same names. */
#include <stdlib.h>
#include <string.h>

#include "lanlease/lanlease.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char t1[1 << 17], t2[1 << 17];
	static uint8_t enc[1 << 16];
	size_t bad;
	if (ll_opt_validate(119, data, size, 1, &bad) != LL_OK) {
		if (bad > size)
			abort();
		return 0;
	}
	struct ll_sb a, b;
	ll_sb_init(&a, t1, sizeof(t1));
	ll_opt_format(&a, 119, data, size);
	if (a.len >= a.cap)
		return 0;
	int n = ll_opt_parse(119, t1, a.len, enc, sizeof(enc));
	if (n < 0)
		abort();
	ll_sb_init(&b, t2, sizeof(t2));
	ll_opt_format(&b, 119, enc, (size_t)n);
	if (a.len != b.len || memcmp(t1, t2, a.len) != 0)
		abort();
	return 0;
}
