/* lanlease-client's sandbox (sandbox.c); apart from cli.h because
 * libseccomp's headers define names that clash with the codec's. */
#ifndef LL_CLI_SANDBOX_H
#define LL_CLI_SANDBOX_H
#include <stdbool.h>
/* Becomes user keeping only CAP_NET_ADMIN and CAP_NET_RAW, then
 * installs the seccomp filter. 0 or -errno. */
int ll_sandbox(const char *user, bool seccomp);
#endif
