#!/usr/bin/python3
"""Checks lanlease-client's frames in a capture.

forms PCAP MAC: counts the REQUEST forms of RFC 2131 table 5 (RENEWING
unicast with ciaddr and no 50/54; REBINDING broadcast with ciaddr and
no 50/54; SELECTING broadcast with 50 and 54, ciaddr 0; INIT-REBOOT
broadcast with 50, no 54, ciaddr 0) and any REQUEST fitting none; prints name=count lines.

anon PCAP MAC [MAC...]: the RFC 7844 points on every frame the client
sent (any of the MACs); prints one line per point and exits 1 if any
fails.
"""
import sys
from scapy.all import rdpcap, Ether, IP, UDP, BOOTP, DHCP, ARP  # noqa

BCAST = "ff:ff:ff:ff:ff:ff"
NAMES = {"message-type": 53, "param_req_list": 55, "client_id": 61,
         "requested_addr": 50, "server_id": 54, "hostname": 12,
         "client_FQDN": 81, "vendor_class_id": 60, "user_class": 77,
         "max_dhcp_size": 57, "rapid_commit": 80}


def options(p):
    """(code, value) pairs in wire order, from the raw bytes."""
    raw = bytes(p[BOOTP])[240:]
    out, i = [], 0
    while i < len(raw):
        c = raw[i]
        if c == 0:
            i += 1
            continue
        if c == 255:
            break
        n = raw[i + 1]
        out.append((c, raw[i + 2:i + 2 + n]))
        i += 2 + n
    return out


def ours(pcap, macs):
    for p in rdpcap(pcap):
        if Ether in p and p[Ether].src.lower() in macs and BOOTP in p \
                and p[BOOTP].op == 1:
            yield p


def forms(pcap, mac):
    n = {"renew": 0, "rebind": 0, "select": 0, "reboot": 0, "other": 0}
    for p in ours(pcap, [mac]):
        o = dict(options(p))
        if o.get(53) != b"\x03":
            continue
        ci = p[BOOTP].ciaddr != "0.0.0.0"
        bc = p[Ether].dst == BCAST
        if ci and not bc and 50 not in o and 54 not in o and \
                p[IP].dst != "255.255.255.255":
            n["renew"] += 1
        elif ci and bc and 50 not in o and 54 not in o:
            n["rebind"] += 1
        elif not ci and bc and 50 in o and 54 in o:
            n["select"] += 1
        elif not ci and bc and 50 in o and 54 not in o:
            n["reboot"] += 1
        else:
            n["other"] += 1
    for k, v in n.items():
        print(f"{k}={v}")


def anon(pcap, macs):
    prl = bytes([1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 121, 249, 252])
    never = {12, 81, 60, 77, 43, 124, 125, 93, 94, 97, 57, 80, 161}
    bad = []
    orders, xids, ipids, ndisc = set(), {}, [], 0
    pkts = list(ours(pcap, macs))
    offered = set()  # (chaddr, address) a server gave that MAC
    for p in rdpcap(pcap):
        if BOOTP in p and p[BOOTP].op == 2:
            offered.add((bytes(p[BOOTP].chaddr[:6]), p[BOOTP].yiaddr))
    for p in pkts:
        o = options(p)
        codes = [c for c, _ in o]
        d = dict(o)
        t = d.get(53, b"\0")[0]
        mac = p[Ether].src.lower()
        if t == 1:
            ndisc += 1
            orders.add(tuple(codes))
            if set(codes) - {53, 55, 61}:
                bad.append("1: DISCOVER with " + str(codes))
            if 50 in d:
                bad.append("3: 50 in DISCOVER")
        if t == 3 and set(codes) - {53, 55, 61, 50, 54}:
            bad.append("1: REQUEST with " + str(codes))
        if t == 3 and p[BOOTP].ciaddr == "0.0.0.0" and 54 not in d:
            bad.append("3: INIT-REBOOT REQUEST")
        if t == 7:
            bad.append("8: RELEASE sent")
        ch = bytes(p[BOOTP].chaddr[:6])
        for a in ([p[BOOTP].ciaddr] if p[BOOTP].ciaddr != "0.0.0.0"
                  else []) + ([".".join(map(str, d[50]))] if 50 in d else []):
            if (ch, a) not in offered:
                bad.append("3: %s asked for %s, never given to it"
                           % (mac, a))
        if never & set(codes):
            bad.append("7: sent " + str(sorted(never & set(codes))))
        if bytes(p[BOOTP].chaddr[:6]) != bytes.fromhex(mac.replace(":", "")):
            bad.append("4: chaddr != Ethernet source")
        if 61 in d and d[61] != b"\x01" + bytes.fromhex(mac.replace(":", "")):
            bad.append("5: client-id is not 01 + the MAC")
        if 55 in d and d[55] != prl:
            bad.append("6: PRL " + d[55].hex())
        if len(bytes(p[BOOTP])) < 300:
            bad.append("9: message under 300 bytes")
        if t in (1, 3):
            xids.setdefault(p[BOOTP].xid, set()).add(t)
        ipids.append(p[IP].id)
    print(f"frames={len(pkts)} discovers={ndisc} orders={len(orders)} "
          f"xids={len(xids)} ip_ids={len(set(ipids))}")
    if ndisc >= 20 and len(orders) < 2:
        bad.append("2: one option order in %d DISCOVERs" % ndisc)
    if len(pkts) > 2 and len(set(ipids)) < len(ipids) * 0.8:
        bad.append("9: IP IDs repeat: %s" % ipids)
    if 0 in ipids and len(ipids) > 3 and ipids.count(0) > 1:
        bad.append("9: IP ID zero")
    for b in sorted(set(bad)):
        print("FAIL " + b)
    return 1 if bad or not pkts else 0


if __name__ == "__main__":
    if sys.argv[1] == "forms":
        forms(sys.argv[2], sys.argv[3].lower())
    else:
        sys.exit(anon(sys.argv[2], [m.lower() for m in sys.argv[3:]]))
