/* Facts about a network interface (SIOCGIF* ioctls). */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "iface.h"

int ll_iface_get(const char *name, struct ll_iface *ifc)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memset(ifc, 0, sizeof(*ifc));
	memset(&ifr, 0, sizeof(ifr));
	if (strlen(name) >= sizeof(ifr.ifr_name)) {
		close(fd);
		return -ENAMETOOLONG;
	}
	strcpy(ifr.ifr_name, name);
	strcpy(ifc->name, name);
	int e = 0;
	if (ioctl(fd, SIOCGIFINDEX, &ifr) < 0)
		e = -errno;
	else
		ifc->index = ifr.ifr_ifindex;
	if (!e && ioctl(fd, SIOCGIFHWADDR, &ifr) == 0)
		memcpy(ifc->mac, ifr.ifr_hwaddr.sa_data, 6);
	if (!e && ioctl(fd, SIOCGIFADDR, &ifr) == 0)
		ifc->ip = ntohl(((struct sockaddr_in *)&ifr.ifr_addr)->sin_addr.s_addr);
	close(fd);
	return e;
}

