/* Harness: any message that parses goes through the server's
 * classification, decision and reply build; the reply must parse back,
 * answer the same xid, and carry Option 82 last when the request had it. */
#include <stdlib.h>
#include <string.h>

#include "lanlease/lanlease.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ll_msg req, reply, opts, back;
	static uint8_t wire[LL_MSG_MAX];
	static const uint8_t always[] = { 1, 3, 6, 15, 28 };
	if (ll_msg_parse(&req, data, size, NULL) != LL_OK)
		return 0;
	const char *t = "subnet-mask=255.255.255.0 routers=10.0.0.1 "
			"domain-name-servers=10.0.0.2 domain-name=\"example.net\"";
	struct ll_perr pe;
	ll_msg_init(&opts);
	ll_msg_from_text(&opts, t, strlen(t), &pe);
	struct ll_def def = { .ip = 0x0a000007, .opts = &opts };
	struct ll_srv_config cfg = { .default_lease = 3600, .always = always,
				     .nalways = sizeof(always),
				     .authoritative = size & 1,
				     .rapid_commit = size & 2 };
	struct ll_arrival arr = { .server_id = 0x0a000001,
				  .broadcast = (size & 4) != 0 };
	struct ll_lease_view lv = { .held_by_other = (size & 8) != 0,
				    .held_by_client = (size & 16) != 0 };
	enum ll_drop why;
	enum ll_method m = ll_srv_classify(&req, &arr, &why);
	struct ll_decision d;
	ll_srv_decide(&cfg, &arr, &req, m, (size & 32) ? NULL : &def, &lv,
		      &reply, &d);
	if (d.reply == LL_R_NONE)
		return 0;
	int n = ll_msg_build(&reply, wire, sizeof(wire), ll_msg_max_size(&req),
			     300);
	if (n < 0)
		return 0; /* a request whose Option 82 cannot fit in 576 */
	if (ll_msg_parse(&back, wire, (size_t)n, &pe) != LL_OK ||
	    back.xid != req.xid || back.op != LL_BOOTREPLY)
		abort();
	if (ll_msg_has(&req, 82) && back.order[back.nopts - 1] != 82)
		abort();
	return 0;
}
