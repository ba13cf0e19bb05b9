/* Harness: parse -> build -> parse must give an equal message (byte
 * for byte); and the text form must parse back to a message with the
 * same text form (names may compress differently, so that round trip
 * is compared as text). */
#include <string.h>
#include <stdlib.h>

#include "lanlease/lanlease.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ll_msg a, b, c;
	static uint8_t wire[LL_MSG_MAX];
	static char text[1 << 17], text2[1 << 17];
	if (ll_msg_parse(&a, data, size, NULL) != LL_OK)
		return 0;
	int n = ll_msg_build(&a, wire, sizeof(wire), LL_MSG_MAX + 28, 0);
	if (n < 0)
		abort();
	struct ll_perr pe;
	if (ll_msg_parse(&b, wire, (size_t)n, &pe) != LL_OK)
		abort();
	if (!ll_msg_equal(&a, &b))
		abort();
	size_t tl = ll_msg_format(&a, text, sizeof(text), LL_TEXT_ONELINE);
	if (tl >= sizeof(text))
		return 0;
	ll_msg_init(&c);
	if (ll_msg_from_text(&c, text, tl, &pe) != LL_OK)
		abort();
	size_t tl2 = ll_msg_format(&c, text2, sizeof(text2), LL_TEXT_ONELINE);
	if (tl2 != tl || memcmp(text, text2, tl) != 0)
		abort();
	/* small max size: overload must keep the options intact */
	n = ll_msg_build(&a, wire, sizeof(wire), 576, 0);
	if (n > 0) {
		if (ll_msg_parse(&b, wire, (size_t)n, &pe) != LL_OK)
			abort();
		if (!ll_msg_equal(&a, &b) && a.sname[0] == 0 && a.file[0] == 0)
			abort();
	}
	return 0;
}
