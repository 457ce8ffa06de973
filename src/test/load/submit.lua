-- wrk script: POST /api/v1/documents with a fresh random digest per request (or BULK items per request).
-- usage: wrk -t2 -c32 -d30s -s src/test/load/submit.lua http://localhost:8080 -- <api key> [bulk items]
local key, bulk
local hex = "0123456789abcdef"

local function digest()
  local t = {}
  for i = 1, 64 do
    local n = math.random(1, 16)
    t[i] = hex:sub(n, n)
  end
  return "0x" .. table.concat(t)
end

function init(args)
  key = args[1]
  bulk = tonumber(args[2] or "0")
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  local body, path
  if bulk > 0 then
    local items = {}
    for i = 1, bulk do
      items[i] = '{"digest":"' .. digest() .. '","algorithm":"sha256"}'
    end
    body = '{"documents":[' .. table.concat(items, ",") .. ']}'
    path = "/api/v1/documents/bulk"
  else
    body = '{"digest":"' .. digest() .. '","algorithm":"sha256"}'
    path = "/api/v1/documents"
  end
  return wrk.format("POST", path, {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"}, body)
end

local statuses = {}
function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx: %d of %d requests\n", summary.errors.status, summary.requests))
end
