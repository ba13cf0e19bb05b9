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

int ll_leasefile_read(const char *path, uint32_t *addr, uint32_t *server)
{
	char line[256];
	long long expiry = 0;
	FILE *f = fopen(path, "re");
	int bad = 0;

	*addr = *server = 0;
	if (!f)
		return -errno;
	for (int n = 0; !bad && fgets(line, sizeof(line), f); n++) {
		char *eq = strchr(line, '='), *nl = strchr(line, '\n');

		if (n > 32 || !nl) { /* too long a file or line */
			bad = 1;
			break;
		}
		*nl = 0;
		if (line[0] == '#' || !line[0])
			continue;
		if (!eq) {
			bad = 1;
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
	fclose(f);
	if (bad || !*addr || expiry <= (long long)time(NULL)) {
		*addr = *server = 0;
		return -EINVAL;
	}
	return 0;
}

size_t ll_leasefile_text(const struct ll_app *a, char *out, size_t cap)
{
	const struct ll_clease *l = &a->cli.lease;
	char ad[INET_ADDRSTRLEN], sv[INET_ADDRSTRLEN];
	struct in_addr x = {.s_addr = htonl(l->addr)},
		       y = {.s_addr = htonl(l->server)};
	long long exp = l->expiry == INT64_MAX
				? 4102444800LL
				: (long long)time(NULL) +
					  (l->expiry - ll_mono_ms()) / 1000;
	int n;

	inet_ntop(AF_INET, &x, ad, sizeof(ad));
	inet_ntop(AF_INET, &y, sv, sizeof(sv));
	n = snprintf(out, cap,
		     "# lanlease-client lease\ninterface=%s\naddress=%s\n"
		     "server=%s\nexpiry=%lld\n",
		     a->ifname, ad, sv, exp);
	return n < 0 || (size_t)n >= cap ? 0 : (size_t)n;
}
