/* The option table: RFC 2132 entirely, plus the options of the RFCs
 * named in each entry. Names follow the dhclient/ISC spelling
 * (dhcp-options(5)); options ISC does not name use Kea's spelling. */
#include <errno.h>
#include <string.h>

#include "lanlease/option.h"

#define E(c, n, t, lo, hi, m, r) \
	[c] = { .code = c, .name = n, .type = t, .min_len = lo, \
		.max_len = hi, .mult = m, .ref = r }
#define IP(c, n, r) E(c, n, LL_T_IP, 4, 4, 0, r)
#define IPS(c, n, r) E(c, n, LL_T_IPS, 4, 65532, 4, r)
#define IPS0(c, n, r) E(c, n, LL_T_IPS, 0, 65532, 4, r)
#define STR(c, n, r) E(c, n, LL_T_STR, 1, 65535, 0, r)
#define BIN(c, n, lo, r) E(c, n, LL_T_BIN, lo, 65535, 0, r)
#define U8(c, n, r) E(c, n, LL_T_U8, 1, 1, 0, r)
#define U16(c, n, r) E(c, n, LL_T_U16, 2, 2, 0, r)
#define U32(c, n, r) E(c, n, LL_T_U32, 4, 4, 0, r)
#define BOOL(c, n, r) E(c, n, LL_T_BOOL, 1, 1, 0, r)
#define RANGED(c, n, t, lo, hi, vlo, vhi, fl, r) \
	[c] = { .code = c, .name = n, .type = t, .min_len = lo, \
		.max_len = hi, .vmin = vlo, .vmax = vhi, .flags = fl, .ref = r }

static const struct ll_opt_def ll__opts[256] = {
	IP(1, "subnet-mask", "RFC 2132 3.3"),
	E(2, "time-offset", LL_T_I32, 4, 4, 0, "RFC 2132 3.4"),
	IPS(3, "routers", "RFC 2132 3.5"),
	IPS(4, "time-servers", "RFC 2132 3.6"),
	IPS(5, "ien116-name-servers", "RFC 2132 3.7"),
	IPS(6, "domain-name-servers", "RFC 2132 3.8"),
	IPS(7, "log-servers", "RFC 2132 3.9"),
	IPS(8, "cookie-servers", "RFC 2132 3.10"),
	IPS(9, "lpr-servers", "RFC 2132 3.11"),
	IPS(10, "impress-servers", "RFC 2132 3.12"),
	IPS(11, "resource-location-servers", "RFC 2132 3.13"),
	STR(12, "host-name", "RFC 2132 3.14"),
	U16(13, "boot-size", "RFC 2132 3.15"),
	STR(14, "merit-dump", "RFC 2132 3.16"),
	STR(15, "domain-name", "RFC 2132 3.17"),
	IP(16, "swap-server", "RFC 2132 3.18"),
	STR(17, "root-path", "RFC 2132 3.19"),
	STR(18, "extensions-path", "RFC 2132 3.20"),
	BOOL(19, "ip-forwarding", "RFC 2132 4.1"),
	BOOL(20, "non-local-source-routing", "RFC 2132 4.2"),
	E(21, "policy-filter", LL_T_IPPAIRS, 8, 65528, 8, "RFC 2132 4.3"),
	RANGED(22, "max-dgram-reassembly", LL_T_U16, 2, 2, 576, 65535, 0,
	       "RFC 2132 4.4"),
	RANGED(23, "default-ip-ttl", LL_T_U8, 1, 1, 1, 255, 0, "RFC 2132 4.5"),
	U32(24, "path-mtu-aging-timeout", "RFC 2132 4.6"),
	RANGED(25, "path-mtu-plateau-table", LL_T_U16S, 2, 65534, 68, 65535,
	       0, "RFC 2132 4.7"),
	RANGED(26, "interface-mtu", LL_T_U16, 2, 2, 68, 65535, 0,
	       "RFC 2132 5.1"),
	BOOL(27, "all-subnets-local", "RFC 2132 5.2"),
	IP(28, "broadcast-address", "RFC 2132 5.3"),
	BOOL(29, "perform-mask-discovery", "RFC 2132 5.4"),
	BOOL(30, "mask-supplier", "RFC 2132 5.5"),
	BOOL(31, "router-discovery", "RFC 2132 5.6"),
	IP(32, "router-solicitation-address", "RFC 2132 5.7"),
	E(33, "static-routes", LL_T_IPPAIRS, 8, 65528, 8, "RFC 2132 5.8"),
	BOOL(34, "trailer-encapsulation", "RFC 2132 6.1"),
	U32(35, "arp-cache-timeout", "RFC 2132 6.2"),
	BOOL(36, "ieee802-3-encapsulation", "RFC 2132 6.3"),
	RANGED(37, "default-tcp-ttl", LL_T_U8, 1, 1, 1, 255, 0,
	       "RFC 2132 7.1"),
	U32(38, "tcp-keepalive-interval", "RFC 2132 7.2"),
	BOOL(39, "tcp-keepalive-garbage", "RFC 2132 7.3"),
	STR(40, "nis-domain", "RFC 2132 8.1"),
	IPS(41, "nis-servers", "RFC 2132 8.2"),
	IPS(42, "ntp-servers", "RFC 2132 8.3"),
	BIN(43, "vendor-encapsulated-options", 1, "RFC 2132 8.4"),
	IPS(44, "netbios-name-servers", "RFC 2132 8.5"),
	IPS(45, "netbios-dd-server", "RFC 2132 8.6"),
	U8(46, "netbios-node-type", "RFC 2132 8.7"),
	STR(47, "netbios-scope", "RFC 2132 8.8"),
	IPS(48, "font-servers", "RFC 2132 8.9"),
	IPS(49, "x-display-manager", "RFC 2132 8.10"),
	IP(50, "dhcp-requested-address", "RFC 2132 9.1"),
	U32(51, "dhcp-lease-time", "RFC 2132 9.2"),
	RANGED(52, "dhcp-option-overload", LL_T_U8, 1, 1, 1, 3, 0,
	       "RFC 2132 9.3"),
	RANGED(53, "dhcp-message-type", LL_T_MSGTYPE, 1, 1, 1, 8, 0,
	       "RFC 2132 9.6"),
	IP(54, "dhcp-server-identifier", "RFC 2132 9.7"),
	E(55, "dhcp-parameter-request-list", LL_T_U8S, 1, 65535, 0,
	  "RFC 2132 9.8"),
	STR(56, "dhcp-message", "RFC 2132 9.9"),
	/* Values under 576 are kept and clamped by ll_msg_max_size: some
	 * deployed clients send 548 (576 less the IP/UDP headers). */
	RANGED(57, "dhcp-max-message-size", LL_T_U16, 2, 2, 576, 65535,
	       LL_OF_CLAMP, "RFC 2132 9.10"),
	U32(58, "dhcp-renewal-time", "RFC 2132 9.11"),
	U32(59, "dhcp-rebinding-time", "RFC 2132 9.12"),
	STR(60, "vendor-class-identifier", "RFC 2132 9.13"),
	BIN(61, "dhcp-client-identifier", 2, "RFC 2132 9.14, RFC 4361 6.1"),
	STR(62, "nwip-domain", "RFC 2242 2"),
	BIN(63, "nwip-suboptions", 1, "RFC 2242 3"),
	STR(64, "nisplus-domain", "RFC 2132 8.11"),
	IPS(65, "nisplus-servers", "RFC 2132 8.12"),
	STR(66, "tftp-server-name", "RFC 2132 9.4"),
	STR(67, "bootfile-name", "RFC 2132 9.5"),
	IPS0(68, "mobile-ip-home-agent", "RFC 2132 8.13"),
	IPS(69, "smtp-server", "RFC 2132 8.14"),
	IPS(70, "pop-server", "RFC 2132 8.15"),
	IPS(71, "nntp-server", "RFC 2132 8.16"),
	IPS(72, "www-server", "RFC 2132 8.17"),
	IPS(73, "finger-server", "RFC 2132 8.18"),
	IPS(74, "irc-server", "RFC 2132 8.19"),
	IPS(75, "streettalk-server", "RFC 2132 8.20"),
	IPS(76, "streettalk-directory-assistance-server", "RFC 2132 8.21"),
	E(77, "user-class", LL_T_USERCLASS, 1, 65535, 0, "RFC 3004 4"),
	E(78, "slp-directory-agent", LL_T_SLPDA, 1, 65535, 0, "RFC 2610 3"),
	E(79, "slp-service-scope", LL_T_SLPSCOPE, 1, 65535, 0, "RFC 2610 4"),
	E(80, "rapid-commit", LL_T_EMPTY, 0, 0, 0, "RFC 4039 4"),
	E(81, "fqdn", LL_T_FQDN, 3, 258, 0, "RFC 4702 2"),
	E(82, "relay-agent-information", LL_T_RELAY, 2, 65535, 0,
	  "RFC 3046 2.0"),
	E(83, "isns", LL_T_ISNS, 14, 65535, 0, "RFC 4174 2"),
	STR(86, "nds-tree-name", "RFC 2241 3"),
	STR(87, "nds-context", "RFC 2241 4"),
	IPS(85, "nds-servers", "RFC 2241 2"),
	E(88, "bcms-controller-names", LL_T_DOMAINS, 1, 65535, 0,
	  "RFC 4280 4.1"),
	IPS(89, "bcms-controller-address", "RFC 4280 4.2"),
	U32(91, "client-last-transaction-time", "RFC 4388 6.1"),
	IPS(92, "associated-ip", "RFC 4388 6.1"),
	E(93, "client-system", LL_T_U16S, 2, 65534, 0, "RFC 4578 2.1"),
	BIN(94, "client-ndi", 3, "RFC 4578 2.2"),
	BIN(97, "uuid-guid", 1, "RFC 4578 2.3"),
	STR(100, "pcode", "RFC 4833 2"),
	STR(101, "tcode", "RFC 4833 2"),
	RANGED(108, "v6-only-preferred", LL_T_U32, 4, 4, 0, 0, 0,
	       "RFC 8925 3.1"),
	STR(114, "v4-captive-portal", "RFC 8910 2.1"),
	RANGED(116, "auto-config", LL_T_U8, 1, 1, 0, 1, 0, "RFC 2563 2"),
	IP(118, "subnet-selection", "RFC 3011 3"),
	E(119, "domain-search", LL_T_DOMAINS, 1, 65535, 0, "RFC 3397 2"),
	E(120, "sip-server", LL_T_SIP, 2, 65535, 0, "RFC 3361 3"),
	E(121, "classless-static-routes", LL_T_ROUTES, 5, 65535, 0,
	  "RFC 3442"),
	E(124, "vivco", LL_T_VIVCO, 5, 65535, 0, "RFC 3925 3"),
	E(125, "vivso", LL_T_VIVSO, 5, 65535, 0, "RFC 3925 4"),
	E(137, "v4-lost", LL_T_DOMAIN, 1, 256, 0, "RFC 5223 3"),
	E(138, "capwap-ac-v4", LL_T_IPS, 4, 65532, 4, "RFC 5417 2"),
	E(139, "v4-access-domain-mos", LL_T_MOS, 2, 65535, 0, "RFC 5678 4.1"),
	E(140, "v4-access-domain-fqdn-mos", LL_T_FQDNMOS, 2, 65535, 0,
	  "RFC 5678 4.2"),
	E(145, "forcerenew-nonce-capable", LL_T_U8S, 1, 65535, 0,
	  "RFC 6704 3.1.2"),
	IPS(150, "tftp-server-address", "RFC 5859 3"),
	STR(161, "mud-url", "RFC 8520 10"),
	E(249, "ms-classless-static-routes", LL_T_ROUTES, 5, 65535, 0,
	  "RFC 3442 (Microsoft code)"),
	STR(252, "wpad-url", "draft-ietf-wrec-wpad-01 (WPAD)"),
};

const struct ll_opt_def *ll_opt_def(uint8_t code)
{
	const struct ll_opt_def *d = &ll__opts[code];
	return d->name ? d : NULL;
}

const char *ll_opt_name(uint8_t code)
{
	return ll__opts[code].name;
}

int ll_opt_code(const char *name, size_t len)
{
	if (len > 0 && len <= 3) {
		unsigned v = 0;
		size_t i;
		for (i = 0; i < len && name[i] >= '0' && name[i] <= '9'; i++)
			v = v * 10 + (unsigned)(name[i] - '0');
		if (i == len)
			return v <= 255 ? (int)v : -ENOENT;
	}
	for (unsigned c = 1; c < 255; c++) {
		const char *n = ll__opts[c].name;
		if (n && strlen(n) == len && memcmp(n, name, len) == 0)
			return (int)c;
	}
	return -ENOENT;
}

const char *ll_otype_name(enum ll_otype t)
{
	static const char *const names[LL_T__COUNT] = {
		[LL_T_UNKNOWN] = "unknown", [LL_T_BIN] = "binary",
		[LL_T_STR] = "string", [LL_T_IP] = "ip",
		[LL_T_IPS] = "ip-list", [LL_T_IPPAIRS] = "ip-pairs",
		[LL_T_U8] = "uint8", [LL_T_U16] = "uint16",
		[LL_T_U32] = "uint32", [LL_T_I32] = "int32",
		[LL_T_BOOL] = "boolean", [LL_T_U8S] = "uint8-list",
		[LL_T_U16S] = "uint16-list", [LL_T_EMPTY] = "empty",
		[LL_T_MSGTYPE] = "message-type", [LL_T_DOMAINS] = "domain-list",
		[LL_T_DOMAIN] = "domain", [LL_T_FQDN] = "fqdn",
		[LL_T_RELAY] = "relay-agent", [LL_T_ROUTES] = "classless-routes",
		[LL_T_USERCLASS] = "user-class", [LL_T_SLPDA] = "slp-da",
		[LL_T_SLPSCOPE] = "slp-scope", [LL_T_SIP] = "sip-servers",
		[LL_T_ISNS] = "isns", [LL_T_VIVCO] = "vivco",
		[LL_T_VIVSO] = "vivso", [LL_T_MOS] = "mos",
		[LL_T_FQDNMOS] = "fqdn-mos",
	};
	return (unsigned)t < LL_T__COUNT ? names[t] : "unknown";
}

/* RFC 3046 section 2.0 sub-options, and the later RFCs that add some. */
static const char *const ll__rai[256] = {
	[LL_RAI_CIRCUIT_ID] = "circuit-id",
	[LL_RAI_REMOTE_ID] = "remote-id",
	[4] = "docsis-device-class",          /* RFC 3256 */
	[LL_RAI_LINK_SELECTION] = "link-selection",
	[LL_RAI_SUBSCRIBER_ID] = "subscriber-id",
	[7] = "radius-attributes",            /* RFC 4014 */
	[8] = "authentication",               /* RFC 4030 */
	[LL_RAI_VENDOR_SPECIFIC] = "vendor-specific",
	[10] = "relay-agent-flags",           /* RFC 5010 */
	[LL_RAI_SERVER_ID_OVERRIDE] = "server-id-override",
	[151] = "vss",                        /* RFC 6607 */
};

const char *ll_rai_name(uint8_t sub)
{
	return ll__rai[sub];
}

int ll_rai_code(const char *name, size_t len)
{
	for (unsigned c = 1; c < 256; c++)
		if (ll__rai[c] && strlen(ll__rai[c]) == len &&
		    memcmp(ll__rai[c], name, len) == 0)
			return (int)c;
	unsigned v = 0;
	size_t i;
	for (i = 0; i < len && i < 3 && name[i] >= '0' && name[i] <= '9'; i++)
		v = v * 10 + (unsigned)(name[i] - '0');
	return len && i == len && v <= 255 ? (int)v : -ENOENT;
}
