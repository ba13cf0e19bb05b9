/* Harness: RFC 3442 classless routes (121/249) decoder and encoder. */
#include <stdlib.h>
#include <string.h>

#include "lanlease/lanlease.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ll_route r[16384];
	static uint8_t enc[1 << 17];
	static char text[1 << 18];
	size_t bad;
	int n = ll_routes_decode(data, size, r, 16384, &bad);
	if (n < 0) {
		if (bad >= size)
			abort();
		return 0;
	}
	if (n > 16384)
		return 0;
	int k = ll_routes_encode(r, (size_t)n, enc, sizeof(enc));
	if (k < 0 || (size_t)k != size)
		abort();
	struct ll_sb sb;
	ll_sb_init(&sb, text, sizeof(text));
	ll_opt_format(&sb, 121, data, size);
	return 0;
}
