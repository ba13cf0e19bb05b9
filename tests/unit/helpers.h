/* Shared helpers of the unit tests: a valid DISCOVER to mutate. */
#ifndef LL_TEST_HELPERS_H
#define LL_TEST_HELPERS_H
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lanlease/lanlease.h"

/* A packet under construction: fixed header + cookie, then options. */
struct pkt {
	uint8_t b[LL_MSG_MAX];
	size_t n;
};

static inline void pkt_init(struct pkt *p, uint8_t op, uint8_t type)
{
	memset(p->b, 0, sizeof(p->b));
	p->b[0] = op;
	p->b[1] = 1;
	p->b[2] = 6;
	p->b[4] = 0xde; p->b[5] = 0xad; p->b[6] = 0xbe; p->b[7] = 0xef;
	p->b[28] = 0x02; p->b[33] = 0x01;
	p->b[236] = 99; p->b[237] = 130; p->b[238] = 83; p->b[239] = 99;
	p->n = 240;
	if (type) {
		p->b[p->n++] = 53;
		p->b[p->n++] = 1;
		p->b[p->n++] = type;
	}
}

static inline void pkt_raw(struct pkt *p, const void *d, size_t n)
{
	if (n)
		memcpy(p->b + p->n, d, n);
	p->n += n;
}

static inline void pkt_opt(struct pkt *p, uint8_t code, const void *d,
			   size_t n)
{
	p->b[p->n++] = code;
	p->b[p->n++] = (uint8_t)n;
	pkt_raw(p, d, n);
}

static inline void pkt_end(struct pkt *p)
{
	p->b[p->n++] = 255;
}

/* Parses and returns the error; *pe filled. */
static inline int pkt_parse(struct pkt *p, struct ll_msg *m,
			    struct ll_perr *pe)
{
	memset(pe, 0, sizeof(*pe));
	return ll_msg_parse(m, p->b, p->n, pe);
}

/* A message from text-form items: a base, then the test's own items. */
static inline void msg_from_items(struct ll_msg *m, const char *base,
				  const char *items)
{
	char buf[1024];
	struct ll_perr pe;
	ll_msg_init(m);
	snprintf(buf, sizeof(buf), "%s %s", base, items);
	assert_int_equal(ll_msg_from_text(m, buf, strlen(buf), &pe), LL_OK);
}

#endif
