/* lanlease-probe: craft, send, receive and decode DHCP packets. */
#include <stdio.h>
#include <string.h>

#include "lanlease/lanlease.h"
#include "probe.h"

static void usage(FILE *f)
{
	fputs("usage: lanlease-probe COMMAND [OPTIONS]\n"
	      "\n"
	      "commands:\n"
	      "  decode [--json|--oneline] [--hex|--raw|--pcap] [INPUT...]\n"
	      "         decode a DHCP packet given as hex (arguments or stdin),\n"
	      "         a raw file, or every DHCP packet in a pcap file\n"
	      "  options [--json]\n"
	      "         list the option table: code, name, type, length, RFC\n"
	      "\n"
	      "  --version, --help\n"
	      "See lanlease-probe(1).\n", f);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("lanlease-probe %s\n", LL_VERSION);
		return 0;
	}
	static const char *const single[] = { "discover", "request", "inform",
					      "release", "decline", "send" };
	for (size_t i = 0; i < sizeof(single) / sizeof(single[0]); i++)
		if (!strcmp(argv[1], single[i]))
			return ll_probe_single(argc - 1, argv + 1);
	if (!strcmp(argv[1], "dora"))
		return ll_probe_dora(argc - 1, argv + 1);
	if (!strcmp(argv[1], "audit-client"))
		return ll_probe_audit(argc - 1, argv + 1);
	if (!strcmp(argv[1], "fuzz"))
		return ll_probe_fuzz(argc - 1, argv + 1);
	if (!strcmp(argv[1], "load"))
		return ll_probe_load(argc - 1, argv + 1);
	if (!strcmp(argv[1], "listen"))
		return ll_probe_listen(argc - 1, argv + 1);
	if (!strcmp(argv[1], "options"))
		return ll_probe_options(argc - 1, argv + 1);
	if (!strcmp(argv[1], "decode"))
		return ll_probe_decode(argc - 1, argv + 1);
	fprintf(stderr, "lanlease-probe: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
