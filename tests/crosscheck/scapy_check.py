#!/usr/bin/python3
"""Cross-check of the codec against scapy (Debian's python3-scapy).

scapy builds DHCP packets (random header fields, every option scapy
knows how to encode with a typed value); lanlease-probe decode --json
decodes them; every header field and option value must agree with what
scapy put in. Prints 'N passed, N failed'."""
import json
import random
import subprocess
import sys

import logging
logging.getLogger('scapy.runtime').setLevel(logging.ERROR)
from scapy.layers.dhcp import BOOTP, DHCP, DHCPOptions  # noqa: E402

TYPES = {1: 'DISCOVER', 2: 'OFFER', 3: 'REQUEST', 4: 'DECLINE', 5: 'ACK',
         6: 'NAK', 7: 'RELEASE', 8: 'INFORM'}


def rnd_ip(r):
    return '%d.%d.%d.%d' % tuple(r.randrange(256) for _ in range(4))


def unquote(s):
    assert s[0] == '"' and s[-1] == '"', s
    return s[1:-1].encode('latin-1').decode('unicode_escape').encode('latin-1')


def packets(seed):
    r = random.Random(seed)
    out = []
    for i in range(40):
        mac = bytes([2] + [r.randrange(256) for _ in range(5)])
        reply = i % 2 == 1
        mtype = r.choice([2, 5, 6]) if reply else r.choice([1, 3, 4, 7, 8])
        hdr = dict(op=2 if reply else 1, xid=r.randrange(1 << 32),
                   secs=r.randrange(1 << 16),
                   flags=r.choice([0, 0x8000]), hops=r.randrange(4),
                   ciaddr=rnd_ip(r), yiaddr=rnd_ip(r), siaddr=rnd_ip(r),
                   giaddr=rnd_ip(r), chaddr=mac + bytes(10),
                   sname=('srv%d' % i).encode(), file=('boot%d' % i).encode())
        opts = [('message-type', mtype)]
        if reply:
            opts += [('server_id', rnd_ip(r)), ('lease_time', r.randrange(1 << 31)),
                     ('renewal_time', 1800), ('rebinding_time', 3150),
                     ('subnet_mask', '255.255.255.0'),
                     ('router', rnd_ip(r), rnd_ip(r)),
                     ('name_server', rnd_ip(r), rnd_ip(r), rnd_ip(r)),
                     ('domain', b'example.net'), ('broadcast_address', rnd_ip(r)),
                     ('NTP_server', rnd_ip(r)), ('interface-mtu', 1500),
                     ('time_zone', r.randrange(1 << 31)),
                     ('tftp_server_name', b'tftp.example.net'),
                     ('boot-file-name', b'pxelinux.0'),
                     ('classless_static_routes', ['10.0.0.0/8:10.0.0.1',
                                                  '0.0.0.0/0:10.0.0.254']),
                     ('NetBIOS_server', rnd_ip(r)), ('NetBIOS_node_type', 8),
                     ('default_ttl', 64), ('arp_cache_timeout', 60),
                     ('swap-server', rnd_ip(r)), ('boot-size', 1024),
                     ('error_message', b'no address')]
        else:
            opts += [('client_id', b'\x01' + mac),
                     ('param_req_list', [1, 3, 6, 15, 119, 121, 252]),
                     ('max_dhcp_size', 1500), ('hostname', b'host-%d' % i),
                     ('vendor_class_id', b'MSFT 5.0'),
                     ('requested_addr', rnd_ip(r))]
        out.append(BOOTP(**hdr) / DHCP(options=opts + ['end']))
    return out


def decode(raw):
    p = subprocess.run([sys.argv[1], 'decode', '--json', raw.hex()],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise AssertionError('decode failed: ' + p.stderr.strip())
    return json.loads(p.stdout)


def expect_value(name, vals, ours):
    """Compares scapy's typed value(s) with our text form."""
    fld = [f for f in DHCPOptions.values()
           if not isinstance(f, str) and f.name == name]
    kind = type(fld[0]).__name__ if fld else 'str'
    if name == 'message-type':
        return TYPES[vals[0]] == ours
    if name == 'classless_static_routes':
        return ','.join(v.replace(':', '->') for v in vals[0]) == ours
    if name == 'param_req_list':
        return ','.join(str(v) for v in vals[0]) == ours
    if kind == 'IPField':
        return ','.join(vals) == ours
    if kind in ('IntField', 'ShortField', 'ByteField'):
        return str(vals[0]) == ours
    if isinstance(vals[0], bytes):
        if ours.startswith('hex:'):
            return vals[0].hex() == ours[4:]
        return vals[0] == unquote(ours)
    return False


def check(pkt, got):
    b = pkt[BOOTP]
    probs = []
    hdr = {'op': 'BOOTREPLY' if b.op == 2 else 'BOOTREQUEST', 'hops': b.hops,
           'xid': '0x%08x' % b.xid, 'secs': b.secs, 'flags': '0x%04x' % int(b.flags),
           'ciaddr': b.ciaddr, 'yiaddr': b.yiaddr, 'siaddr': b.siaddr,
           'giaddr': b.giaddr, 'htype': b.htype, 'hlen': b.hlen,
           'chaddr': ':'.join('%02x' % c for c in b.chaddr[:6]),
           'sname': b.sname.rstrip(b'\0').decode(),
           'file': b.file.rstrip(b'\0').decode()}
    for k, v in hdr.items():
        if got[k] != v:
            probs.append('%s: scapy %r, ours %r' % (k, v, got[k]))
    ours = {o['code']: o for o in got['options']}
    rev = {v if isinstance(v, str) else v.name: k for k, v in DHCPOptions.items()}
    for opt in pkt[DHCP].options:
        if opt in ('end', 'pad'):
            continue
        code = rev[opt[0]]
        o = ours.get(code)
        if o is None:
            probs.append('option %d (%s) missing' % (code, opt[0]))
        elif not expect_value(opt[0], list(opt[1:]), o['value']):
            probs.append('option %d (%s): scapy %r, ours %r'
                         % (code, opt[0], opt[1:], o['value']))
    if len(ours) != len([o for o in pkt[DHCP].options if o not in ('end', 'pad')]):
        probs.append('option count differs')
    return probs


def main():
    passed = failed = 0
    for i, pkt in enumerate(packets(7844)):
        raw = bytes(pkt)
        try:
            probs = check(BOOTP(raw), decode(raw))
        except AssertionError as e:
            probs = [str(e)]
        if probs:
            failed += 1
            print('FAIL packet %d' % i)
            for p in probs:
                print('     ', p)
        else:
            passed += 1
            print('ok   packet %d (%d options)' % (i, len(pkt[DHCP].options) - 1))
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == '__main__':
    sys.exit(main())
