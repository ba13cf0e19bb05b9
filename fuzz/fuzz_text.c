/* Harness: the text form parser; whatever it accepts must build. */
#include <stdlib.h>

#include "lanlease/lanlease.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ll_msg m;
	static uint8_t wire[LL_MSG_MAX];
	static char text[1 << 17];
	struct ll_perr pe;
	ll_msg_init(&m);
	if (ll_msg_from_text(&m, (const char *)data, size, &pe) != LL_OK) {
		if (pe.offset > size)
			abort();
		return 0;
	}
	(void)ll_msg_build(&m, wire, sizeof(wire), LL_MSG_MAX + 28, 300);
	ll_msg_format(&m, text, sizeof(text), 0);
	return 0;
}
