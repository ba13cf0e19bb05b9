/* The cases of lanlease-probe fuzz, in a fixed order: every prefix of
 * a valid request, every option with wrong lengths, the codec's classes
 * of bad input, packets rebuilt from advisories of DHCP implementations,
 * then seeded random mutations. Case k is a pure function of k and the
 * seed, so a run can be repeated exactly. */
#include <string.h>

#include "fuzz.h"

/* Packets rebuilt from public advisories: each is the option layout
 * that an advisory describes, carried by a BOOTREQUEST. */
static const struct ll_cve {
	const char *name;
	const char *items; /* text-form items added to the base DISCOVER */
	const char *raw;   /* or raw option bytes (hex) appended instead */
} ll__cves[] = {
	{ "CVE-2009-0692 dhclient: subnet mask longer than 4", NULL,
	  "0108ffffff00ffffff00" },
	{ "CVE-2011-2716 udhcpc: shell metacharacters in host-name",
	  "host-name=\"x;touch /tmp/lanlease-pwned;#\"", NULL },
	{ "CVE-2018-1111 dhclient NM hook: quote in wpad-url",
	  "wpad-url=\"x'&touch /tmp/lanlease-pwned #\"", NULL },
	{ "CVE-2018-5732 dhclient: many options overflow", NULL,
	  "0100010001000100010001000100010001000100010001000100" },
	{ "CVE-2018-20679 udhcpd: lease time of length 1", NULL, "3301ff" },
	{ "CVE-2019-5747 udhcp: server identifier of length 1", NULL, "3601ff" },
	{ "CVE-2019-6473 kea-dhcp4: host-name of one dot", "host-name=\".\"",
	  NULL },
	{ "CVE-2019-6473 kea-dhcp4: host-name with empty labels",
	  "host-name=\"a..b.\"", NULL },
	{ "CVE-2019-6473 kea-dhcp4: host-name with NUL bytes",
	  "host-name=\"a\\x00b\\x00\"", NULL },
	{ "CVE-2019-6473 kea-dhcp4: FQDN of dots",
	  "fqdn=hex:050000c0", NULL },
	{ "CVE-2019-11578 dhcpcd: authentication option cut short", NULL,
	  "5a0301" },
	{ "CVE-2019-11579 dhcpcd: overload option at the very end", NULL,
	  "34" },
	{ "CVE-2021-25217 ISC: client-id with colon-hex text",
	  "dhcp-client-identifier=\"61:62:63:64:65:66:67:68:69:6a:6b\"", NULL },
	{ "CVE-2015-8605 ISC: option length past the packet", NULL, "0cff6162" },
	{ "ISC dhcpd 4.1: relay agent option with sub-option overrun", NULL,
	  "5204010a0102" },
	{ "dnsmasq: domain search with a pointer loop", NULL,
	  "7704c000c000" },
	{ "Kea 1.x: vendor class of length 0", NULL, "3c00" },
	{ "udhcpd: parameter list of 255 codes", NULL,
	  "37ff0102030405060708090a0b0c0d0e0f1011121314151617181920212223"
	  "2425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40414243"
	  "4445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f60616263"
	  "6465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f80818283"
	  "8485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3"
	  "a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3"
	  "c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3"
	  "e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff00" },
};

#define NCVE (sizeof(ll__cves) / sizeof(ll__cves[0]))

/* The codec's classes of bad input (the foundation's list), as edits of
 * the base packet. */
enum { BAD_COOKIE, BAD_OVERRUN, BAD_PADS, BAD_OVL0, BAD_OVL4, BAD_OVLNEST,
       BAD_DUP53, BAD_DUP50, BAD_DUP54, BAD_CID3, BAD_HLEN0, BAD_HLEN17,
       BAD_HLEN255, BAD_OP2, BAD_119LOOP, BAD_119FWD, BAD_119OOR,
       BAD_119LBL, BAD_121P33, BAD_121CUT, BAD_81LBL, BAD_57_0, BAD_57_1,
       BAD_57_575, BAD_NOEND, BAD_AFTEREND, BAD_TYPE0, BAD_TYPE9,
       BAD_TYPE18, BAD_TYPE255, BAD__N };

static size_t ll__opt(uint8_t *p, uint8_t code, const void *d, uint8_t n)
{
	p[0] = code;
	p[1] = n;
	if (n)
		memcpy(p + 2, d, n);
	return 2u + n;
}

/* Base packet without its END: returns the length of header+options. */
static size_t ll__base_open(const struct ll_fuzz *F, uint8_t *out)
{
	memcpy(out, F->base, F->base_len);
	size_t n = F->base_end; /* offset of the END option */
	return n;
}

static size_t ll__bad_edit(const struct ll_fuzz *F, int k, uint8_t *o)
{
	static uint8_t zeros[300], ff[300];
	memset(ff, 'x', sizeof(ff));
	size_t n = ll__base_open(F, o);
	switch (k) {
	case BAD_COOKIE: o[238] ^= 0xFF; return F->base_len;
	case BAD_OVERRUN: o[n++] = 12; o[n++] = 200; o[n++] = 'a'; return n;
	case BAD_PADS: memset(o + n, 0, 1000); n += 1000; break;
	case BAD_OVL0: n += ll__opt(o + n, 52, NULL, 0); break;
	case BAD_OVL4: n += ll__opt(o + n, 52, "\x04", 1); break;
	case BAD_OVLNEST:
		n += ll__opt(o + n, 52, "\x01", 1);
		memcpy(o + 108, "\x34\x01\x03\xff", 4);
		break;
	case BAD_DUP53: n += ll__opt(o + n, 53, "\x03", 1); break;
	case BAD_DUP50:
		n += ll__opt(o + n, 50, "\x0a\x00\x00\x01", 4);
		n += ll__opt(o + n, 50, "\x0a\x00\x00\x02", 4);
		break;
	case BAD_DUP54:
		n += ll__opt(o + n, 54, "\x0a\x00\x00\x01", 4);
		n += ll__opt(o + n, 54, "\x0a\x00\x00\x02", 4);
		break;
	case BAD_CID3:
		for (int i = 0; i < 3; i++)
			n += ll__opt(o + n, 61, ff, 120);
		break;
	case BAD_HLEN0: o[2] = 0; return F->base_len;
	case BAD_HLEN17: o[2] = 17; return F->base_len;
	case BAD_HLEN255: o[2] = 255; return F->base_len;
	case BAD_OP2: o[0] = 2; return F->base_len;
	case BAD_119LOOP: n += ll__opt(o + n, 119, "\x01" "a\xc0\x00", 4); break;
	case BAD_119FWD: n += ll__opt(o + n, 119, "\xc0\x02\x01" "a\x00", 5); break;
	case BAD_119OOR: n += ll__opt(o + n, 119, "\x01" "a\x00\xc0\xff", 5); break;
	case BAD_119LBL:
		o[n] = 119; o[n + 1] = 66; o[n + 2] = 64;
		memset(o + n + 3, 'q', 64); o[n + 67] = 0; n += 68;
		break;
	case BAD_121P33:
		n += ll__opt(o + n, 121, "\x21\x0a\x00\x00\x00\x00\x0a\x00\x00\x01", 10);
		break;
	case BAD_121CUT: n += ll__opt(o + n, 121, "\x18\x0a\x00\x00\x0a", 5); break;
	case BAD_81LBL:
		o[n] = 81; o[n + 1] = 70; o[n + 2] = 5; o[n + 3] = 0; o[n + 4] = 0;
		o[n + 5] = 64; memset(o + n + 6, 'q', 64); o[n + 70] = 0;
		n += 71;
		break;
	case BAD_57_0: n += ll__opt(o + n, 57, "\x00\x00", 2); break;
	case BAD_57_1: n += ll__opt(o + n, 57, "\x00\x01", 2); break;
	case BAD_57_575: n += ll__opt(o + n, 57, "\x02\x3f", 2); break;
	case BAD_NOEND: return n;
	case BAD_AFTEREND:
		o[n++] = 255;
		n += ll__opt(o + n, 53, "\x05", 1);
		return n;
	case BAD_TYPE0: case BAD_TYPE9: case BAD_TYPE18: case BAD_TYPE255: {
		static const uint8_t t[] = { 0, 9, 18, 255 };
		o[F->base_type_off] = t[k - BAD_TYPE0];
		return F->base_len;
	}
	}
	(void)zeros;
	o[n++] = 255;
	return n;
}

/* Every option code (1..254 but 52/53, which the bad classes cover)
 * with lengths 0, 1, 2, 3, 5 and 255 (the last overruns the packet). */
static const uint8_t ll__badlens[] = { 0, 1, 2, 3, 5, 255 };
#define NBADLEN sizeof(ll__badlens)
#define NCODES 252u

static size_t ll__wronglen(const struct ll_fuzz *F, uint64_t k, uint8_t *o)
{
	uint8_t code = (uint8_t)(1 + k / NBADLEN);
	uint8_t len = ll__badlens[k % NBADLEN];
	size_t n = ll__base_open(F, o);
	if (code >= 52)
		code += 2;
	o[n++] = code;
	o[n++] = len;
	size_t have = len == 255 ? 7 : len;
	for (size_t i = 0; i < have; i++)
		o[n++] = (uint8_t)(0x41 + i);
	o[n++] = 255;
	return n;
}

static size_t ll__cve(struct ll_fuzz *F, size_t k, uint8_t *o)
{
	const struct ll_cve *v = &ll__cves[k];
	size_t n = ll__base_open(F, o);
	if (v->items) {
		struct ll_msg *m = &F->scratch;
		if (ll_msg_parse(m, F->base, F->base_len, NULL) == LL_OK &&
		    ll_msg_set_text(m, v->items, strlen(v->items)) == 0) {
			int b = ll_msg_build(m, o, LL_MSG_MAX, LL_MSG_MAX + 28, 300);
			if (b > 0)
				return (size_t)b;
		}
		o[n++] = 255;
		return n;
	}
	int r = ll_hex_parse(v->raw, strlen(v->raw), o + n, 4096);
	n += r > 0 ? (size_t)r : 0;
	if (strlen(v->raw) > 2) /* "34" alone: the overload code is last */
		o[n++] = 255;
	return n;
}

static uint64_t ll__rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1Dull;
}

/* A seeded mutation of the base packet: flips, sets, inserts, deletes,
 * length bytes changed, options repeated, the end cut. */
static size_t ll__mutate(const struct ll_fuzz *F, uint64_t k, uint8_t *o)
{
	uint64_t s = F->seed * 0x9E3779B97F4A7C15ull + k + 1;
	size_t n = F->base_len;
	memcpy(o, F->base, n);
	int edits = 1 + (int)(ll__rnd(&s) % 8);
	for (int e = 0; e < edits && n > 0; e++) {
		size_t at = (size_t)(ll__rnd(&s) % n);
		switch (ll__rnd(&s) % 7) {
		case 0: o[at] ^= (uint8_t)(1u << (ll__rnd(&s) % 8)); break;
		case 1: o[at] = (uint8_t)ll__rnd(&s); break;
		case 2: if (n < 1400) { memmove(o + at + 1, o + at, n - at);
				o[at] = (uint8_t)ll__rnd(&s); n++; } break;
		case 3: memmove(o + at, o + at + 1, n - at - 1); n--; break;
		case 4: { /* a byte among the options (often a length) */
			size_t end = n < F->base_end ? n : F->base_end;
			if (end > 242)
				o[241 + ll__rnd(&s) % (end - 241)] =
					(uint8_t)ll__rnd(&s);
			break;
		}
		case 5: /* a small option inserted among the options; the
			 * packet may have been cut shorter than the base */
			if (n >= 240 && n + 8 < 1400) {
				size_t a = 240 + ll__rnd(&s) % (n - 240 + 1);
				memmove(o + a + 3, o + a, n - a);
				o[a] = (uint8_t)ll__rnd(&s); o[a + 1] = 1;
				o[a + 2] = (uint8_t)ll__rnd(&s); n += 3;
			}
			break;
		default: n = at > 0 ? at : 1; break;
		}
	}
	return n;
}

uint64_t ll_fuzz_fixed_cases(const struct ll_fuzz *F)
{
	return F->base_len + NCODES * NBADLEN + BAD__N + NCVE;
}

size_t ll_fuzz_case(struct ll_fuzz *F, uint64_t k, uint8_t *out,
		    const char **cls)
{
	if (k < F->base_len) {
		*cls = "prefix";
		memcpy(out, F->base, (size_t)k);
		return (size_t)k;
	}
	k -= F->base_len;
	if (k < NCODES * NBADLEN) {
		*cls = "wrong-length";
		return ll__wronglen(F, k, out);
	}
	k -= NCODES * NBADLEN;
	if (k < BAD__N) {
		*cls = "bad-input";
		return ll__bad_edit(F, (int)k, out);
	}
	k -= BAD__N;
	if (k < NCVE) {
		*cls = ll__cves[k].name;
		return ll__cve(F, (size_t)k, out);
	}
	*cls = "mutation";
	return ll__mutate(F, k - NCVE, out);
}
