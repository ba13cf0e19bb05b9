/* lanlease-probe fuzz TARGET: sends legal and illegal packets, checks
 * every N packets that the target still answers a valid DISCOVER, and
 * when it stops, saves the packets sent since the last good check as
 * reproducers and exits non-zero. Deterministic for a given --seed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "craft.h"
#include "fuzz.h"
#include "probe.h"

struct ll__fopt {
	uint64_t count;
	long every;
	double rate;
	const char *out;
};

struct ll__sent {
	uint8_t p[1500];
	size_t n;
	uint64_t k;
	const char *cls;
};

static int ll__base(struct ll_fuzz *F, struct ll_craft *c, struct ll_xport *x)
{
	static struct ll_msg m;
	if (ll_craft_msg(c, x, &m, LL_DISCOVER))
		return -1;
	int n = ll_msg_build(&m, F->base, sizeof(F->base), 1500, 0);
	if (n < 0)
		return -1;
	F->base_len = (size_t)n;
	F->base_end = (size_t)n - 1;
	for (size_t i = 240; i + 2 < F->base_len; i += 2u + F->base[i + 1])
		if (F->base[i] == 53)
			F->base_type_off = i + 2;
	return 0;
}

static void ll__send_raw(struct ll_craft *c, struct ll_xport *x,
			 const uint8_t *p, size_t n)
{
	static uint8_t f[LL_MSG_MAX + 64];
	if (c->relay) {
		ll_xport_send_udp(x, c->server, 67, p, n);
		return;
	}
	struct ll_udp4 h = { .ip_dst = 0xFFFFFFFF, .ttl = 64, .sport = 68,
			     .dport = 67 };
	memcpy(h.eth_src, c->src_mac, 6);
	memset(h.eth_dst, 0xFF, 6);
	int fl = ll_frame_build(f, sizeof(f), &h, p, n);
	if (fl > 0)
		ll_xport_send_frame(x, f, (size_t)fl);
}

static void ll__drain(struct ll_xport *x)
{
	static uint8_t b[LL_MSG_MAX + 64];
	while (ll_xport_recv(x, b, sizeof(b), 0, NULL) > 0)
		;
}

/* A valid DISCOVER must get an OFFER: 3 tries of 2 s. */
static bool ll__alive(struct ll_craft *c, struct ll_xport *x)
{
	static struct ll_msg m, reply;
	ll__drain(x);
	if (ll_craft_msg(c, x, &m, LL_DISCOVER))
		return false;
	for (int t = 0; t < 3; t++) {
		if (ll_probe_send(c, x, &m))
			return false;
		if (ll_probe_wait(c, x, &m, &reply, 2000) == 1 &&
		    ll_msg_type(&reply) == LL_OFFER)
			return true;
	}
	return false;
}

static void ll__save(const struct ll__fopt *o, const struct ll__sent *ring,
		     size_t nring, uint64_t first)
{
	mkdir(o->out, 0755);
	pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
	char path[4200];
	snprintf(path, sizeof(path), "%s/reproducers.pcap", o->out);
	pcap_dumper_t *pd = dead ? pcap_dump_open(dead, path) : NULL;
	for (uint64_t k = first; k < first + nring; k++) {
		const struct ll__sent *s = &ring[k % nring];
		if (s->k != k)
			continue;
		snprintf(path, sizeof(path), "%s/case-%06llu.bin", o->out,
			 (unsigned long long)k);
		FILE *f = fopen(path, "wb");
		if (f) {
			fwrite(s->p, 1, s->n, f);
			fclose(f);
		}
		fprintf(stderr, "fuzz: saved %s (%zu bytes, %s)\n", path, s->n,
			s->cls);
		if (pd) {
			static uint8_t fr[1600];
			struct ll_udp4 h = { .ip_dst = 0xFFFFFFFF, .ttl = 64,
					     .sport = 68, .dport = 67 };
			int fl = ll_frame_build(fr, sizeof(fr), &h, s->p, s->n);
			struct pcap_pkthdr ph = { .caplen = (bpf_u_int32)fl,
						  .len = (bpf_u_int32)fl };
			if (fl > 0)
				pcap_dump((u_char *)pd, &ph, fr);
		}
	}
	if (pd)
		pcap_dump_close(pd);
	if (dead)
		pcap_close(dead);
}

static void ll__pace(double rate, uint64_t sent, int64_t t0)
{
	if (rate <= 0)
		return;
	int64_t due = t0 + (int64_t)((double)sent * 1000.0 / rate);
	int64_t now = ll_now_ms();
	if (due > now) {
		struct timespec ts = { 0, (long)(due - now) * 1000000L };
		nanosleep(&ts, NULL);
	}
}

static int ll__run(struct ll_craft *c, struct ll_xport *x, struct ll_fuzz *F,
		   const struct ll__fopt *o)
{
	static uint8_t p[LL_MSG_MAX];
	size_t nring = (size_t)o->every;
	struct ll__sent *ring = calloc(nring, sizeof(*ring));
	uint64_t checks = 0, since = 0, counts[5] = { 0 };
	int64_t t0 = ll_now_ms();
	if (!ring || !ll__alive(c, x)) {
		fprintf(stderr, "fuzz: the target does not answer a valid "
			"DISCOVER before fuzzing\n");
		free(ring);
		return LL_X_NOREPLY;
	}
	for (uint64_t k = 0; k < o->count; k++) {
		const char *cls;
		size_t n = ll_fuzz_case(F, k, p, &cls);
		if (n > sizeof(ring[0].p))
			n = sizeof(ring[0].p);
		struct ll__sent *s = &ring[k % nring];
		memcpy(s->p, p, n);
		s->n = n;
		s->k = k;
		s->cls = cls;
		ll__send_raw(c, x, p, n);
		counts[!strcmp(cls, "prefix") ? 0 : !strcmp(cls, "wrong-length") ? 1
		       : !strcmp(cls, "bad-input") ? 2 : !strcmp(cls, "mutation")
		       ? 4 : 3]++;
		ll__drain(x);
		ll__pace(o->rate, k + 1, t0);
		if (++since < (uint64_t)o->every && k + 1 < o->count)
			continue;
		if (!ll__alive(c, x)) {
			fprintf(stderr, "fuzz: the target stopped answering after "
				"case %llu; saving the last %llu packets\n",
				(unsigned long long)k, (unsigned long long)since);
			ll__save(o, ring, nring, k + 1 - since);
			free(ring);
			return LL_X_ERROR;
		}
		checks++;
		since = 0;
	}
	printf("fuzz: %llu packets (prefix %llu, wrong-length %llu, bad-input "
	       "%llu, advisories %llu, mutations %llu), seed %llu, %llu "
	       "liveness checks passed: the target survived\n",
	       (unsigned long long)o->count, (unsigned long long)counts[0],
	       (unsigned long long)counts[1], (unsigned long long)counts[2],
	       (unsigned long long)counts[3], (unsigned long long)counts[4],
	       (unsigned long long)F->seed, (unsigned long long)checks);
	free(ring);
	return 0;
}

int ll_probe_fuzz(int argc, char **argv)
{
	static struct ll_fuzz F;
	struct ll__fopt o = { .every = 100, .rate = 2000, .out = "lanlease-fuzz" };
	char **rest = calloc((size_t)argc + 1, sizeof(char *));
	int n = 0;
	uint64_t extra = 2000;
	bool have_count = false;
	if (!rest)
		return LL_X_ERROR;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--count") && v) {
			o.count = strtoull(v, NULL, 0);
			have_count = true;
			i++;
		} else if (!strcmp(a, "--check-every") && v) {
			o.every = atol(argv[++i]);
		} else if (!strcmp(a, "--rate") && v) {
			o.rate = atof(argv[++i]);
		} else if (!strcmp(a, "--out") && v) {
			o.out = argv[++i];
		} else {
			rest[n++] = argv[i];
		}
	}
	struct ll_craft c;
	struct ll_xport x = { .fd = -1 };
	int idx = ll_craft_args(&c, n, rest, "fuzz");
	free(rest);
	if (idx < 0 || idx != n || o.every < 1) {
		fprintf(stderr, "usage: lanlease-probe fuzz (-i IFACE | --relay "
			"SERVER) [--seed N] [--count N] [--check-every N] "
			"[--rate PPS] [--out DIR]\n");
		return LL_X_USAGE;
	}
	c.quiet = true;
	c.timeout_ms = 2000;
	if (!c.seed)
		c.seed = 1;
	F.seed = c.seed;
	int rc = ll_craft_open(&c, &x);
	if (!rc && ll__base(&F, &c, &x))
		rc = LL_X_USAGE;
	if (!have_count)
		o.count = ll_fuzz_fixed_cases(&F) + extra;
	if (!rc)
		rc = ll__run(&c, &x, &F, &o);
	ll_craft_close(&c);
	ll_xport_close(&x);
	return rc;
}
