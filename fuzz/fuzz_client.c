/* Harness: what a client parses from the network and the disk: replies
 * in each waiting state (xid and chaddr patched to match, so the checks
 * past them are reached), the hook environment and resolv.conf text of
 * any ACK taken, and the lease file. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lanlease/lanlease.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t fixed(void *ctx)
{
	return ++*(uint32_t *)ctx;
}

static void check_env(const struct ll_cli *c)
{
	static struct ll_envb e;
	char dns[2048];

	ll_env_init(&e);
	ll_env_lease(&e, "new_", &c->ack, &c->lease, 0, 0);
	if (e.used > sizeof(e.buf) || ll_resolv_text(&c->ack, dns, sizeof(dns))
					      >= sizeof(dns))
		abort();
	/* nothing the server sent may carry shell syntax into the hook */
	for (size_t i = 0; i < e.used; i++)
		if (e.buf[i] && strchr(";`$()|&<>\\\n'\"", e.buf[i]))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t mac[6] = {2, 1, 2, 3, 4, 5};
	static struct ll_cli c;
	static struct ll_cout out;
	static uint8_t buf[LL_MSG_MAX];
	struct ll_cli_cfg cfg;
	uint32_t seed = 1, a, s;

	if (size < 1 || size > sizeof(buf))
		return 0;
	if (data[0] == 0) {
		ll_leasefile_parse((const char *)data + 1, size - 1, 0, &a, &s);
		return 0;
	}
	ll_cli_cfg_default(&cfg, mac);
	cfg.no_delay = true;
	cfg.probe_num = data[0] & 1;
	ll_cli_init(&c, &cfg, (struct ll_rng){fixed, &seed});
	ll_cli_start(&c, 0, &out);
	ll_cli_timer(&c, 0, &out); /* SELECTING */
	if (data[0] & 2) {         /* REQUESTING, then BOUND, RENEWING */
		c.state = LL_CS_REQUESTING;
		c.lease.addr = 0x0a000005;
		c.lease.server = 0x0a000001;
	}
	memcpy(buf, data + 1, size - 1);
	if (size - 1 >= 34) {
		buf[4] = (uint8_t)(c.xid >> 24);
		buf[5] = (uint8_t)(c.xid >> 16);
		buf[6] = (uint8_t)(c.xid >> 8);
		buf[7] = (uint8_t)c.xid;
		memcpy(buf + 28, mac, 6);
	}
	if (ll_cli_recv(&c, buf, size - 1, 1000, &out) == LL_CR_TAKEN &&
	    c.have_ack)
		check_env(&c);
	return 0;
}
