-- An example lanleased configuration with hooks (lanleased.conf(5),
-- lanleased-hooks(7)). Settings first, then plain functions.
interfaces = { "eth0" }
database = { driver = "sqlite", path = "/var/lib/lanlease/lanlease.sqlite" }
authoritative = false
lease_time = 3600
lookup = { "mac", "client-id", "circuit-id" }
suspend_threshold = 20
misbehaving_client_timeout = 150

local handlers = require("_handlers")

function init()
    logger.info("lanleased hooks ready on worker", WORKER)
end

function filter_packet(packet, method, mac, client_ip, relay_ip, port)
    if not handlers.allowed(mac) then
        return false
    end
    return true
end
