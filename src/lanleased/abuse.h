/* lanleased: staticDHCPd's abuse control, shared by the workers: a
 * per-MAC packet counter that decays by one a second, suspensions with
 * a deadline (misbehaving clients, unknown clients, filter_packet's
 * blacklist). */
#ifndef LL_LANLEASED_ABUSE_H
#define LL_LANLEASED_ABUSE_H
#include <stdbool.h>
#include <stdint.h>

struct ll_abuse;

struct ll_abuse *ll_abuse_new(void);
void ll_abuse_free(struct ll_abuse *A);
/* Counts a packet from mac; true when the MAC is suspended (drop). A
 * count past threshold (0: off) suspends it for secs. */
bool ll_abuse_packet(struct ll_abuse *A, const uint8_t mac[6], int64_t now,
		     uint32_t threshold, uint32_t secs);
/* Suspends mac until now + secs (logged with why). */
void ll_abuse_suspend(struct ll_abuse *A, const uint8_t mac[6], int64_t now,
		      uint32_t secs, const char *why);
/* Suspended MACs now; fills up to max of them and, when until is not
 * NULL, their deadlines (for stats, the log and the API). */
unsigned ll_abuse_suspended(struct ll_abuse *A, int64_t now,
			    uint8_t (*macs)[6], int64_t *until, unsigned max);
/* Lifts mac's suspension (and resets its packet count); true when it
 * was suspended. */
bool ll_abuse_lift(struct ll_abuse *A, const uint8_t mac[6], int64_t now);
#endif
