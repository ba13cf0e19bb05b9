/* lanlease-probe options: the option table, as text or JSON. */
#include <stdio.h>
#include <string.h>

#include "lanlease/lanlease.h"
#include "probe.h"

int ll_probe_options(int argc, char **argv)
{
	int json = argc > 1 && !strcmp(argv[1], "--json");
	int first = 1;
	if (json)
		putchar('[');
	else
		printf("%-4s %-38s %-17s %-11s %s\n", "code", "name", "type",
		       "length", "defined in");
	for (unsigned c = 1; c < 255; c++) {
		const struct ll_opt_def *d = ll_opt_def((uint8_t)c);
		char len[24];
		if (!d)
			continue;
		if (d->min_len == d->max_len)
			snprintf(len, sizeof(len), "%u", d->min_len);
		else if (d->max_len >= 65532)
			snprintf(len, sizeof(len), "%u+%s", d->min_len,
				 d->mult > 1 ? (d->mult == 4 ? " (x4)" : " (x8)") : "");
		else
			snprintf(len, sizeof(len), "%u-%u", d->min_len, d->max_len);
		if (json)
			printf("%s{\"code\":%u,\"name\":\"%s\",\"type\":\"%s\","
			       "\"min_len\":%u,\"max_len\":%u,\"ref\":\"%s\"}",
			       first ? "" : ",", c, d->name,
			       ll_otype_name(d->type), d->min_len, d->max_len,
			       d->ref);
		else
			printf("%-4u %-38s %-17s %-11s %s\n", c, d->name,
			       ll_otype_name(d->type), len, d->ref);
		first = 0;
	}
	if (json)
		puts("]");
	return 0;
}
