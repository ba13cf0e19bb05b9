# DHCPig 1.5 (Debian 12) passes options to scapy the Python 2 way (one
# chr() per value); scapy 2.5 wants ints and bytes. Convert on the way in.
try:
    import scapy.layers.dhcp as _d
    _orig = _d.DHCPOptionsField.i2m

    def _fix(o):
        if not isinstance(o, tuple) or len(o) < 2:
            return o
        name, vals = o[0], o[1:]
        if name == "param_req_list":
            return (name,) + tuple(ord(v) if isinstance(v, str) else v for v in vals)
        if any(isinstance(v, str) for v in vals) and len(vals) > 1:
            return (name, b"".join(v.encode("latin-1") if isinstance(v, str) else v for v in vals))
        if name == "end":
            return "end"
        return o

    def _i2m(self, pkt, x):
        return _orig(self, pkt, [_fix(o) for o in x] if isinstance(x, list) else x)

    _d.DHCPOptionsField.i2m = _i2m
except Exception:
    pass

import builtins as _b
_b.xrange = range
import binascii as _ba
_hexlify = _ba.hexlify
_ba.hexlify = lambda b, *a: _hexlify(b, *a).decode()  # only DHCPig uses it
