/* lanlease-probe transports: AF_PACKET with BPF, and relay UDP. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "net.h"

int64_t ll_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int ll__attach_filter(int fd, const char *expr)
{
	struct bpf_program prog;
	pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
	if (!dead)
		return -ENOMEM;
	if (pcap_compile(dead, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		pcap_close(dead);
		return -EINVAL;
	}
	struct sock_fprog fp = { .len = (unsigned short)prog.bf_len,
				 .filter = (struct sock_filter *)prog.bf_insns };
	int r = setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof(fp));
	pcap_freecode(&prog);
	pcap_close(dead);
	return r < 0 ? -errno : 0;
}

int ll_xport_l2(struct ll_xport *x, const char *ifname, const char *filter)
{
	memset(x, 0, sizeof(*x));
	int e = ll_iface_get(ifname, &x->ifc);
	if (e < 0)
		return e;
	x->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	if (x->fd < 0)
		return -errno;
	/* the filter goes on before bind, so nothing unfiltered queues */
	e = ll__attach_filter(x->fd, filter);
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
				   .sll_protocol = htons(ETH_P_ALL),
				   .sll_ifindex = x->ifc.index };
	if (!e && bind(x->fd, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		e = -errno;
	/* replies may be unicast to a chaddr that is not ours */
	struct packet_mreq mr = { .mr_ifindex = x->ifc.index,
				  .mr_type = PACKET_MR_PROMISC };
	if (!e && setsockopt(x->fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr,
			     sizeof(mr)) < 0)
		e = -errno;
	int big = 4 << 20;
	setsockopt(x->fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	setsockopt(x->fd, SOL_SOCKET, SO_SNDBUF, &big, sizeof(big));
	if (e) {
		close(x->fd);
		x->fd = -1;
	}
	return e;
}

int ll_xport_relay(struct ll_xport *x, uint32_t local, uint32_t server,
		   uint16_t port)
{
	memset(x, 0, sizeof(*x));
	x->relay = true;
	x->server = server;
	x->port = port;
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons(67),
				  .sin_addr.s_addr = htonl(server) };
	if (local == 0) { /* the address the kernel would use to reach it */
		int t = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		socklen_t sl = sizeof(sa);
		if (t < 0 || connect(t, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
		    getsockname(t, (struct sockaddr *)&sa, &sl) < 0) {
			int e = -errno;
			if (t >= 0)
				close(t);
			return e;
		}
		close(t);
		local = ntohl(sa.sin_addr.s_addr);
	}
	x->local = local;
	x->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (x->fd < 0)
		return -errno;
	int one = 1, big = 4 << 20;
	setsockopt(x->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(x->fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	setsockopt(x->fd, SOL_SOCKET, SO_SNDBUF, &big, sizeof(big));
	struct sockaddr_in me = { .sin_family = AF_INET, .sin_port = htons(port),
				  .sin_addr.s_addr = htonl(local) };
	if (bind(x->fd, (struct sockaddr *)&me, sizeof(me)) < 0) {
		int e = -errno;
		close(x->fd);
		x->fd = -1;
		return e;
	}
	return 0;
}

void ll_xport_close(struct ll_xport *x)
{
	if (x->fd >= 0)
		close(x->fd);
	x->fd = -1;
}

int ll_xport_send_frame(struct ll_xport *x, const uint8_t *f, size_t n)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
				   .sll_ifindex = x->ifc.index, .sll_halen = 6 };
	memcpy(sll.sll_addr, f, 6);
	if (sendto(x->fd, f, n, 0, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		return -errno;
	return 0;
}

int ll_xport_send_udp(struct ll_xport *x, uint32_t dst, uint16_t dport,
		      const uint8_t *p, size_t n)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(dport),
				  .sin_addr.s_addr = htonl(dst) };
	if (sendto(x->fd, p, n, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	return 0;
}

long ll_xport_recv(struct ll_xport *x, uint8_t *buf, size_t cap,
		   int timeout_ms, uint32_t *src)
{
	struct pollfd pfd = { .fd = x->fd, .events = POLLIN };
	int r = poll(&pfd, 1, timeout_ms < 0 ? 0 : timeout_ms);
	if (r < 0)
		return errno == EINTR ? 0 : -errno;
	if (r == 0)
		return 0;
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	ssize_t n = recvfrom(x->fd, buf, cap, MSG_DONTWAIT,
			     x->relay ? (struct sockaddr *)&sa : NULL,
			     x->relay ? &sl : NULL);
	if (n < 0)
		return errno == EAGAIN ? 0 : -errno;
	if (src && x->relay)
		*src = ntohl(sa.sin_addr.s_addr);
	return n;
}
