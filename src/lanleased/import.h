/* lanleased --import-pydhcpdb: seed 001's XML configuration to conf.lua. */
#ifndef LL_LANLEASED_IMPORT_H
#define LL_LANLEASED_IMPORT_H
#include <stdio.h>

/* Reads pydhcpdb's config.xml and writes the equivalent conf.lua to
 * out, serving on iface. 0, or -1 with err set. */
int ll_import_pydhcpdb(const char *xml, const char *iface, FILE *out,
		       char *err, size_t errlen);
/* The same from a buffer (for the fuzz harness). */
int ll_import_pydhcpdb_mem(const char *buf, size_t len, const char *iface,
			   FILE *out, char *err, size_t errlen);
#endif
