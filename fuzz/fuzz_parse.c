/* Harness: message parse, then every read-only view of the result. */
#include <stdlib.h>
#include <string.h>

#include "lanlease/lanlease.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ll_msg m;
	static char text[1 << 17];
	struct ll_perr pe;
	if (ll_msg_parse(&m, data, size, &pe) != LL_OK) {
		if (pe.offset > size && pe.err != LL_E_TOO_BIG)
			abort(); /* an error offset must point into the input */
		return 0;
	}
	ll_msg_format(&m, text, sizeof(text), 0);
	ll_msg_format(&m, text, sizeof(text), LL_TEXT_JSON);
	(void)ll_msg_max_size(&m);
	return 0;
}
