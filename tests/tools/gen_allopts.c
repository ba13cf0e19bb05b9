/* gen-allopts OUT.pcap OUT.json: writes one DHCPACK per option of the
 * table (plus variants), each carrying that option with a sample value
 * of its type, as Ethernet frames in a pcap; and the expected value of
 * each (our text form and hex) as JSON lines. Used by the tshark
 * cross-check. */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanlease/lanlease.h"

/* Sample values by code where the type's default does not fit. */
static const char *const ll_by_code[256] = {
	[22] = "1500", [23] = "64", [25] = "576,1500", [26] = "1400",
	[37] = "64", [43] = "hex:0102aabb", [46] = "8", [57] = "1500",
	[61] = "hex:0102000000aabb", [63] = "hex:050101", [93] = "0,7", [94] = "hex:010201",
	[97] = "hex:00112233445566778899aabbccddeeff00", [116] = "1",
	[145] = "1", [55] = "1,3,6,15,121",
};

static const char *const ll_by_type[LL_T__COUNT] = {
	[LL_T_BIN] = "hex:0102030405",
	[LL_T_STR] = "\"example\"",
	[LL_T_IP] = "10.1.2.3",
	[LL_T_IPS] = "10.1.2.3,10.1.2.4",
	[LL_T_IPPAIRS] = "10.0.0.0/255.0.0.0,192.168.0.0/255.255.0.0",
	[LL_T_U8] = "7", [LL_T_U16] = "1000", [LL_T_U32] = "3600",
	[LL_T_I32] = "-3600", [LL_T_BOOL] = "true", [LL_T_U8S] = "1,2,3",
	[LL_T_U16S] = "1000,2000", [LL_T_EMPTY] = "",
	[LL_T_DOMAINS] = "example.com,corp.example.com,lab.corp.example.com",
	[LL_T_DOMAIN] = "lost.example.com",
	[LL_T_FQDN] = "{flags=5,rcode1=0,rcode2=0,name=host.example.com.}",
	[LL_T_RELAY] = "{circuit-id=hex:000400010004,"
		       "remote-id=hex:0006c8be19931148,link-selection=10.0.0.1,"
		       "subscriber-id=\"sub-1\",server-id-override=10.0.0.2}",
	[LL_T_ROUTES] = "10.0.0.0/8->10.0.0.1,192.168.1.0/24->10.0.0.1,"
			"0.0.0.0/0->10.0.0.254",
	[LL_T_USERCLASS] = "\"alpha\",\"beta\"",
	[LL_T_SLPDA] = "{mandatory=1,addresses=[10.0.0.1,10.0.0.2]}",
	[LL_T_SLPSCOPE] = "{mandatory=0,scopes=\"default\"}",
	[LL_T_SIP] = "{names=[sip.example.com,sip2.example.com]}",
	[LL_T_ISNS] = "{functions=1,dd-access=1,admin-flags=1,security=1,"
		      "addresses=[10.0.0.1,10.0.0.2]}",
	[LL_T_VIVCO] = "{enterprise=32473,data=[\"class-a\",\"class-b\"]}",
	[LL_T_VIVSO] = "{enterprise=32473,1=hex:0102,2=\"text\"}",
	[LL_T_MOS] = "{1=[10.0.0.1],2=[10.0.0.2,10.0.0.3]}",
	[LL_T_FQDNMOS] = "{1=[is.example.com],2=[cs.example.com]}",
};

/* Extra packets: other encodings of the same options. */
static const struct { uint8_t code; const char *val; } ll_variants[] = {
	{ 120, "{addresses=[10.0.0.5,10.0.0.6]}" },
	{ 81, "{flags=1,rcode1=255,rcode2=255,name=\"ascii.example.com\"}" },
	{ 77, "hex:4d53465420352e30" }, /* Microsoft plain-text form */
	{ 82, "{circuit-id=\"eth0/1/2:100\",remote-id=hex:0006c8be1993}" },
	{ 249, "10.10.0.0/16->10.0.0.1" },
	{ 121, "0.0.0.0/0->10.0.0.1" },
};

static void ll_record(FILE *js, unsigned idx, uint8_t code, const char *type,
		      const uint8_t *d, size_t dl)
{
	char vb[4096], jb[8192];
	struct ll_sb sb, j;
	ll_sb_init(&sb, vb, sizeof(vb));
	if (code == 52)
		ll_sb_printf(&sb, "%u", d[0]);
	else
		ll_opt_format(&sb, code, d, dl);
	ll_sb_init(&j, jb, sizeof(jb));
	ll_sb_json_str(&j, (const uint8_t *)vb, sb.len);
	fprintf(js, "{\"frame\":%u,\"code\":%u,\"name\":\"%s\",\"type\":\"%s\","
		"\"value\":%s,\"hex\":\"", idx, code, ll_opt_name(code), type, jb);
	for (size_t i = 0; i < dl; i++)
		fprintf(js, "%02x", d[i]);
	fprintf(js, "\"}\n");
}

static void ll_dump(pcap_dumper_t *pd, unsigned idx, const uint8_t *wire,
		    size_t n)
{
	static uint8_t frame[LL_MSG_MAX + 64];
	struct ll_udp4 h = { .eth_src = { 2, 0, 0, 0, 0, 1 },
			     .eth_dst = { 2, 0, 0, 0xaa, 0xbb, 0xcc },
			     .ip_src = 0x0a000001, .ip_dst = 0x0a00000a,
			     .ttl = 64, .sport = 67, .dport = 68 };
	int fl = ll_frame_build(frame, sizeof(frame), &h, wire, n);
	struct pcap_pkthdr ph = { .ts = { .tv_sec = 1700000000 + idx },
				  .caplen = (bpf_u_int32)fl,
				  .len = (bpf_u_int32)fl };
	pcap_dump((u_char *)pd, &ph, frame);
}

/* An ACK too big for 576 bytes: option 52 and options in file and sname
 * (RFC 2132 9.3); every option of it is recorded. */
static int ll_emit_overload(pcap_dumper_t *pd, FILE *js, unsigned idx)
{
	static const char *const items[] = {
		"op=BOOTREPLY", "htype=1", "hlen=6", "xid=0x55667788",
		"yiaddr=10.0.0.10", "chaddr=02:00:00:aa:bb:cc",
		"dhcp-message-type=ACK", "dhcp-server-identifier=10.0.0.1",
		"dhcp-lease-time=86400", "subnet-mask=255.255.255.0",
		"routers=10.0.0.1,10.0.0.2,10.0.0.3,10.0.0.4,10.0.0.5",
		"domain-name-servers=10.0.1.1,10.0.1.2,10.0.1.3,10.0.1.4",
		"ntp-servers=10.0.2.1,10.0.2.2,10.0.2.3,10.0.2.4,10.0.2.5",
		"domain-name=\"a-rather-long-domain-name.example.net\"",
		"host-name=\"a-rather-long-host-name-for-this-test\"",
		"root-path=\"/export/root/a-rather-long-root-path/for/this/test\"",
		"merit-dump=\"/var/tmp/a-rather-long-merit-dump-file-name\"",
		"extensions-path=\"/a/rather/long/extensions/path/for/testing\"",
		"nis-domain=\"a-rather-long-nis-domain.example.net\"",
		"netbios-name-servers=10.0.3.1,10.0.3.2,10.0.3.3",
		"time-servers=10.0.4.1,10.0.4.2", "log-servers=10.0.5.1",
		"domain-search=example.net,corp.example.net",
		"nis-servers=10.0.6.1,10.0.6.2,10.0.6.3,10.0.6.4",
		"www-server=10.0.7.1,10.0.7.2,10.0.7.3",
		"smtp-server=10.0.8.1,10.0.8.2,10.0.8.3",
		NULL,
	};
	static struct ll_msg m, chk;
	static uint8_t wire[LL_MSG_MAX];
	ll_msg_init(&m);
	for (int i = 0; items[i]; i++)
		if (ll_msg_set_text(&m, items[i], strlen(items[i])) != 0)
			return -1;
	int n = ll_msg_build(&m, wire, sizeof(wire), 576, 0);
	if (n <= 0 || wire[240] != 52 || wire[242] != 3 ||
	    ll_msg_parse(&chk, wire, (size_t)n, NULL) != LL_OK ||
	    !ll_msg_equal(&m, &chk)) {
		fprintf(stderr, "gen-allopts: overload packet failed\n");
		return -1;
	}
	ll_dump(pd, idx, wire, (size_t)n);
	ll_record(js, idx, 52, "overload", wire + 242, 1);
	for (unsigned i = 0; i < chk.nopts; i++) {
		uint8_t c = chk.order[i];
		ll_record(js, idx, c, ll_otype_name(ll_opt_def(c)->type),
			  chk.data + chk.off[c], chk.len[c]);
	}
	return 0;
}

static int ll_emit(pcap_dumper_t *pd, FILE *js, unsigned idx, uint8_t code,
		   const char *val)
{
	static struct ll_msg m;
	static uint8_t wire[LL_MSG_MAX];
	char item[1024];
	ll_msg_init(&m);
	const char *hdr[] = { "op=BOOTREPLY", "htype=1", "hlen=6",
			      "xid=0x11223344", "yiaddr=10.0.0.10",
			      "chaddr=02:00:00:aa:bb:cc",
			      "dhcp-message-type=ACK",
			      "dhcp-server-identifier=10.0.0.1" };
	for (size_t i = 0; i < sizeof(hdr) / sizeof(hdr[0]); i++)
		ll_msg_set_text(&m, hdr[i], strlen(hdr[i]));
	snprintf(item, sizeof(item), "%u=%s", code, val);
	if (ll_msg_set_text(&m, item, strlen(item)) != 0) {
		fprintf(stderr, "gen-allopts: cannot set %s\n", item);
		return -1;
	}
	int n = ll_msg_build(&m, wire, sizeof(wire), 1500, 300);
	struct ll_msg chk;
	if (n < 0 || ll_msg_parse(&chk, wire, (size_t)n, NULL) != LL_OK) {
		fprintf(stderr, "gen-allopts: option %u does not round-trip\n",
			code);
		return -1;
	}
	ll_dump(pd, idx, wire, (size_t)n);
	size_t dl;
	const uint8_t *d = ll_msg_get(&chk, code, &dl);
	ll_record(js, idx, code, ll_otype_name(ll_opt_def(code)->type), d, dl);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: gen-allopts OUT.pcap OUT.jsonl\n");
		return 2;
	}
	pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
	pcap_dumper_t *pd = pcap_dump_open(dead, argv[1]);
	FILE *js = fopen(argv[2], "w");
	unsigned idx = 0;
	int rc = 0;
	if (!pd || !js) {
		fprintf(stderr, "gen-allopts: cannot open outputs\n");
		return 2;
	}
	for (unsigned c = 1; c < 255; c++) {
		const struct ll_opt_def *def = ll_opt_def((uint8_t)c);
		if (!def || c == 52 || c == 53 || c == 54)
			continue;
		const char *v = ll_by_code[c] ? ll_by_code[c]
					      : ll_by_type[def->type];
		rc |= ll_emit(pd, js, ++idx, (uint8_t)c, v);
	}
	rc |= ll_emit(pd, js, ++idx, 53, "ACK");
	rc |= ll_emit(pd, js, ++idx, 54, "10.0.0.1");
	for (size_t i = 0; i < sizeof(ll_variants) / sizeof(ll_variants[0]); i++)
		rc |= ll_emit(pd, js, ++idx, ll_variants[i].code,
			      ll_variants[i].val);
	rc |= ll_emit_overload(pd, js, ++idx);
	pcap_dump_close(pd);
	pcap_close(dead);
	fclose(js);
	return rc ? 1 : 0;
}
