/* Ethernet / IPv4 / UDP framing (RFC 791, RFC 768, RFC 1071). */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "lanlease/error.h"
#include "lanlease/frame.h"
#include "bytes.h"

static uint32_t ll__sum(const uint8_t *b, size_t len, uint32_t sum)
{
	size_t i;
	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (i < len)
		sum += (uint32_t)b[i] << 8;
	return sum;
}

uint16_t ll_inet_csum(const uint8_t *buf, size_t len, uint32_t sum)
{
	sum = ll__sum(buf, len, sum);
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	return (uint16_t)~sum;
}

/* UDP checksum over the RFC 768 pseudo header; 0 is sent as 0xFFFF. */
static uint16_t ll__udp_csum(uint32_t src, uint32_t dst, const uint8_t *udp,
			     size_t len)
{
	uint8_t ph[12];
	ll__wr32(ph, src);
	ll__wr32(ph + 4, dst);
	ph[8] = 0;
	ph[9] = 17;
	ll__wr16(ph + 10, (uint16_t)len);
	uint16_t c = ll_inet_csum(udp, len, ll__sum(ph, sizeof(ph), 0));
	return c ? c : 0xFFFF;
}

int ll_ipudp_build(uint8_t *buf, size_t cap, const struct ll_udp4 *h,
		   const uint8_t *payload, size_t len)
{
	size_t tot = LL_IP_HLEN + LL_UDP_HLEN + len;
	if (tot > cap)
		return -ENOSPC;
	if (tot > 65535)
		return -EINVAL;
	uint8_t *ip = buf, *udp = buf + LL_IP_HLEN;
	ip[0] = 0x45;
	ip[1] = h->tos;
	ll__wr16(ip + 2, (uint16_t)tot);
	ll__wr16(ip + 4, h->ip_id);
	ll__wr16(ip + 6, 0);
	ip[8] = h->ttl ? h->ttl : 64;
	ip[9] = 17;
	ll__wr16(ip + 10, 0);
	ll__wr32(ip + 12, h->ip_src);
	ll__wr32(ip + 16, h->ip_dst);
	ll__wr16(ip + 10, ll_inet_csum(ip, LL_IP_HLEN, 0));
	ll__wr16(udp, h->sport);
	ll__wr16(udp + 2, h->dport);
	ll__wr16(udp + 4, (uint16_t)(LL_UDP_HLEN + len));
	ll__wr16(udp + 6, 0);
	memmove(udp + LL_UDP_HLEN, payload, len);
	ll__wr16(udp + 6, ll__udp_csum(h->ip_src, h->ip_dst, udp,
				       LL_UDP_HLEN + len));
	return (int)tot;
}

int ll_frame_build(uint8_t *buf, size_t cap, const struct ll_udp4 *h,
		   const uint8_t *payload, size_t len)
{
	if (cap < LL_ETH_HLEN)
		return -ENOSPC;
	memcpy(buf, h->eth_dst, 6);
	memcpy(buf + 6, h->eth_src, 6);
	ll__wr16(buf + 12, 0x0800);
	int n = ll_ipudp_build(buf + LL_ETH_HLEN, cap - LL_ETH_HLEN, h,
			       payload, len);
	return n < 0 ? n : n + (int)LL_ETH_HLEN;
}

int ll_ipudp_parse(const uint8_t *b, size_t len, struct ll_udp4 *o)
{
	if (len < LL_IP_HLEN || (b[0] >> 4) != 4)
		return LL_E_FRAME;
	size_t ihl = (size_t)(b[0] & 15) * 4, tot = ll__rd16(b + 2);
	if (ihl < LL_IP_HLEN || tot < ihl + LL_UDP_HLEN || tot > len ||
	    b[9] != 17)
		return LL_E_FRAME;
	if ((ll__rd16(b + 6) & 0x3FFF) != 0) /* MF set or offset */
		return LL_E_FRAGMENT;
	const uint8_t *u = b + ihl;
	size_t ulen = ll__rd16(u + 4);
	if (ulen < LL_UDP_HLEN || ihl + ulen > tot)
		return LL_E_FRAME;
	bool ipsum_ok = ll_inet_csum(b, ihl, 0) == 0;
	o->tos = b[1];
	o->ip_id = ll__rd16(b + 4);
	o->ttl = b[8];
	o->ip_src = ll__rd32(b + 12);
	o->ip_dst = ll__rd32(b + 16);
	o->sport = ll__rd16(u);
	o->dport = ll__rd16(u + 2);
	o->payload = u + LL_UDP_HLEN;
	o->payload_len = ulen - LL_UDP_HLEN;
	/* Fields are filled even when a checksum fails: captures of
	 * locally sent frames carry offloaded (unfinished) checksums. */
	if (ll__rd16(u + 6) != 0) {
		uint8_t ph[12];
		ll__wr32(ph, o->ip_src);
		ll__wr32(ph + 4, o->ip_dst);
		ph[8] = 0;
		ph[9] = 17;
		ll__wr16(ph + 10, (uint16_t)ulen);
		if (ll_inet_csum(u, ulen, ll__sum(ph, sizeof(ph), 0)) != 0)
			return LL_E_CHECKSUM;
	}
	return ipsum_ok ? LL_OK : LL_E_CHECKSUM;
}

int ll_frame_parse(const uint8_t *b, size_t len, struct ll_udp4 *o)
{
	size_t off = 12;
	if (len < LL_ETH_HLEN)
		return LL_E_FRAME;
	memcpy(o->eth_dst, b, 6);
	memcpy(o->eth_src, b + 6, 6);
	o->vlan = 0;
	if (ll__rd16(b + 12) == 0x8100) { /* IEEE 802.1Q tag */
		if (len < LL_ETH_HLEN + 4)
			return LL_E_FRAME;
		o->vlan = ll__rd16(b + 14) & 0x0FFF;
		off = 16;
	}
	if (ll__rd16(b + off) != 0x0800)
		return LL_E_FRAME;
	return ll_ipudp_parse(b + off + 2, len - off - 2, o);
}
