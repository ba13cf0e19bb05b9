/* The lease file of standard mode: a few name=value lines, written
 * atomically by the helper and read back defensively (size, line
 * length, known names, addresses that parse, an expiry in the future). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static int ip_of(const char *s, uint32_t *out)
{
	struct in_addr in;

	if (inet_pton(AF_INET, s, &in) != 1)
		return -EINVAL;
	*out = ntohl(in.s_addr);
	return 0;
}

int ll_leasefile_parse(const char *buf, size_t len, long long now,
		       uint32_t *addr, uint32_t *server)
{
	char line[256];
	long long expiry = 0;
	size_t pos = 0;
	int bad = 0;

	*addr = *server = 0;
	for (int n = 0; !bad && pos < len; n++) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - buf - pos) : len - pos;
		char *eq;

		if (n > 32 || ll >= sizeof(line)) { /* too long a file or line */
			bad = 1;
			break;
		}
		memcpy(line, buf + pos, ll);
		line[ll] = 0;
		pos += ll + 1;
		if (line[0] == '#' || !line[0])
			continue;
		if (!(eq = strchr(line, '=')) || strlen(line) != ll) {
			bad = 1; /* no '=', or a NUL inside the line */
			break;
		}
		*eq++ = 0;
		if (!strcmp(line, "address"))
			bad = ip_of(eq, addr) != 0;
		else if (!strcmp(line, "server"))
			bad = ip_of(eq, server) != 0;
		else if (!strcmp(line, "expiry"))
			expiry = strtoll(eq, NULL, 10);
	}
	if (bad || !*addr || expiry <= now) {
		*addr = *server = 0;
		return -EINVAL;
	}
	return 0;
}

int ll_leasefile_read(const char *path, uint32_t *addr, uint32_t *server)
{
	char buf[4096];
	FILE *f = fopen(path, "re");
	size_t n;

	*addr = *server = 0;
	if (!f)
		return -errno;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (n == sizeof(buf))
		return -EFBIG;
	return ll_leasefile_parse(buf, n, (long long)time(NULL), addr, server);
}

size_t ll_leasefile_text(const char *ifname, const struct ll_clease *l,
			 int64_t mono_now, long long wall_now, char *out,
			 size_t cap)
{
	char ad[INET_ADDRSTRLEN], sv[INET_ADDRSTRLEN];
	struct in_addr x = {.s_addr = htonl(l->addr)},
		       y = {.s_addr = htonl(l->server)};
	long long exp = l->expiry == INT64_MAX
				? 4102444800LL
				: wall_now + (l->expiry - mono_now) / 1000;
	int n;

	inet_ntop(AF_INET, &x, ad, sizeof(ad));
	inet_ntop(AF_INET, &y, sv, sizeof(sv));
	n = snprintf(out, cap,
		     "# lanlease-client lease\ninterface=%s\naddress=%s\n"
		     "server=%s\nexpiry=%lld\n",
		     ifname, ad, sv, exp);
	return n < 0 || (size_t)n >= cap ? 0 : (size_t)n;
}
