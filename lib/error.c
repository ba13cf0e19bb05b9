/* Texts of the error values. */
#include <stdio.h>

#include "lanlease/error.h"

static const char *const ll__errtext[LL_E__COUNT] = {
	[LL_OK] = "ok",
	[LL_E_TRUNCATED] = "truncated: shorter than the 240-byte fixed header",
	[LL_E_TOO_BIG] = "message too big",
	[LL_E_BAD_COOKIE] = "bad magic cookie",
	[LL_E_BAD_OP] = "bad op (neither BOOTREQUEST nor BOOTREPLY)",
	[LL_E_BAD_HLEN] = "bad hardware address length",
	[LL_E_OPT_OVERRUN] = "option length runs past the end of its field",
	[LL_E_OPT_LEN] = "option length out of bounds",
	[LL_E_OPT_DUP] = "fixed-length option repeated",
	[LL_E_OPT_VALUE] = "option value out of range",
	[LL_E_OPT_FORMAT] = "malformed option content",
	[LL_E_BAD_OVERLOAD] = "bad option overload value",
	[LL_E_OVERLOAD_NESTED] = "option overload inside sname or file",
	[LL_E_BAD_MSGTYPE] = "bad DHCP message type",
	[LL_E_OP_MISMATCH] = "op does not match the message type",
	[LL_E_NO_SPACE] = "message does not fit",
	[LL_E_SYNTAX] = "syntax error",
	[LL_E_UNKNOWN_NAME] = "unknown field or option name",
	[LL_E_FRAME] = "not an Ethernet/IPv4/UDP frame",
	[LL_E_CHECKSUM] = "bad checksum",
	[LL_E_FRAGMENT] = "IPv4 fragment",
};

const char *ll_strerror(enum ll_err err)
{
	if ((unsigned)err >= LL_E__COUNT)
		return "unknown error";
	return ll__errtext[err];
}

const char *ll_perr_format(const struct ll_perr *pe, char *buf, size_t cap)
{
	if (pe->code)
		snprintf(buf, cap, "%s (option %u) at byte %zu",
			 ll_strerror(pe->err), pe->code, pe->offset);
	else
		snprintf(buf, cap, "%s at byte %zu", ll_strerror(pe->err),
			 pe->offset);
	return buf;
}
