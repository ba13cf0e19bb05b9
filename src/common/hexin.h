/* Reading packets given by users: hex text, raw files, pcap captures. */
#ifndef LL_HEXIN_H
#define LL_HEXIN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Reads a whole stream; returns a malloc'd buffer or NULL (errno). */
uint8_t *ll_read_all(FILE *f, size_t *len);
/* True when the bytes are hex text: hex digits, white space, ':' '-',
 * an optional 0x prefix per run. */
bool ll_looks_hex(const uint8_t *p, size_t n);
/* Decodes hex text (as above) into out; returns bytes or -1. */
long ll_hex_text(const char *s, size_t n, uint8_t *out, size_t cap);
/* True when the bytes start like a pcap or pcapng file. */
bool ll_looks_pcap(const uint8_t *p, size_t n);
#endif
