/* lanlease-client sockets: an AF_PACKET socket with a classic BPF
 * filter for DHCP until bound, one for ARP (RFC 5227), and a UDP socket
 * for unicast renewals (RFC 2131 section 4.4.5). */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli.h"
#include "iface.h"
#include "lanlease/frame.h"

static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

/* IPv4, UDP, not a fragment, destination port 68, sent to us or to
 * everyone (not another host's frames seen in promiscuous mode). */
static struct sock_filter dhcp_code[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (uint32_t)SKF_AD_OFF + SKF_AD_PKTTYPE),
	BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, PACKET_BROADCAST, 9, 0),
	BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_IP, 0, 7),
	BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 23),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, 0, 5),
	BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 20),
	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x1fff, 3, 0),
	BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 14),
	BPF_STMT(BPF_LD | BPF_H | BPF_IND, 16),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 68, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, 0),
	BPF_STMT(BPF_RET | BPF_K, 0x40000),
};

static struct sock_filter none_code[] = {BPF_STMT(BPF_RET | BPF_K, 0)};

static int set_filter(int fd, struct sock_filter *code, unsigned short n)
{
	struct sock_fprog p = {.len = n, .filter = code};

	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &p, sizeof(p))
		       ? -errno
		       : 0;
}

int ll_cnet_listen(struct ll_cnet *n, bool on)
{
	uint8_t junk[2048];

	if (on || n->l2_only)
		return set_filter(n->pkt, dhcp_code,
				  sizeof(dhcp_code) / sizeof(dhcp_code[0]));
	set_filter(n->pkt, none_code, 1);
	while (recv(n->pkt, junk, sizeof(junk), MSG_DONTWAIT) > 0)
		;
	return 0;
}

static int packet_socket(int ifindex, uint16_t proto, int type)
{
	struct sockaddr_ll sll = {.sll_family = AF_PACKET,
				  .sll_protocol = htons(proto),
				  .sll_ifindex = ifindex};
	/* Protocol 0 at creation, the real one at bind: a socket created
	 * with a protocol is already hooked in, and rebinding it waits for
	 * an RCU grace period (about 10 ms each). */
	int fd = socket(AF_PACKET, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		int e = -errno;

		close(fd);
		return e;
	}
	return fd;
}

static int udp_socket(const char *ifname)
{
	struct sockaddr_in sin = {.sin_family = AF_INET,
				  .sin_port = htons(68)};
	int one = 1, pmtu = IP_PMTUDISC_DONT;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	if (fd < 0)
		return -errno;
	/* Without DF the kernel draws a fresh IP ID per datagram instead of
	 * a per-socket counter (RFC 7844 section 3: nothing stable). */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)) ||
	    setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &pmtu, sizeof(pmtu)) ||
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname,
		       (socklen_t)strlen(ifname)) ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		int e = -errno;

		close(fd);
		return e;
	}
	return fd;
}

int ll_cnet_open(struct ll_cnet *n, const char *ifname)
{
	struct ll_iface ifc;
	int e = ll_iface_get(ifname, &ifc);

	if (e)
		return e;
	n->ifindex = ifc.index;
	memcpy(n->mac, ifc.mac, 6);
	n->pkt = packet_socket(ifc.index, ETH_P_IP, SOCK_RAW);
	if (n->pkt < 0)
		return n->pkt;
	if (setsockopt(n->pkt, SOL_PACKET, PACKET_AUXDATA, &(int){1},
		       sizeof(int)))
		return -errno;
	n->arp = packet_socket(ifc.index, ETH_P_ARP, SOCK_DGRAM);
	if (n->arp < 0)
		return n->arp;
	n->udp = udp_socket(ifname);
	if (n->udp < 0)
		return n->udp;
	return ll_cnet_listen(n, true);
}

static int send_frame(struct ll_cnet *n, const uint8_t dst[6],
		      const struct ll_cact *a, const uint8_t *pkt, size_t len)
{
	uint8_t frame[LL_FRAME_HDRS + LL_CLI_PKT];
	struct ll_udp4 h = {.ip_src = a->src, .ip_dst = a->dst,
			    .ip_id = a->ip_id, .ttl = 64, .sport = 68,
			    .dport = 67};
	struct sockaddr_ll sll = {.sll_family = AF_PACKET,
				  .sll_protocol = htons(ETH_P_IP),
				  .sll_ifindex = n->ifindex, .sll_halen = 6};
	int fl;

	memcpy(h.eth_src, n->mac, 6);
	memcpy(h.eth_dst, dst, 6);
	memcpy(sll.sll_addr, dst, 6);
	fl = ll_frame_build(frame, sizeof(frame), &h, pkt, len);
	if (fl < 0)
		return fl;
	return sendto(n->pkt, frame, (size_t)fl, 0, (struct sockaddr *)&sll,
		      sizeof(sll)) < 0 ? -errno : 0;
}

int ll_cnet_send(struct ll_cnet *n, const struct ll_cact *a,
		 const uint8_t *pkt, size_t len)
{
	struct sockaddr_in sin = {.sin_family = AF_INET,
				  .sin_port = htons(67),
				  .sin_addr.s_addr = htonl(a->dst)};

	if (!a->unicast)
		return send_frame(n, bcast, a, pkt, len);
	if (n->l2_only)
		return send_frame(n, n->server_mac, a, pkt, len);
	return sendto(n->udp, pkt, len, 0, (struct sockaddr *)&sin,
		      sizeof(sin)) < 0 ? -errno : 0;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

int ll_cnet_arp(struct ll_cnet *n, uint32_t addr, bool announce,
		const uint8_t *reply_to, uint32_t reply_ip)
{
	/* RFC 826 layout; RFC 5227 sections 2.1.1 (probe) and 2.3. */
	uint8_t p[28] = {0, 1, 8, 0, 6, 4, 0, 1};
	struct sockaddr_ll sll = {.sll_family = AF_PACKET,
				  .sll_protocol = htons(ETH_P_ARP),
				  .sll_ifindex = n->ifindex, .sll_halen = 6};

	memcpy(p + 8, n->mac, 6);
	put32(p + 14, announce || reply_to ? addr : 0);
	put32(p + 24, reply_to ? reply_ip : addr);
	memcpy(sll.sll_addr, reply_to ? reply_to : bcast, 6);
	if (reply_to) {
		p[7] = 2;
		memcpy(p + 18, reply_to, 6);
	}
	return sendto(n->arp, p, sizeof(p), 0, (struct sockaddr *)&sll,
		      sizeof(sll)) < 0 ? -errno : 0;
}

/* A checksum is checked unless the kernel says it is not final yet:
 * frames from the local stack (veth, offload) carry a partial one,
 * flagged by TP_STATUS_CSUMNOTREADY in the packet's auxiliary data.
 * TP_STATUS_CSUM_VALID is not trusted: veth sets it for any frame. */
static bool csum_pending(struct msghdr *mh)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c))
		if (c->cmsg_level == SOL_PACKET &&
		    c->cmsg_type == PACKET_AUXDATA) {
			struct tpacket_auxdata aux;

			memcpy(&aux, CMSG_DATA(c), sizeof(aux));
			return aux.tp_status & TP_STATUS_CSUMNOTREADY;
		}
	return false;
}

ssize_t ll_cnet_recv_pkt(struct ll_cnet *n, uint8_t *buf, size_t cap,
			 const uint8_t **payload)
{
	struct ll_udp4 h;
	union {
		struct cmsghdr c;
		char b[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
	} ctl;
	struct iovec iov = {.iov_base = buf, .iov_len = cap};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = &ctl, .msg_controllen = sizeof(ctl)};
	ssize_t r = recvmsg(n->pkt, &mh, 0);
	int e;

	if (r < 0)
		return -errno;
	e = ll_frame_parse(buf, (size_t)r, &h);
	if (e == LL_E_CHECKSUM && csum_pending(&mh))
		e = LL_OK;
	if (e != LL_OK || h.dport != 68)
		return -EBADMSG; /* not DHCP, or damaged: dropped */
	memcpy(n->last_src, h.eth_src, 6);
	*payload = h.payload;
	return (ssize_t)h.payload_len;
}

int ll_cnet_recv_arp(struct ll_cnet *n, uint8_t sha[6], uint32_t *spa,
		     uint32_t *tpa, unsigned *op)
{
	uint8_t p[64];
	ssize_t r = recv(n->arp, p, sizeof(p), 0);

	if (r < 0)
		return -errno;
	if (r < 28 || p[0] != 0 || p[1] != 1 || p[2] != 8 || p[3] != 0 ||
	    p[4] != 6 || p[5] != 4)
		return -EBADMSG;
	memcpy(sha, p + 8, 6);
	*spa = get32(p + 14);
	*tpa = get32(p + 24);
	*op = (unsigned)p[6] << 8 | p[7];
	return 0;
}
