/* Reading packets given by users: hex text, raw files, pcap captures. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hexin.h"
#include "lanlease/text.h"

uint8_t *ll_read_all(FILE *f, size_t *len)
{
	size_t cap = 65536, n = 0;
	uint8_t *buf = malloc(cap);
	while (buf) {
		size_t k = fread(buf + n, 1, cap - n, f);
		n += k;
		if (k == 0)
			break;
		if (n == cap) {
			if (cap >= (64u << 20)) { /* 64 MiB is plenty */
				free(buf);
				errno = EFBIG;
				return NULL;
			}
			uint8_t *nb = realloc(buf, cap * 2);
			if (!nb)
				free(buf);
			buf = nb;
			cap *= 2;
		}
	}
	if (buf && ferror(f)) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

bool ll_looks_hex(const uint8_t *p, size_t n)
{
	size_t digits = 0;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = p[i];
		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		    (c >= 'A' && c <= 'F'))
			digits++;
		else if (c == 'x' && i > 0 && p[i - 1] == '0')
			digits--; /* a 0x prefix */
		else if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
			   c == ':' || c == '-'))
			return false;
	}
	return digits > 0;
}

long ll_hex_text(const char *s, size_t n, uint8_t *out, size_t cap)
{
	char *clean = malloc(n + 1);
	size_t k = 0;
	if (!clean)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '0' && i + 1 < n && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
			i++;
			continue;
		}
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
		    s[i] == ':' || s[i] == '-')
			continue;
		clean[k++] = s[i];
	}
	int r = ll_hex_parse(clean, k, out, cap);
	free(clean);
	return r;
}

bool ll_looks_pcap(const uint8_t *p, size_t n)
{
	static const uint8_t magics[][4] = {
		{ 0xd4, 0xc3, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0xc3, 0xd4 },
		{ 0x4d, 0x3c, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0x3c, 0x4d },
		{ 0x0a, 0x0d, 0x0d, 0x0a },
	};
	for (size_t i = 0; n >= 4 && i < sizeof(magics) / 4; i++)
		if (memcmp(p, magics[i], 4) == 0)
			return true;
	return false;
}
