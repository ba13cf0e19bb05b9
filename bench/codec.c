/* bench/codec: parse and build rates on one core, for a minimal
 * DISCOVER and a full ACK with 20 options. Target: parse >= 5 million
 * DISCOVERs/s. --quick runs a short smoke pass (used by make check). */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "lanlease/lanlease.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void set(struct ll_msg *m, const char *item)
{
	if (ll_msg_set_text(m, item, strlen(item)) != 0) {
		fprintf(stderr, "bench: bad item %s\n", item);
		_exit(2);
	}
}

static const char *const discover[] = {
	"op=BOOTREQUEST", "htype=1", "hlen=6", "xid=0x3903f326",
	"chaddr=02:00:00:aa:bb:cc", "dhcp-message-type=DISCOVER",
	"dhcp-client-identifier=hex:0102000000aabbcc",
	"dhcp-parameter-request-list=1,3,6,15,31,33,43,44,46,47,121,249,252",
	NULL,
};

static const char *const ack[] = {
	"op=BOOTREPLY", "htype=1", "hlen=6", "xid=0x3903f326",
	"yiaddr=10.0.0.10", "chaddr=02:00:00:aa:bb:cc",
	"dhcp-message-type=ACK", "dhcp-server-identifier=10.0.0.1",
	"dhcp-lease-time=86400", "dhcp-renewal-time=43200",
	"dhcp-rebinding-time=75600", "subnet-mask=255.255.255.0",
	"routers=10.0.0.1", "domain-name-servers=10.0.0.2,10.0.0.3",
	"domain-name=\"example.net\"", "host-name=\"client-10\"",
	"broadcast-address=10.0.0.255", "ntp-servers=10.0.0.4",
	"interface-mtu=1500", "domain-search=example.net,corp.example.net",
	"classless-static-routes=10.0.0.0/8->10.0.0.1,0.0.0.0/0->10.0.0.1",
	"netbios-name-servers=10.0.0.5", "netbios-node-type=8",
	"time-offset=3600", "tftp-server-name=\"boot.example.net\"",
	"bootfile-name=\"pxelinux.0\"",
	"relay-agent-information={circuit-id=hex:000400010004,"
	"remote-id=hex:0006c8be19931148}",
	NULL,
};

static void run(const char *name, const char *const *items, long iters)
{
	static struct ll_msg m, p;
	static uint8_t wire[LL_MSG_MAX];
	volatile uint32_t sink = 0;
	ll_msg_init(&m);
	for (int i = 0; items[i]; i++)
		set(&m, items[i]);
	int n = ll_msg_build(&m, wire, sizeof(wire), 1500, 300);
	if (n < 0 || ll_msg_parse(&p, wire, (size_t)n, NULL) != LL_OK) {
		fprintf(stderr, "bench: %s does not round-trip\n", name);
		_exit(2);
	}
	double t0 = now();
	for (long i = 0; i < iters; i++) {
		ll_msg_parse(&p, wire, (size_t)n, NULL);
		sink += p.xid + p.nopts;
	}
	double t1 = now();
	for (long i = 0; i < iters; i++) {
		wire[4] = (uint8_t)i;
		sink += (uint32_t)ll_msg_build(&m, wire, sizeof(wire), 1500, 300);
	}
	double t2 = now();
	printf("%-26s %3u options %4d bytes  parse %10.0f msg/s  "
	       "build %10.0f msg/s\n", name, m.nopts, n,
	       (double)iters / (t1 - t0), (double)iters / (t2 - t1));
	(void)sink;
}

int main(int argc, char **argv)
{
	long iters = 5000000;
	if (argc > 1 && !strcmp(argv[1], "--quick"))
		iters = 20000;
	else if (argc > 1)
		iters = atol(argv[1]);
	printf("bench/codec: one core, %ld iterations each\n", iters);
	run("minimal DISCOVER", discover, iters);
	run("full ACK (20+ options)", ack, iters / 2 ? iters / 2 : 1);
	printf("target: parse >= 5000000 DISCOVER/s per core\n");
	return 0;
}
