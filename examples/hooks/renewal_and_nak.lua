-- The guide's load_dhcp_packet example: T1 of one minute for addresses
-- whose last octet is a multiple of 3; otherwise a REQUEST has an even
-- chance of becoming a NAK; otherwise 10% of replies are dropped.
function load_dhcp_packet(packet, method, mac, definition, relay_ip, port,
                          source_packet)
    local last = definition and dhcp.ip_to_list(definition.ip)[4]
    if last and last % 3 == 0 then
        packet:set("dhcp-renewal-time", 60)
    elseif method:sub(1, 8) == "REQUEST:" and math.random() < 0.5 then
        packet:nak()
    elseif math.random() < 0.1 then
        return false
    end
    return true
end
