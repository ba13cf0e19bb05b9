-- A lossy network, faked: drop 20% of all packets received.
function filter_packet(packet, method, mac, client_ip, relay_ip, port)
    return math.random() > 0.2
end
