/* Configuring the interface through rtnetlink: MAC, link up, MTU, the
 * leased address, routes; and watching the link.
 *
 * Plain netlink sockets and the kernel's UAPI macros (NLMSG_*, RTA_*)
 * rather than libmnl: the client links statically (its resident size is
 * one of its goals, bench/client.sh), and Debian ships no static libmnl.
 * Each request is one message with a few small attributes, built in the
 * caller's LL_NLBUF buffer. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#ifndef RTPROT_DHCP
#define RTPROT_DHCP 16
#endif

#define LL_NLBUF 8192

/* A request: the header, then (at NLMSG_DATA) the family header of
 * size extra, zeroed. */
static struct nlmsghdr *put_header(char *buf, uint16_t type, size_t extra)
{
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	memset(buf, 0, NLMSG_SPACE(extra));
	h->nlmsg_len = (uint32_t)NLMSG_LENGTH(extra);
	h->nlmsg_type = type;
	return h;
}

/* Appends one attribute (type, length, value; 4-byte aligned). */
static void put_attr(struct nlmsghdr *h, uint16_t type, size_t len,
		     const void *data)
{
	struct rtattr *a =
		(struct rtattr *)((char *)h + NLMSG_ALIGN(h->nlmsg_len));
	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(a), data, len);
	h->nlmsg_len = (uint32_t)(NLMSG_ALIGN(h->nlmsg_len) +
				  RTA_ALIGN(a->rta_len));
}

static void put_u32(struct nlmsghdr *h, uint16_t type, uint32_t v)
{
	put_attr(h, type, sizeof(v), &v);
}

static int nl_socket(unsigned groups, int flags)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_groups = groups };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | flags,
			NETLINK_ROUTE);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int ll_nl_open(struct ll_nl *nl, int ifindex)
{
	memset(nl, 0, sizeof(*nl));
	nl->ifindex = ifindex;
	nl->seq = (unsigned)time(NULL);
	nl->cfg = nl_socket(0, 0);
	nl->mon = nl_socket(RTMGRP_LINK, SOCK_NONBLOCK);
	return nl->cfg < 0 || nl->mon < 0 ? -errno : 0;
}

/* The kernel's answer to request seq in buf: 0 (acknowledged), its
 * -errno, or 1 when buf holds no answer to it. */
static int ack_of(const char *buf, size_t n, unsigned seq)
{
	const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
	for (; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
		if (h->nlmsg_seq != seq || h->nlmsg_type != NLMSG_ERROR)
			continue;
		if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct nlmsgerr)))
			return -EBADMSG;
		const struct nlmsgerr *e = NLMSG_DATA(h);
		return e->error;
	}
	return 1;
}

/* Sends one request and reads its acknowledgement. */
static int talk(struct ll_nl *nl, struct nlmsghdr *h)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	char buf[LL_NLBUF];
	h->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	h->nlmsg_seq = ++nl->seq;
	if (sendto(nl->cfg, h, h->nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0)
		return -errno;
	for (;;) {
		ssize_t r = recv(nl->cfg, buf, sizeof(buf), 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		int e = ack_of(buf, (size_t)r, h->nlmsg_seq);
		if (e <= 0)
			return e;
	}
}

static struct nlmsghdr *link_msg(char *buf, int ifindex)
{
	struct nlmsghdr *h = put_header(buf, RTM_NEWLINK,
					sizeof(struct ifinfomsg));
	struct ifinfomsg *ifi = NLMSG_DATA(h);

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return h;
}

static int set_up(struct ll_nl *nl, bool up)
{
	char buf[LL_NLBUF];
	struct nlmsghdr *h = link_msg(buf, nl->ifindex);
	struct ifinfomsg *ifi = NLMSG_DATA(h);

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
	char buf[LL_NLBUF];
	struct nlmsghdr *h = link_msg(buf, nl->ifindex);
	int e;

	put_attr(h, IFLA_ADDRESS, 6, mac);
	e = talk(nl, h);
	if (e == -EBUSY) {
		set_up(nl, false);
		h = link_msg(buf, nl->ifindex);
		put_attr(h, IFLA_ADDRESS, 6, mac);
		e = talk(nl, h);
		set_up(nl, true);
	}
	return e;
}

int ll_nl_mtu(struct ll_nl *nl, unsigned mtu)
{
	char buf[LL_NLBUF];
	struct nlmsghdr *h = link_msg(buf, nl->ifindex);

	put_u32(h, IFLA_MTU, mtu);
	return talk(nl, h);
}

/* The address carries the lease as its lifetime, so the kernel drops
 * it even if the client dies (renewals replace it). */
int ll_nl_addr(struct ll_nl *nl, bool add, uint32_t addr, unsigned plen,
	       uint32_t brd, uint32_t lifetime)
{
	char buf[LL_NLBUF];
	struct nlmsghdr *h = put_header(buf, add ? RTM_NEWADDR : RTM_DELADDR,
					sizeof(struct ifaddrmsg));
	struct ifaddrmsg *ifa = NLMSG_DATA(h);
	struct ifa_cacheinfo ci = {.ifa_prefered = lifetime,
				   .ifa_valid = lifetime};

	h->nlmsg_flags = add ? NLM_F_CREATE | NLM_F_REPLACE : 0;
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = (uint8_t)plen;
	ifa->ifa_index = (unsigned)nl->ifindex;
	put_u32(h, IFA_LOCAL, htonl(addr));
	put_u32(h, IFA_ADDRESS, htonl(addr));
	if (add) {
		put_u32(h, IFA_BROADCAST, htonl(brd));
		put_attr(h, IFA_CACHEINFO, sizeof(ci), &ci);
	}
	return talk(nl, h);
}

int ll_nl_route(struct ll_nl *nl, bool add, const struct ll_route *r,
		uint32_t src)
{
	char buf[LL_NLBUF];
	struct nlmsghdr *h = put_header(buf, add ? RTM_NEWROUTE : RTM_DELROUTE,
					sizeof(struct rtmsg));
	struct rtmsg *rt = NLMSG_DATA(h);

	h->nlmsg_flags = add ? NLM_F_CREATE | NLM_F_REPLACE : 0;
	rt->rtm_family = AF_INET;
	rt->rtm_dst_len = r->plen;
	rt->rtm_table = RT_TABLE_MAIN;
	rt->rtm_protocol = RTPROT_DHCP;
	rt->rtm_scope = r->router ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	rt->rtm_type = RTN_UNICAST;
	if (r->plen)
		put_u32(h, RTA_DST, htonl(r->dest));
	if (r->router)
		put_u32(h, RTA_GATEWAY, htonl(r->router));
	put_u32(h, RTA_OIF, (uint32_t)nl->ifindex);
	if (src)
		put_u32(h, RTA_PREFSRC, htonl(src));
	return talk(nl, h);
}

int ll_nl_mon_fd(const struct ll_nl *nl)
{
	return nl->mon;
}

/* A link message about our interface: its MAC, and whether it runs;
 * 1 when it came up, -1 when it went down, 0 otherwise. */
static int on_link(struct ll_nl *nl, const struct nlmsghdr *h, uint8_t *mac)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	int result = 0;

	if (h->nlmsg_type != RTM_NEWLINK ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)) ||
	    ifi->ifi_index != nl->ifindex)
		return 0;
	unsigned len = h->nlmsg_len - (unsigned)NLMSG_LENGTH(sizeof(*ifi));
	for (const struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, len);
	     a = RTA_NEXT(a, len))
		if (a->rta_type == IFLA_ADDRESS && RTA_PAYLOAD(a) == 6)
			memcpy(mac, RTA_DATA(a), 6);
	bool run = (ifi->ifi_flags & IFF_RUNNING) != 0;
	if (run != nl->running)
		result = run ? 1 : -1;
	nl->running = run;
	return result;
}

int ll_nl_mon_read(struct ll_nl *nl, uint8_t mac[6])
{
	char buf[LL_NLBUF];
	int result = 0;
	ssize_t r;

	while ((r = recv(nl->mon, buf, sizeof(buf), 0)) > 0) {
		size_t n = (size_t)r;
		for (const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
		     NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			int e = on_link(nl, h, mac);
			if (e)
				result = e;
		}
	}
	return result;
}
