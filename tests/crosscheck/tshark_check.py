#!/usr/bin/python3
"""Cross-check of the codec against tshark, an independent decoder.

gen-allopts writes one DHCPACK per option of our table (plus variants)
into a pcap, and our own rendering of each option. tshark (PDML) must:
  * decode every packet without a malformed-packet or expert error;
  * show, for each option, the same raw value bytes we encoded;
  * show every value our text form holds (addresses, numbers, strings,
    names, routes, sub-option values) among the fields of that option.
Exits non-zero on any difference; prints 'N passed, N failed'."""
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

ERROR_SEVERITY = 8388608  # _ws.expert.severity for errors
RAW_FIELDS = {'dhcp.option.length', 'dhcp.option.value', 'dhcp.option.end'}
# Wireshark renders 137 as text instead of RFC 1035 labels (RFC 5223 3
# says labels): its typed field cannot match, the raw bytes still must.
KNOWN_QUIRKS = {137: 'Wireshark shows v4-lost as text, not RFC 1035 labels'}


def route_atoms(value):
    """RFC 3442 routes as tshark shows them: dest/len-router, 'default'."""
    out = []
    for r in value.split(','):
        dest, gw = r.split('->')
        out.append(('default' if dest == '0.0.0.0/0' else dest) + '-' + gw)
    return out


def atoms(value, otype=''):
    """The values inside one option's text form (keys and hex dropped)."""
    if otype == 'classless-routes':
        return route_atoms(value)
    out = []
    for tok in re.findall(r'"(?:[^"\\]|\\.)*"|[^,\[\]{}]+', value):
        if '=' in tok and not tok.startswith('"'):
            tok = tok.split('=', 1)[1]
        if not tok or tok.startswith('hex:'):
            continue
        if tok.startswith('"'):
            out.append(bytes(tok[1:-1], 'utf-8').decode('unicode_escape'))
            continue
        for part in re.split(r'->|/(?=\d+\.)', tok):
            out.append({'true': '1', 'false': '0'}.get(part, part))
    return [a.rstrip('.') for a in out if a]


def descendants(field):
    for f in field.iter('field'):
        if f is field:
            continue
        yield f


def show_values(field):
    vals = []
    for f in descendants(field):
        for key in ('show', 'showname'):
            v = f.get(key)
            if v:
                vals.append(v.strip().rstrip('.').lower())
    return vals


def as_int(v):
    try:
        return int(v, 0)
    except ValueError:
        return None


def matches(atom, vals):
    a = atom.lower()
    if any(v == a for v in vals):
        return True
    if a.lstrip('-').isdigit() and any(as_int(v) == int(a) for v in vals):
        return True
    hexform = ':'.join('%02x' % b for b in atom.encode('latin-1', 'replace'))
    if len(atom) > 1 and any(hexform in v for v in vals):
        return True
    if len(a) >= 4 or re.match(r'^\d+\.\d+', a):
        return any(a in v for v in vals)
    # short numbers: as a whole word in a field's display line
    return any(re.search(r'(^|[^\w.])' + re.escape(a) + r'($|[^\w.])', v)
               for v in vals)


def expert_errors(packet):
    errs = []
    for f in packet.iter('field'):
        if f.get('name') == '_ws.malformed':
            errs.append('malformed packet')
        if f.get('name') == '_ws.expert.severity' and \
                int(f.get('show', '0')) >= ERROR_SEVERITY:
            errs.append('expert error')
    for p in packet.iter('proto'):
        if p.get('name') == '_ws.malformed':
            errs.append('malformed packet')
    return errs


def main():
    gen, _probe = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp(prefix='lltshark.')
    pcap, exp = os.path.join(tmp, 'all.pcap'), os.path.join(tmp, 'all.jsonl')
    subprocess.run([gen, pcap, exp], check=True)
    pdml = subprocess.run(['tshark', '-r', pcap, '-T', 'pdml'], check=True,
                          capture_output=True).stdout
    packets = ET.fromstring(pdml).findall('packet')
    expected = [json.loads(line) for line in open(exp)]
    passed = failed = 0
    for e in expected:
        pkt = packets[e['frame'] - 1]
        problems = expert_errors(pkt)
        note = ''
        opts = [f for f in pkt.iter('field')
                if f.get('name') == 'dhcp.option.type'
                and f.get('show') == str(e['code'])]
        if not opts:
            problems.append('tshark shows no option %d' % e['code'])
        else:
            raw = ''.join(f.get('value', '') for o in opts
                          for f in o.findall('field')
                          if f.get('name') == 'dhcp.option.value')
            if e['hex'] and raw != e['hex']:
                problems.append('raw %s != ours %s' % (raw, e['hex']))
            typed = [f for o in opts for f in descendants(o)
                     if f.get('name') not in RAW_FIELDS]
            vals = [v for o in opts for v in show_values(o)]
            note = ''
            if not typed:
                note = ' [raw only: tshark has no decoder for it]'
            elif e['code'] in KNOWN_QUIRKS:
                note = ' [raw only: %s]' % KNOWN_QUIRKS[e['code']]
            for a in (atoms(e['value'], e['type']) if not note else []):
                if not matches(a, vals):
                    problems.append('value %r not shown (tshark: %s)'
                                    % (a, vals[:12]))
        label = 'option %d %s (%s) = %s' % (e['code'], e['name'], e['type'],
                                            e['value'])
        label += note if opts else ''
        if problems:
            failed += 1
            print('FAIL', label)
            for p in problems:
                print('     ', p)
        else:
            passed += 1
            print('ok  ', label)
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed or passed == 0 else 0


if __name__ == '__main__':
    sys.exit(main())
