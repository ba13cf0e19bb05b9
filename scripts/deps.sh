#!/bin/bash
# Installs the Debian packages named on the command line that are not
# installed yet; does nothing (and needs no network) when all are.
set -euo pipefail
missing=()
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "deps: installing ${missing[*]}"
SUDO=
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
echo "wireshark-common wireshark-common/install-setuid boolean false" |
	$SUDO debconf-set-selections
# DHCP servers among the packages must never start on a host interface:
# forbid every service start while installing (invoke-rc.d honours
# policy-rc.d; exit 101 means "action forbidden").
restore=
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
	$SUDO chmod +x /usr/sbin/policy-rc.d
	restore=1
fi
cleanup() {
	if [ -n "$restore" ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi
}
trap cleanup EXIT
$SUDO apt-get update -qq >/tmp/lanlease-deps.log 2>&1 ||
	{ tail -30 /tmp/lanlease-deps.log; exit 1; }
# a package whose configuration step failed once (a service script, a
# lock) usually configures on a second try: retry once before failing
install() {
	$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" \
		>/tmp/lanlease-deps.log 2>&1
}
if ! install; then
	echo "deps: first attempt failed, retrying:"
	tail -5 /tmp/lanlease-deps.log
	$SUDO dpkg --configure -a >/dev/null 2>&1 || true
	install || { tail -30 /tmp/lanlease-deps.log; exit 1; }
fi
# and none is left enabled to start at boot
for svc in isc-dhcp-server kea-dhcp4-server dnsmasq mariadb postgresql; do
	command -v systemctl >/dev/null && $SUDO systemctl disable --now "$svc" \
		>/dev/null 2>&1 || true
done
exit 0
