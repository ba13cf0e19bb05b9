/* Configuring the interface through rtnetlink (libmnl): MAC, link up,
 * MTU, the leased address, routes; and watching the link. */
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#ifndef RTPROT_DHCP
#define RTPROT_DHCP 16
#endif

int ll_nl_open(struct ll_nl *nl, int ifindex)
{
	memset(nl, 0, sizeof(*nl));
	nl->ifindex = ifindex;
	nl->seq = (unsigned)time(NULL);
	nl->cfg = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	nl->mon = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (!nl->cfg || !nl->mon ||
	    mnl_socket_bind(nl->cfg, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_bind(nl->mon, RTMGRP_LINK, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	return 0;
}

/* Sends one request and reads its acknowledgement. */
static int talk(struct ll_nl *nl, struct nlmsghdr *h)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	unsigned portid = mnl_socket_get_portid(nl->cfg);
	ssize_t r;

	h->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	h->nlmsg_seq = ++nl->seq;
	if (mnl_socket_sendto(nl->cfg, h, h->nlmsg_len) < 0)
		return -errno;
	r = mnl_socket_recvfrom(nl->cfg, buf, sizeof(buf));
	while (r > 0) {
		int e = mnl_cb_run(buf, (size_t)r, h->nlmsg_seq, portid, NULL,
				   NULL);

		if (e <= MNL_CB_STOP)
			return e < 0 ? -errno : 0;
		r = mnl_socket_recvfrom(nl->cfg, buf, sizeof(buf));
	}
	return r < 0 ? -errno : 0;
}

static struct nlmsghdr *link_msg(char *buf, int ifindex)
{
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;

	h->nlmsg_type = RTM_NEWLINK;
	ifi = mnl_nlmsg_put_extra_header(h, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return h;
}

static int set_up(struct ll_nl *nl, bool up)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *h = link_msg(buf, nl->ifindex);
	struct ifinfomsg *ifi = mnl_nlmsg_get_payload(h);

	ifi->ifi_change = IFF_UP;
	ifi->ifi_flags = up ? IFF_UP : 0;
	return talk(nl, h);
}

int ll_nl_link_up(struct ll_nl *nl)
{
	return set_up(nl, true);
}

/* Some drivers refuse a new MAC while up: then down, change, up. */
int ll_nl_set_mac(struct ll_nl *nl, const uint8_t mac[6])
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *h = link_msg(buf, nl->ifindex);
	int e;

	mnl_attr_put(h, IFLA_ADDRESS, 6, mac);
	e = talk(nl, h);
	if (e == -EBUSY) {
		set_up(nl, false);
		h = link_msg(buf, nl->ifindex);
		mnl_attr_put(h, IFLA_ADDRESS, 6, mac);
		e = talk(nl, h);
		set_up(nl, true);
	}
	return e;
}

int ll_nl_mtu(struct ll_nl *nl, unsigned mtu)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *h = link_msg(buf, nl->ifindex);

	mnl_attr_put_u32(h, IFLA_MTU, mtu);
	return talk(nl, h);
}

/* The address carries the lease as its lifetime, so the kernel drops
 * it even if the client dies (renewals replace it). */
int ll_nl_addr(struct ll_nl *nl, bool add, uint32_t addr, unsigned plen,
	       uint32_t brd, uint32_t lifetime)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;
	struct ifa_cacheinfo ci = {.ifa_prefered = lifetime,
				   .ifa_valid = lifetime};

	h->nlmsg_type = add ? RTM_NEWADDR : RTM_DELADDR;
	h->nlmsg_flags = add ? NLM_F_CREATE | NLM_F_REPLACE : 0;
	ifa = mnl_nlmsg_put_extra_header(h, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = (uint8_t)plen;
	ifa->ifa_index = (unsigned)nl->ifindex;
	mnl_attr_put_u32(h, IFA_LOCAL, htonl(addr));
	mnl_attr_put_u32(h, IFA_ADDRESS, htonl(addr));
	if (add) {
		mnl_attr_put_u32(h, IFA_BROADCAST, htonl(brd));
		mnl_attr_put(h, IFA_CACHEINFO, sizeof(ci), &ci);
	}
	return talk(nl, h);
}

int ll_nl_route(struct ll_nl *nl, bool add, const struct ll_route *r,
		uint32_t src)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf);
	struct rtmsg *rt;

	h->nlmsg_type = add ? RTM_NEWROUTE : RTM_DELROUTE;
	h->nlmsg_flags = add ? NLM_F_CREATE | NLM_F_REPLACE : 0;
	rt = mnl_nlmsg_put_extra_header(h, sizeof(*rt));
	rt->rtm_family = AF_INET;
	rt->rtm_dst_len = r->plen;
	rt->rtm_table = RT_TABLE_MAIN;
	rt->rtm_protocol = RTPROT_DHCP;
	rt->rtm_scope = r->router ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	rt->rtm_type = RTN_UNICAST;
	if (r->plen)
		mnl_attr_put_u32(h, RTA_DST, htonl(r->dest));
	if (r->router)
		mnl_attr_put_u32(h, RTA_GATEWAY, htonl(r->router));
	mnl_attr_put_u32(h, RTA_OIF, (uint32_t)nl->ifindex);
	if (src)
		mnl_attr_put_u32(h, RTA_PREFSRC, htonl(src));
	return talk(nl, h);
}

int ll_nl_mon_fd(const struct ll_nl *nl)
{
	return mnl_socket_get_fd(nl->mon);
}

struct link_ev {
	struct ll_nl *nl;
	uint8_t *mac;
	int result;
};

static int on_link(const struct nlmsghdr *h, void *data)
{
	struct link_ev *ev = data;
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(h);
	const struct nlattr *a;
	bool run;

	if (h->nlmsg_type != RTM_NEWLINK || ifi->ifi_index != ev->nl->ifindex)
		return MNL_CB_OK;
	mnl_attr_for_each(a, h, sizeof(*ifi))
		if (mnl_attr_get_type(a) == IFLA_ADDRESS &&
		    mnl_attr_get_payload_len(a) == 6)
			memcpy(ev->mac, mnl_attr_get_payload(a), 6);
	run = (ifi->ifi_flags & IFF_RUNNING) != 0;
	if (run != ev->nl->running)
		ev->result = run ? 1 : -1;
	ev->nl->running = run;
	return MNL_CB_OK;
}

int ll_nl_mon_read(struct ll_nl *nl, uint8_t mac[6])
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct link_ev ev = {nl, mac, 0};
	ssize_t r;

	while ((r = mnl_socket_recvfrom(nl->mon, buf, sizeof(buf))) > 0)
		mnl_cb_run(buf, (size_t)r, 0, 0, on_link, &ev);
	return ev.result;
}
