/* Harness: what lanleased's HTTP service reads from a request before it
 * reaches the database or the packet path (src/lanleased/apireq.c).
 * The input is a query string, name=value&name=value (as libmicrohttpd
 * hands it over, decoded); every value goes through the MAC, lease-key
 * and path checks, and the whole set makes a trace's request.
 * Invariants: a MAC accepted is canonical; a lease key's condition is
 * one of three fixed texts (the value is bound, never spliced); a path
 * accepted has no "..", "//" or control bytes; a trace request that
 * builds parses back with the MAC it was given. */
#include <stdlib.h>
#include <string.h>

#include "apireq.h"
#include "lanlease/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NP 24
struct params {
	unsigned n;
	const char *k[NP], *v[NP];
};

static const char *get(const void *ctx, const char *name)
{
	const struct params *p = ctx;
	for (unsigned i = 0; i < p->n; i++)
		if (!strcmp(p->k[i], name))
			return p->v[i];
	return NULL;
}

static void split(char *s, struct params *p)
{
	p->n = 0;
	for (char *save = NULL, *t = strtok_r(s, "&", &save);
	     t && p->n < NP; t = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(t, '=');
		if (eq)
			*eq = '\0';
		p->k[p->n] = t;
		p->v[p->n++] = eq ? eq + 1 : "";
	}
}

static void check_value(const char *v)
{
	static struct ll_vars V;
	char mac[18], where[512];
	uint8_t hw[6];
	if (!ll_api_mac(v, mac, hw)) {
		char again[18];
		ll_api_macstr(hw, again);
		if (strlen(mac) != 17 || strcmp(mac, again))
			abort();
	}
	for (int circuit = 0; circuit < 2; circuit++) {
		ll_vars_init(&V);
		if (ll_api_lease_key(v, circuit, &V, where, sizeof(where)))
			continue;
		if (strcmp(where, "ip = {ip}") && strcmp(where, "mac = {mac}") &&
		    strcmp(where, "ip IN (SELECT ip FROM history WHERE "
				  "circuit_id = {circuit_id})"))
			abort();
		if (V.n != 1)
			abort();
	}
	if (!ll_api_bad_path(v) &&
	    (v[0] != '/' || strstr(v, "..") || strstr(v, "//")))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char s[4096];
	static struct ll_msg m, back;
	static uint8_t wire[1500];
	struct params p;
	size_t n = size < sizeof(s) - 1 ? size : sizeof(s) - 1;
	memcpy(s, data, n);
	s[n] = '\0';
	split(s, &p);
	for (unsigned i = 0; i < p.n; i++)
		check_value(p.v[i]);
	if (ll_api_trace_msg(get, &p, &m))
		return 0;
	int w = ll_msg_build(&m, wire, sizeof(wire), 0, 300);
	if (w < 0)
		return 0;
	if (ll_msg_parse(&back, wire, (size_t)w, NULL) != LL_OK)
		abort();
	uint8_t hw[6];
	char mac[18];
	if (ll_api_mac(get(&p, "mac"), mac, hw) || memcmp(back.chaddr, hw, 6))
		abort();
	return 0;
}
