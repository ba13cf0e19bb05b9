-- A code-driven database: one unknown MAC gets the guest box's lease.
function handle_unknown_mac(packet, method, mac, client_ip, relay_ip, port)
    if mac == "aa:bb:cc:dd:ee:ff" then
        return {
            ip = "10.77.0.100", lease_time = 600,
            subnet = "10.77.0.0/24", serial = 0,
            hostname = "guestbox",
            subnet_mask = "255.255.255.0",
            broadcast_address = "10.77.0.255",
            domain_name = "guestbox.example.org",
            domain_name_servers = { "10.77.0.5", "10.77.0.6", "10.77.0.7" },
            ntp_servers = { "10.77.0.8", "10.77.0.9" },
        }
    end
    return nil
end
