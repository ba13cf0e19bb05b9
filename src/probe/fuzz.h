/* lanlease-probe fuzz: the case generator (fuzzcases.c). */
#ifndef LL_PROBE_FUZZ_H
#define LL_PROBE_FUZZ_H
#include <stddef.h>
#include <stdint.h>

#include "lanlease/lanlease.h"

struct ll_fuzz {
	uint64_t seed;
	uint8_t base[1500];      /* a valid request (the crafted DISCOVER) */
	size_t base_len, base_end, base_type_off;
	struct ll_msg scratch;
};

/* Cases before the seeded mutations start. */
uint64_t ll_fuzz_fixed_cases(const struct ll_fuzz *F);
/* Writes case k into out (at least LL_MSG_MAX bytes); *cls names its
 * class. Returns its length. */
size_t ll_fuzz_case(struct ll_fuzz *F, uint64_t k, uint8_t *out,
		    const char **cls);
#endif
