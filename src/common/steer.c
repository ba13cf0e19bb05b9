/* SO_REUSEPORT group with a classic BPF selector on chaddr. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "steer.h"

int ll_steer_group(int *fds, unsigned n, uint32_t addr, uint16_t port)
{
	/* For UDP the program sees the datagram from its payload on:
	 * byte 33 is chaddr[5] (RFC 2131 section 2: chaddr at 28). */
	struct sock_filter code[] = {
		{ BPF_LD | BPF_B | BPF_ABS, 0, 0, 33 },
		{ BPF_ALU | BPF_MOD | BPF_K, 0, 0, n },
		{ BPF_RET | BPF_A, 0, 0, 0 },
	};
	struct sock_fprog prog = { .len = 3, .filter = code };
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port),
				  .sin_addr.s_addr = htonl(addr) };
	int one = 1, big = 8 << 20;
	if (n == 0 || n > 64 || (n & (n - 1)))
		return -EINVAL;
	unsigned open = 0;
	int e = 0;
	for (unsigned i = 0; i < n && !e; i++) {
		fds[i] = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (fds[i] < 0) {
			e = -errno;
			break;
		}
		open++;
		setsockopt(fds[i], SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		setsockopt(fds[i], SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
		setsockopt(fds[i], SOL_SOCKET, SO_SNDBUF, &big, sizeof(big));
		if (setsockopt(fds[i], SOL_SOCKET, SO_REUSEPORT, &one,
			       sizeof(one)) < 0 ||
		    bind(fds[i], (struct sockaddr *)&sa, sizeof(sa)) < 0)
			e = -errno;
		else if (i == 0 && n > 1 &&
			 setsockopt(fds[0], SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF,
				    &prog, sizeof(prog)) < 0)
			e = -errno;
	}
	for (unsigned i = 0; e && i < open; i++)
		close(fds[i]);
	return e;
}
