-- lanleased example configuration (every key: lanleased.conf(5)).
-- make demo runs it in a throwaway namespace; LANLEASE_DB and
-- LANLEASE_IFACE let the demo point it at its own files.

interfaces = { os.getenv("LANLEASE_IFACE") or "eth1" }
database = {
  driver = "sqlite",
  path = os.getenv("LANLEASE_DB") or "/var/lib/lanlease/lanlease.sqlite",
}
authoritative = false
lease_time = 600

-- what every client gets unless its subnet or its own row says otherwise
defaults = {
  domain_name_servers = "10.77.0.1",
}

-- the lookup chain, tried in order; the first row wins
lookup = {
  "mac",
  "client-id",
  "circuit-id",
  "switch-port",
}

-- switch MAC and port cut out of Option 82 (pydhcpdb style), used by
-- the switch-port step
variables = {
  "option_82_hex:switch_mac:26:40",
  "option_82_hex:switch_port:16:18",
}
