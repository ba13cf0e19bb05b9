-- A module beside conf.lua: extensions/ is on the module path, so
-- conf.lua can say local handlers = require("_handlers").
local M = {}

-- Blacklist: MACs that never get an answer.
M.blocked = { ["02:bb:00:00:00:66"] = true }

function M.allowed(mac)
    return not M.blocked[mac]
end

return M
