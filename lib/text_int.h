/* Private helpers shared by the text form files. */
#ifndef LL_TEXT_INT_H
#define LL_TEXT_INT_H
#include <stddef.h>
#include <stdint.h>

/* Next item separated by sep (' ' means any white space), skipping
 * quoted strings and [..] {..} groups. 1 found, 0 end, negative err. */
int ll__item(const char *s, size_t n, size_t *pos, char sep,
	     const char **it, size_t *itlen);
/* "..." with escapes to bytes; count or negative ll_err. */
int ll__unquote(const char *s, size_t n, uint8_t *out, size_t cap);
#endif
