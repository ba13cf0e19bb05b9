/* lanlease-probe decode: a packet as hex, a raw file, or a pcap.
 * Exit status: 0 every message valid, 1 a malformed message (one line
 * on stderr naming the problem and its byte offset), 2 usage or I/O. */
#include <errno.h>
#include <getopt.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hexin.h"
#include "lanlease/lanlease.h"
#include "probe.h"

enum ll__in { IN_AUTO, IN_HEX, IN_RAW, IN_PCAP };

struct ll__dec {
	unsigned flags;
	enum ll__in in;
	unsigned bad, good;
};

static int ll__print(struct ll__dec *d, const uint8_t *p, size_t n,
		     const char *what)
{
	static struct ll_msg m;
	static char text[1 << 18];
	struct ll_perr pe;
	char eb[160];
	if (ll_msg_parse(&m, p, n, &pe) != LL_OK) {
		fprintf(stderr, "lanlease-probe: %s%smalformed: %s\n",
			what ? what : "", what ? ": " : "",
			ll_perr_format(&pe, eb, sizeof(eb)));
		d->bad++;
		return 1;
	}
	size_t tl = ll_msg_format(&m, text, sizeof(text), d->flags);
	fwrite(text, 1, tl < sizeof(text) ? tl : sizeof(text) - 1, stdout);
	putchar('\n');
	if (!(d->flags & (LL_TEXT_JSON | LL_TEXT_ONELINE)))
		putchar('\n');
	d->good++;
	return 0;
}

/* A buffer may hold an Ethernet frame around the message: accept it
 * when it verifies as IPv4/UDP to or from port 67/68. */
static int ll__payload(struct ll__dec *d, const uint8_t *p, size_t n,
		       const char *what)
{
	struct ll_udp4 f;
	int e = ll_frame_parse(p, n, &f);
	if ((e == LL_OK || e == LL_E_CHECKSUM) &&
	    (f.sport == 67 || f.sport == 68 || f.dport == 67 || f.dport == 68))
		return ll__print(d, f.payload, f.payload_len, what);
	return ll__print(d, p, n, what);
}

/* The UDP payload of one captured packet, by link type; NULL when it
 * is not UDP to or from the DHCP ports. */
static const uint8_t *ll__pcap_udp(int dlt, const uint8_t *p, size_t n,
				   size_t *plen)
{
	struct ll_udp4 f;
	int e;
	switch (dlt) {
	case DLT_EN10MB: e = ll_frame_parse(p, n, &f); break;
	case DLT_LINUX_SLL:
		e = n < 16 || p[14] != 8 || p[15] != 0
			    ? LL_E_FRAME : ll_ipudp_parse(p + 16, n - 16, &f);
		break;
	case DLT_LINUX_SLL2:
		e = n < 20 || p[0] != 8 || p[1] != 0
			    ? LL_E_FRAME : ll_ipudp_parse(p + 20, n - 20, &f);
		break;
	case DLT_RAW: case DLT_IPV4: e = ll_ipudp_parse(p, n, &f); break;
	default: return NULL;
	}
	if (e != LL_OK && e != LL_E_CHECKSUM)
		return NULL;
	if (f.sport != 67 && f.sport != 68 && f.dport != 67 && f.dport != 68)
		return NULL;
	*plen = f.payload_len;
	return f.payload;
}

static int ll__pcap(struct ll__dec *d, FILE *fp, const char *name)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *pc = pcap_fopen_offline(fp, err);
	struct pcap_pkthdr *h;
	const u_char *pkt;
	unsigned idx = 0;
	int r;
	if (!pc) {
		fprintf(stderr, "lanlease-probe: %s: %s\n", name, err);
		return 2;
	}
	int dlt = pcap_datalink(pc);
	while ((r = pcap_next_ex(pc, &h, &pkt)) == 1) {
		size_t n;
		char what[64];
		idx++;
		const uint8_t *p = ll__pcap_udp(dlt, pkt, h->caplen, &n);
		if (!p)
			continue;
		snprintf(what, sizeof(what), "packet %u", idx);
		if (!(d->flags & LL_TEXT_JSON))
			printf("# packet %u\n", idx);
		ll__print(d, p, n, what);
	}
	if (r == -1)
		fprintf(stderr, "lanlease-probe: %s: %s\n", name,
			pcap_geterr(pc));
	pcap_close(pc);
	return r == -1 ? 2 : 0;
}

static int ll__buffer(struct ll__dec *d, uint8_t *buf, size_t n,
		      FILE *fp, const char *name)
{
	enum ll__in in = d->in;
	if (in == IN_AUTO)
		in = ll_looks_pcap(buf, n) ? IN_PCAP
		     : ll_looks_hex(buf, n) ? IN_HEX : IN_RAW;
	if (in == IN_PCAP) {
		FILE *mf = fp ? fp : fmemopen(buf, n, "rb");
		if (!mf)
			return 2;
		if (fp)
			rewind(fp);
		return ll__pcap(d, mf, name); /* pcap_close closes mf */
	}
	if (fp)
		fclose(fp);
	if (in == IN_HEX) {
		long k = ll_hex_text((const char *)buf, n, buf, n);
		if (k < 0) {
			fprintf(stderr, "lanlease-probe: %s: not valid hex\n", name);
			return 2;
		}
		n = (size_t)k;
	}
	ll__payload(d, buf, n, NULL);
	return 0;
}

static int ll__input(struct ll__dec *d, const char *path)
{
	FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t n;
	if (!fp) {
		fprintf(stderr, "lanlease-probe: %s: %s\n", path, strerror(errno));
		return 2;
	}
	uint8_t *buf = ll_read_all(fp, &n);
	if (!buf) {
		fprintf(stderr, "lanlease-probe: %s: %s\n", path, strerror(errno));
		return 2;
	}
	int r = ll__buffer(d, buf, n, fp == stdin ? NULL : fp, path);
	free(buf);
	return r;
}

static int ll__hex_args(struct ll__dec *d, int argc, char **argv)
{
	size_t tot = 0;
	for (int i = 0; i < argc; i++)
		tot += strlen(argv[i]) + 1;
	char *s = malloc(tot + 1);
	if (!s)
		return 2;
	s[0] = '\0';
	for (int i = 0; i < argc; i++) {
		strcat(s, argv[i]);
		strcat(s, " ");
	}
	d->in = IN_HEX;
	int r = ll__buffer(d, (uint8_t *)s, strlen(s), NULL, "argument");
	free(s);
	return r;
}

int ll_probe_decode(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "oneline", no_argument, NULL, '1' },
		{ "hex", no_argument, NULL, 'x' },
		{ "raw", no_argument, NULL, 'r' },
		{ "pcap", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ll__dec d = { 0, IN_AUTO, 0, 0 };
	int c, r = 0;
	while ((c = getopt_long(argc, argv, "j1xrph", lo, NULL)) != -1) {
		switch (c) {
		case 'j': d.flags |= LL_TEXT_JSON; break;
		case '1': d.flags |= LL_TEXT_ONELINE; break;
		case 'x': d.in = IN_HEX; break;
		case 'r': d.in = IN_RAW; break;
		case 'p': d.in = IN_PCAP; break;
		case 'h':
			puts("usage: lanlease-probe decode [--json|--oneline] "
			     "[--hex|--raw|--pcap] [FILE|-|HEX...]");
			return 0;
		default: return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		r = ll__input(&d, "-");
	else if (d.in == IN_HEX || (d.in == IN_AUTO && argc >= 1 &&
		 access(argv[0], R_OK) != 0 && strcmp(argv[0], "-") != 0))
		r = d.in == IN_HEX && argc == 1 && access(argv[0], R_OK) == 0
			    ? ll__input(&d, argv[0]) : ll__hex_args(&d, argc, argv);
	else
		for (int i = 0; i < argc && r != 2; i++)
			r = ll__input(&d, argv[i]);
	if (r == 2)
		return 2;
	return d.bad ? 1 : 0;
}
