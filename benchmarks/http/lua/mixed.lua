-- The mixed agent workload: 40% queue pages, 30% ticket details, 30%
-- durable commands, on a working set of open tickets that turns over the way
-- a helpdesk's does: each ticket gets TICKETD_REPLIES public replies (4),
-- then is resolved and leaves the set, and a new ticket is opened in its
-- place (its id comes back in the 201 answer). So tickets keep the size real
-- ones have, and a soak measures the server rather than ever-growing
-- tickets. Each wrk thread works its own share of the tickets.
package.path = os.getenv("TICKETD_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")
setup = common.setup

local kReplies = tonumber(os.getenv("TICKETD_REPLIES") or "4")
local active, replies, tenants, n, cursor, want, opening, opened
function init(args)
  active = common.load_ids_slice()
  want = #active
  -- Tickets start at staggered points of their life, so resolving and
  -- opening go on evenly from the start rather than in waves.
  replies = {}
  for i, id in ipairs(active) do replies[id] = i % (kReplies + 1) end
  tenants = common.load_tenants()
  n, cursor, opening, opened = 0, 0, 0, 0
end

local function command()
  if #active + opening < want then
    opening = opening + 1
    opened = opened + 1
    local tenant = tenants[opened % #tenants + 1]
    local body = string.format(
      '{"tenant":"%s","requester":{"email":"mixed%d-%d@%s.test","name":"Mixed"},' ..
      '"subject":"Mixed workload ticket %d","description":"Opened by the mixed workload."}',
      tenant, index or 0, opened, tenant, opened)
    return wrk.format("POST", "/admin/v1/tickets", common.headers, body)
  end
  cursor = cursor % #active + 1
  local id = active[cursor]
  local count = (replies[id] or 0) + 1
  if count <= kReplies then
    replies[id] = count
    return wrk.format("POST", "/admin/v1/tickets/" .. id .. "/messages", common.headers,
                      '{"body":"A reply in the mixed workload.","internal":false}')
  end
  replies[id] = nil
  active[cursor] = active[#active]
  active[#active] = nil
  return wrk.format("POST", "/admin/v1/tickets/" .. id .. "/status", common.headers,
                    '{"status":"resolved"}')
end

function request()
  n = n + 1
  local r = n % 10
  if r < 4 then return common.queue_request(n, tenants) end
  if r < 7 and #active > 0 then
    return wrk.format("GET", "/admin/v1/tickets/" .. active[(n * 7919) % #active + 1],
                      common.headers)
  end
  return command()
end

function response(status, headers, body)
  if status == 201 then
    local id = body:match('"id":"([^"]+)"')
    if id then active[#active + 1] = id end
    opening = opening - 1
  elseif status >= 400 and opening > 0 then
    opening = opening - 1
  end
end

done = common.done
