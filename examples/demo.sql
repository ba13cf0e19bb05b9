-- The demo's database: one subnet and two clients (staticDHCPd's tables).
INSERT INTO subnets (subnet, serial, lease_time, gateway, subnet_mask,
  broadcast_address, domain_name_servers, domain_name)
  VALUES ('demo', 0, 600, '10.77.0.1', '255.255.255.0', '10.77.0.255',
          '10.77.0.1', 'demo.example');
INSERT INTO maps (mac, ip, hostname, subnet, serial)
  VALUES ('02:11:22:33:44:55', '10.77.0.50', 'demo-client', 'demo', 0);
INSERT INTO maps (mac, ip, hostname, subnet, serial)
  VALUES ('02:11:22:33:44:66', '10.77.0.51', 'second-client', 'demo', 0);
INSERT INTO options (ip, code, value) VALUES ('10.77.0.50', 42, '10.77.0.1');
