-- The scripting guide's first example: a function that writes to the
-- log whenever a tick occurs (about once a second), registered by init().
local function tick_logger()
    logger.info("Ticked!")
end

function init()
    callbacks.add_tick(tick_logger)
end
