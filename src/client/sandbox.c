/* After the sockets are open the client keeps only CAP_NET_ADMIN (to
 * configure the interface) and CAP_NET_RAW (ARP and DHCP frames), as an
 * unprivileged user, under a seccomp allow-list: the code that parses
 * what the network sends can do little else even if subverted. */
#include <cap-ng.h>
#include <errno.h>
#include <pwd.h>
#include <seccomp.h>
#include <string.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "sandbox.h"

static const int allowed[] = {
	SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(readv), SCMP_SYS(writev),
	SCMP_SYS(close), SCMP_SYS(poll), SCMP_SYS(ppoll),
	SCMP_SYS(recvfrom), SCMP_SYS(recvmsg), SCMP_SYS(sendto),
	SCMP_SYS(sendmsg), SCMP_SYS(setsockopt), SCMP_SYS(getsockopt),
	SCMP_SYS(getsockname), SCMP_SYS(clock_gettime), SCMP_SYS(gettimeofday),
	SCMP_SYS(time), SCMP_SYS(getrandom), SCMP_SYS(rt_sigprocmask),
	SCMP_SYS(rt_sigaction), SCMP_SYS(rt_sigreturn), SCMP_SYS(signalfd4),
	SCMP_SYS(exit_group), SCMP_SYS(exit), SCMP_SYS(brk), SCMP_SYS(mmap),
	SCMP_SYS(munmap), SCMP_SYS(mremap), SCMP_SYS(madvise),
	SCMP_SYS(futex), SCMP_SYS(fstat), SCMP_SYS(newfstatat),
	SCMP_SYS(lseek), SCMP_SYS(getpid), SCMP_SYS(gettid),
	SCMP_SYS(fcntl), SCMP_SYS(ioctl), SCMP_SYS(restart_syscall),
	SCMP_SYS(clock_nanosleep), SCMP_SYS(nanosleep),
};

static int filter(void)
{
	scmp_filter_ctx f = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	int e = f ? 0 : -ENOMEM;

	for (size_t i = 0; !e && i < sizeof(allowed) / sizeof(allowed[0]); i++)
		e = seccomp_rule_add(f, SCMP_ACT_ALLOW, allowed[i], 0);
	/* mprotect never makes memory executable */
	if (!e)
		e = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
				     SCMP_A2(SCMP_CMP_MASKED_EQ, 4, 0));
	if (!e)
		e = seccomp_load(f);
	seccomp_release(f);
	return e;
}

/* The user from /etc/passwd itself (fgetpwent, not NSS: the client is
 * linked statically, and a sandbox user is a local system user). */
static int find_user(const char *user, uid_t *uid, gid_t *gid)
{
	FILE *f = fopen("/etc/passwd", "re");
	struct passwd *pw;
	int found = 0;

	if (!f)
		return 0;
	while (!found && (pw = fgetpwent(f)))
		if (!strcmp(pw->pw_name, user)) {
			*uid = pw->pw_uid;
			*gid = pw->pw_gid;
			found = 1;
		}
	fclose(f);
	return found;
}

int ll_sandbox(const char *user, bool seccomp)
{
	uid_t uid;
	gid_t gid;

	if (geteuid() == 0 && user) {
		if (!find_user(user, &uid, &gid)) {
			fprintf(stderr, "lanlease-client: no user %s in "
				"/etc/passwd\n", user);
			return -ENOENT;
		}
		capng_clear(CAPNG_SELECT_ALL);
		capng_updatev(CAPNG_ADD,
			      CAPNG_EFFECTIVE | CAPNG_PERMITTED |
				      CAPNG_BOUNDING_SET,
			      CAP_NET_ADMIN, CAP_NET_RAW, -1);
		/* the bounding set first, while CAP_SETPCAP is still held */
		if (capng_apply(CAPNG_SELECT_BOUNDS) ||
		    capng_change_id((int)uid, (int)gid,
				    CAPNG_DROP_SUPP_GRP))
			return -EPERM;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	return seccomp ? filter() : 0;
}
