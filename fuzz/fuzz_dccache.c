/* Harness: lanleased's last-known-good cache file (state_dir/cache),
 * read at start: any bytes load without a crash, and every entry kept
 * is within its bounds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "defcache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ll_defcache *dc;
	char path[] = "/tmp/ll-fuzz-dc-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	if (!dc)
		dc = ll_dc_new(256);
	ll_dc_clear(dc);
	ll_dc_load(dc, path, 1000);
	unlink(path);
	for (size_t s = 0; s < dc->nsets; s++)
		for (unsigned i = 0; i < LL_DC_WAYS; i++)
			if (dc->set[s].e[i].klen > sizeof(dc->set[s].e[i].key) ||
			    dc->set[s].e[i].olen > sizeof(dc->set[s].e[i].opts))
				abort();
	return 0;
}
