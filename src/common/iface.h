/* Facts about a network interface: index, MAC, IPv4 address. */
#ifndef LL_IFACE_H
#define LL_IFACE_H
#include <stdint.h>

struct ll_iface {
	char name[32];
	int index;
	uint8_t mac[6];
	uint32_t ip; /* host order, 0 when none */
};

/* Fills *ifc for name; 0 or -errno. */
int ll_iface_get(const char *name, struct ll_iface *ifc);
#endif
