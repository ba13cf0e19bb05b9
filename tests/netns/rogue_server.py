#!/usr/bin/python3
"""A hostile DHCP server for lanlease-client's tests (scapy).

rogue_server.py IFACE ADDR CANARY: answers each DISCOVER with every
malformed OFFER class below, then with a well-formed OFFER whose text
options (12, 15, 119, 252) hold shell metacharacters, newlines and
255-byte values meant to run 'touch CANARY' if anything passes them to a
shell; answers each REQUEST the same way with ACKs. Runs until killed.
"""
import struct
import sys

from scapy.all import (BOOTP, DHCP, IP, UDP, Ether, conf, sniff, raw)

IFACE, ADDR, CANARY = sys.argv[1], sys.argv[2], sys.argv[3]
SERVER = "10.77.0.1"
inj = "x;touch %s;`touch %s`$(touch %s)" % (CANARY, CANARY, CANARY)
HOSTILE = [
    ("hostname", inj.encode()),
    ("domain", ("evil.example\ntouch %s\n" % CANARY).encode()),
    (119, b"\x05e$(x)\x07example\x00" + bytes([63]) + b"a" * 63 + b"\x00"),
    (252, ("http://w/`touch %s`\n" % CANARY).encode()),
]
sock = conf.L2socket(iface=IFACE)
mac = open("/sys/class/net/%s/address" % IFACE).read().strip()


def base(req, mtype, extra=()):
    opts = [("message-type", mtype), ("server_id", SERVER),
            ("subnet_mask", "255.255.255.0"), ("router", SERVER),
            ("lease_time", 600), ("name_server", SERVER)]
    opts += list(extra) + ["end"]
    return (Ether(src=mac, dst=req[Ether].src) /
            IP(src=SERVER, dst="255.255.255.255") /
            UDP(sport=67, dport=68) /
            BOOTP(op=2, xid=req[BOOTP].xid, yiaddr=ADDR,
                  chaddr=req[BOOTP].chaddr, siaddr=SERVER) /
            DHCP(options=opts))


def patch(frame, off, data):
    """Bytes of the frame with the DHCP payload changed at off."""
    b = bytearray(raw(frame))
    p = 42 + off
    b[p:p + len(data)] = data
    return bytes(b)


def bad_frames(req, mtype):
    good = base(req, mtype)
    g = raw(good)
    pay = g[42:]
    out = []
    def with_payload(p):
        f = base(req, mtype)
        f[UDP].remove_payload()
        return raw(Ether(raw(f)[:14]) / IP(src=SERVER, dst="255.255.255.255")
                   / UDP(sport=67, dport=68) / p)
    out.append(with_payload(pay[:100]))            # shorter than BOOTP
    out.append(with_payload(pay[:236]))            # no cookie
    out.append(patch(good, 236, b"\x63\x82\x53\x00"))  # bad cookie
    out.append(with_payload(pay[:240] + b"\x35\x01"))  # option cut short
    out.append(with_payload(pay[:240] + b"\x35\x01" + bytes([mtype]) +
                            b"\x01\x08\xff"))      # length past the end
    out.append(with_payload(pay[:240] + b"\x35\x01" + bytes([mtype])))  # no END
    out.append(patch(good, 2, b"\x11"))            # hlen 17
    out.append(patch(good, 0, b"\x01"))            # op BOOTREQUEST
    out.append(patch(good, 4, b"\0\0\0\0"))        # wrong xid
    out.append(patch(good, 28, b"\x02\0\0\0\0\x01"))  # another chaddr
    for y in ("0.0.0.0", "255.255.255.255", "127.0.0.1", "224.0.0.1",
              "240.0.0.1", "10.77.0.255"):
        f = base(req, mtype)
        f[BOOTP].yiaddr = y
        out.append(raw(f))
    for extra in ([("subnet_mask", "255.0.255.0")],):
        out.append(raw(base(req, mtype, extra)))
    bad_opts = [b"\x01\x03\xff\xff\xff", b"\x36\x05\x0a\x4d\x00\x01\x00",
                b"\x33\x02\x00\x10", b"\x35\x00", b"\x35\x02\x02\x05",
                b"\x34\x01\x03", b"\x79\x05\x21\x0a\x00\x00\x01",
                b"\x77\x04\x01\x61\xc0\x00", b"\x0f\xff" + b"a" * 255,
                b"\x0c\xff" + b";" * 255]
    for o in bad_opts:
        out.append(with_payload(pay[:240] + b"\x35\x01" + bytes([mtype]) +
                                b"\x36\x04\x0a\x4d\x00\x01" + o + b"\xff"))
    f = base(req, mtype)
    f[UDP].chksum = 0x1234                           # bad UDP checksum
    out.append(raw(f))
    f = base(req, mtype)
    f[IP].chksum = 0x1234                            # bad IP checksum
    out.append(raw(f))
    f = base(req, mtype)
    f[IP].flags = "MF"                               # a fragment
    out.append(raw(f))
    return out


def handle(p):
    if BOOTP not in p or p[BOOTP].op != 1 or DHCP not in p:
        return
    t = dict(o for o in p[DHCP].options if isinstance(o, tuple)).get(
        "message-type")
    if t not in (1, 3):
        return
    reply = 2 if t == 1 else 5
    for f in bad_frames(p, reply):
        sock.send(f)
    sock.send(raw(base(p, reply, HOSTILE)))


sniff(iface=IFACE, filter="udp dst port 67", prn=handle, store=False)
