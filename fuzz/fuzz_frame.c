/* Harness: Ethernet/IPv4/UDP frame parser; a frame that verifies must
 * rebuild to a frame that verifies with the same payload. */
#include <stdlib.h>
#include <string.h>

#include "lanlease/lanlease.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[70000];
	struct ll_udp4 f, g;
	if (ll_frame_parse(data, size, &f) != LL_OK)
		return 0;
	if (f.payload < data || f.payload + f.payload_len > data + size)
		abort();
	int n = ll_frame_build(out, sizeof(out), &f, f.payload, f.payload_len);
	if (n < 0 || ll_frame_parse(out, (size_t)n, &g) != LL_OK ||
	    g.payload_len != f.payload_len ||
	    memcmp(g.payload, f.payload, f.payload_len) != 0)
		abort();
	return 0;
}
