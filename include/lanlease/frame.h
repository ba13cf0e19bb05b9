/* lanlease: Ethernet / IPv4 / UDP frames for raw-socket senders and
 * receivers, checksums included (RFC 791, RFC 768, RFC 1071). */
#ifndef LANLEASE_FRAME_H
#define LANLEASE_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define LL_ETH_HLEN 14u
#define LL_IP_HLEN 20u
#define LL_UDP_HLEN 8u
#define LL_FRAME_HDRS (LL_ETH_HLEN + LL_IP_HLEN + LL_UDP_HLEN)

struct ll_udp4 {
	uint8_t eth_src[6], eth_dst[6];
	uint16_t vlan;         /* 802.1Q id when present on parse, else 0 */
	uint32_t ip_src, ip_dst; /* host byte order */
	uint16_t ip_id;
	uint8_t ttl, tos;
	uint16_t sport, dport;
	const uint8_t *payload; /* into the frame, on parse */
	size_t payload_len;
};

/* Builds Ethernet + IPv4 + UDP around payload (UDP checksum computed).
 * Returns the frame length or -ENOSPC / -EINVAL. */
int ll_frame_build(uint8_t *buf, size_t cap, const struct ll_udp4 *hdr,
		   const uint8_t *payload, size_t len);

/* Builds IPv4 + UDP only (for raw IP sockets and pcap DLT_RAW). */
int ll_ipudp_build(uint8_t *buf, size_t cap, const struct ll_udp4 *hdr,
		   const uint8_t *payload, size_t len);

/* Verifies and takes apart an Ethernet frame (optionally 802.1Q tagged)
 * carrying IPv4/UDP: lengths, IPv4 header checksum, UDP checksum (zero
 * means none, RFC 768). Returns LL_OK or LL_E_FRAME / LL_E_CHECKSUM /
 * LL_E_FRAGMENT. */
int ll_frame_parse(const uint8_t *buf, size_t len, struct ll_udp4 *out);

/* The same starting at the IPv4 header. */
int ll_ipudp_parse(const uint8_t *buf, size_t len, struct ll_udp4 *out);

/* RFC 1071 Internet checksum over buf, starting from sum. */
uint16_t ll_inet_csum(const uint8_t *buf, size_t len, uint32_t sum);

#endif
