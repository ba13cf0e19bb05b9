/* Harness: Option 82 sub-options: validation, lookup and text form;
 * a value that validates must survive format -> parse unchanged. */
#include <stdlib.h>
#include <string.h>

#include "lanlease/lanlease.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char text[1 << 16];
	static uint8_t back[1 << 16];
	const uint8_t *v;
	size_t bad;
	for (uint8_t s = 1; s < 12; s++)
		(void)ll_rai_get(data, size, s, &v);
	if (ll_opt_validate(82, data, size, 1, &bad) != LL_OK)
		return 0;
	struct ll_sb sb;
	ll_sb_init(&sb, text, sizeof(text));
	ll_opt_format(&sb, 82, data, size);
	if (sb.len >= sb.cap)
		return 0;
	int n = ll_opt_parse(82, text, sb.len, back, sizeof(back));
	if (n != (int)size || memcmp(back, data, size) != 0)
		abort();
	return 0;
}
