/* lanlease-probe: craft, send, receive and decode DHCP packets. */
#include <stdio.h>
#include <string.h>

#include "lanlease/lanlease.h"
#include "probe.h"

static void usage(FILE *f)
{
	fputs("usage: lanlease-probe COMMAND [OPTIONS]\n"
	      "\n"
	      "  decode [--json|--oneline] [--hex|--raw|--pcap] [INPUT...]\n"
	      "  discover|request|inform|release|decline|send|dora\n"
	      "         (-i IFACE | --relay SERVER) [-o NAME=VALUE] [-O CODE]\n"
	      "         [--chaddr MAC] [--xid N] [--from-offer FILE] [--pcap F]\n"
	      "  listen -i IFACE [--count N] [--timeout S] [--pcap FILE]\n"
	      "  fuzz (-i IFACE | --relay SERVER) [--seed N] [--count N]\n"
	      "         [--check-every N] [--rate PPS] [--out DIR]\n"
	      "  load (-i IFACE | --relay SERVER) [--clients N] [--mode dora|do|renew]\n"
	      "         [--rate R | --window W] [--duration S] [--json] [--max-drop P]\n"
	      "  audit-client [--prl LIST] CAPTURE.pcap\n"
	      "  options [--json]\n"
	      "  --version, --help\n"
	      "\n"
	      "Exit: 0 expected reply, 1 error, 2 usage, 3 no reply, 4 NAK, 5 other\n"
	      "reply. See lanlease-probe(1).\n", f);
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
