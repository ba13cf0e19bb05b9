/* lanlease-probe audit-client PCAP: checks a capture of a client's
 * packets against the RFC 7844 anonymity profile, the ten points of the
 * lanlease-client checklist, and prints PASS, FAIL or N/A per point.
 * Server replies in the capture tell which address went to which MAC. */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanlease/lanlease.h"
#include "probe.h"

#define MAXM 4096

struct ll__cm {            /* one client message */
	struct ll_msg m;
	uint8_t eth_src[6];
	uint16_t ip_id;
	size_t len;
};

struct ll__given {         /* an address a server gave to a chaddr */
	uint32_t ip;
	uint8_t mac[6];
};

struct ll__audit {
	struct ll__cm *cm;
	size_t n;
	struct ll__given given[MAXM];
	size_t ngiven;
	uint8_t prl[255];
	size_t prl_len;
	int verdict[11];       /* 1 pass, 0 fail, -1 n/a */
	char why[11][160];
};

static void ll__fail(struct ll__audit *A, int p, const char *fmt, unsigned v)
{
	if (A->verdict[p] == 0)
		return; /* keep the first reason */
	A->verdict[p] = 0;
	snprintf(A->why[p], sizeof(A->why[p]), fmt, v);
}

static int ll__load(struct ll__audit *A, const char *path)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *pc = pcap_open_offline(path, err);
	struct pcap_pkthdr *h;
	const u_char *p;
	if (!pc) {
		fprintf(stderr, "lanlease-probe: %s: %s\n", path, err);
		return -1;
	}
	while (pcap_next_ex(pc, &h, &p) == 1 && A->n < MAXM) {
		struct ll_udp4 u;
		int e = ll_frame_parse(p, h->caplen, &u);
		if (e != LL_OK && e != LL_E_CHECKSUM)
			continue;
		struct ll__cm *c = &A->cm[A->n];
		if (ll_msg_parse(&c->m, u.payload, u.payload_len, NULL) != LL_OK)
			continue;
		if (u.sport == 68 && u.dport == 67 && c->m.op == LL_BOOTREQUEST) {
			memcpy(c->eth_src, u.eth_src, 6);
			c->ip_id = u.ip_id;
			c->len = u.payload_len;
			A->n++;
		} else if (u.sport == 67 && c->m.op == LL_BOOTREPLY &&
			   c->m.yiaddr && A->ngiven < MAXM) {
			A->given[A->ngiven].ip = c->m.yiaddr;
			memcpy(A->given[A->ngiven++].mac, c->m.chaddr, 6);
		}
	}
	pcap_close(pc);
	return 0;
}

/* 1: DISCOVER only 53, 55, 61; REQUEST adds only 50 and 54. */
static void ll__p1(struct ll__audit *A, const struct ll_msg *m, bool req)
{
	for (unsigned i = 0; i < m->nopts; i++) {
		uint8_t c = m->order[i];
		if (c != 53 && c != 55 && c != 61 && !(req && (c == 50 || c == 54)))
			ll__fail(A, 1, "sends option %u", c);
	}
}

/* 3: no 50 in DISCOVER, no INIT-REBOOT, no address of another MAC. */
static void ll__p3(struct ll__audit *A, const struct ll_msg *m)
{
	uint32_t a = 0;
	enum ll_msgtype t = ll_msg_type(m);
	if (t == LL_DISCOVER && ll_msg_has(m, 50))
		ll__fail(A, 3, "DISCOVER requests an address (option %u)", 50);
	if (t == LL_REQUEST && !ll_msg_has(m, 54) && !m->ciaddr)
		ll__fail(A, 3, "INIT-REBOOT: a REQUEST without %u", 54);
	if (ll_msg_get_ip(m, 50, &a) != 0)
		a = m->ciaddr;
	for (size_t g = 0; a && g < A->ngiven; g++)
		if (A->given[g].ip == a && memcmp(A->given[g].mac, m->chaddr, 6))
			ll__fail(A, 3, "reuses an address given to another MAC%.0u", 0);
}

static void ll__p6(struct ll__audit *A, const struct ll_msg *m)
{
	size_t n;
	const uint8_t *p = ll_msg_get(m, 55, &n);
	if (!p)
		ll__fail(A, 6, "a message without option %u", 55);
	else if (n != A->prl_len || memcmp(p, A->prl, n))
		ll__fail(A, 6, "parameter list differs (%u codes)", (unsigned)n);
}

static void ll__each(struct ll__audit *A, const struct ll__cm *c)
{
	static const uint8_t never[] = { 12, 81, 60, 77, 43, 124, 125, 93, 94,
					 97, 57, 80, 161 };
	const struct ll_msg *m = &c->m;
	enum ll_msgtype t = ll_msg_type(m);
	ll__p1(A, m, t == LL_REQUEST && ll_msg_has(m, 54));
	ll__p3(A, m);
	if (memcmp(c->eth_src, m->chaddr, 6))
		ll__fail(A, 4, "Ethernet source is not chaddr%.0u", 0);
	size_t cl;
	const uint8_t *cid = ll_msg_get(m, 61, &cl);
	if (cid && (cl != 7 || cid[0] != 1 || memcmp(cid + 1, m->chaddr, 6)))
		ll__fail(A, 5, "client-id is not 0x01 + the MAC (%u bytes)",
			 (unsigned)cl);
	if (t == LL_DISCOVER || t == LL_REQUEST)
		ll__p6(A, m);
	for (size_t i = 0; i < sizeof(never); i++)
		if (ll_msg_has(m, never[i]))
			ll__fail(A, 7, "sends option %u", never[i]);
	if (t == LL_RELEASE)
		ll__fail(A, 8, "sends a RELEASE%.0u", 0);
	if (c->len < 300)
		ll__fail(A, 9, "a message of %u bytes (not padded to 300)",
			 (unsigned)c->len);
	if ((m->chaddr[0] & 0x03) != 0x02)
		ll__fail(A, 10, "MAC is not locally administered unicast (%02x:..)",
			 m->chaddr[0]);
}

/* 2: orders of DISCOVERs differ; 9: xids and IP IDs not predictable. */
static void ll__across(struct ll__audit *A)
{
	const struct ll_msg *first = NULL, *prev = NULL;
	bool varied = false;
	size_t discovers = 0, seqx = 0, seqid = 0, sameid = 0;
	for (size_t i = 0; i < A->n; i++) {
		const struct ll_msg *m = &A->cm[i].m;
		if (i > 0) {
			uint16_t d = (uint16_t)(A->cm[i].ip_id - A->cm[i - 1].ip_id);
			seqid += d == 1;
			sameid += d == 0;
		}
		if (ll_msg_type(m) != LL_DISCOVER)
			continue;
		if (first && (first->nopts != m->nopts ||
			      memcmp(first->order, m->order, m->nopts)))
			varied = true;
		if (prev && (m->xid == prev->xid + 1 || m->xid == prev->xid))
			seqx++;
		first = first ? first : m;
		prev = m;
		discovers++;
	}
	if (discovers < 2)
		A->verdict[2] = -1, snprintf(A->why[2], 160, "fewer than 2 DISCOVERs");
	else if (!varied)
		ll__fail(A, 2, "one option order in all %u DISCOVERs",
			 (unsigned)discovers);
	if (seqx)
		ll__fail(A, 9, "xid repeats or counts up (%u times)", (unsigned)seqx);
	if (A->n >= 3 && (seqid * 2 >= A->n - 1 || sameid * 2 >= A->n - 1))
		ll__fail(A, 9, "IP ID is constant or sequential%.0u", 0);
}

static const char *const ll__points[11] = {
	NULL,
	"DISCOVER carries only 53, 55, 61; REQUEST adds only 50, 54",
	"option order is randomised",
	"no 50 in DISCOVER, no INIT-REBOOT, no address of another MAC",
	"chaddr is the Ethernet source",
	"client-id is 0x01 + the current MAC",
	"parameter list is the profile's, the same in every message",
	"never 12, 81, 60, 77, 43, 124, 125, 93, 94, 97, 57, 80, 161",
	"never a RELEASE",
	"random xid per exchange, random IP ID, padded to 300 bytes",
	"a locally administered unicast MAC",
};

int ll_probe_audit(int argc, char **argv)
{
	static struct ll__audit A;
	static const uint8_t prl[] = { 1, 3, 6, 15, 31, 33, 43, 44, 46, 47,
				       121, 249, 252 };
	const char *path = NULL;
	memcpy(A.prl, prl, sizeof(prl));
	A.prl_len = sizeof(prl);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--prl") && i + 1 < argc) {
			uint8_t tmp[300];
			const char *v = argv[++i];
			int k = ll_opt_parse(55, v, strlen(v), tmp, sizeof(tmp));
			if (k <= 0 || k > 255)
				return 2;
			memcpy(A.prl, tmp, (size_t)k);
			A.prl_len = (size_t)k;
		} else if (!path && argv[i][0] != '-') {
			path = argv[i];
		} else {
			path = NULL;
			break;
		}
	}
	if (!path) {
		fprintf(stderr, "usage: lanlease-probe audit-client [--prl "
			"1,3,...] CAPTURE.pcap\n");
		return 2;
	}
	A.cm = calloc(MAXM, sizeof(*A.cm));
	if (!A.cm || ll__load(&A, path) < 0)
		return 2;
	for (int p = 1; p <= 10; p++)
		A.verdict[p] = 1;
	for (size_t i = 0; i < A.n; i++)
		ll__each(&A, &A.cm[i]);
	ll__across(&A);
	int fails = 0;
	printf("audit-client: %s: %zu client messages\n", path, A.n);
	for (int p = 1; p <= 10; p++) {
		const char *v = A.verdict[p] > 0 ? "PASS" : A.verdict[p] ? "N/A"
								    : "FAIL";
		fails += A.verdict[p] == 0;
		printf("%2d %-4s %s%s%s%s\n", p, v, ll__points[p],
		       A.why[p][0] ? " (" : "", A.why[p], A.why[p][0] ? ")" : "");
	}
	free(A.cm);
	if (A.n == 0) {
		fprintf(stderr, "audit-client: no client messages in %s\n", path);
		return 2;
	}
	return fails ? 1 : 0;
}
