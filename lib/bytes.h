/* Private: network byte order reads and writes, shared by lib/. */
#ifndef LL_BYTES_H
#define LL_BYTES_H
#include <stddef.h>
#include <stdint.h>

static inline uint16_t ll__rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t ll__rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* An n-byte (1..4) big-endian integer. */
static inline uint32_t ll__rdn(const uint8_t *p, size_t n)
{
	uint32_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static inline void ll__wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void ll__wr32(uint8_t *p, uint32_t v)
{
	ll__wr16(p, (uint16_t)(v >> 16));
	ll__wr16(p + 2, (uint16_t)v);
}
#endif
