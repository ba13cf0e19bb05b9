/* lanleased: what the HTTP service reads from a request before anything
 * reaches the database or the packet path (apireq.c). No sockets, no
 * libmicrohttpd: these take plain strings, so a fuzz harness
 * (fuzz/fuzz_httpreq.c) drives them as the service does. */
#ifndef LL_LANLEASED_APIREQ_H
#define LL_LANLEASED_APIREQ_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lanlease/lanlease.h"
#include "lanlease/vars.h"

/* A MAC in any usual spelling to "xx:xx:xx:xx:xx:xx"; 0 or -1. */
int ll_api_mac(const char *s, char out[18], uint8_t mac[6]);
void ll_api_macstr(const uint8_t m[6], char out[18]);
/* A lease's key as typed (an IP, a MAC, or with circuit a circuit-id
 * as text): the condition on the leases table into where, its value
 * bound in V; 0, or -1 when q is none of them. */
int ll_api_lease_key(const char *q, bool circuit, struct ll_vars *V,
		     char *where, size_t cap);
/* A path lanleased never serves: .., //, control characters. */
bool ll_api_bad_path(const char *url);

/* A trace's parameter by name (query string or JSON body); NULL when
 * absent. */
typedef const char *(*ll_api_param)(const void *ctx, const char *name);
/* The made-up request of a trace (lanleased-api(7), /api/v1/trace) in
 * m: mac, message, relay, ciaddr, requested, server_id, client_id,
 * hostname, circuit_id[_hex], remote_id[_hex], link_selection. NULL,
 * or what is wrong (for a 400). */
const char *ll_api_trace_msg(ll_api_param get, const void *ctx,
			     struct ll_msg *m);
#endif
