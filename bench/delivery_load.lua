-- wrk script of the delivery load test: rotates over published pages with
-- a few dynamic requests mixed in, and counts 5xx answers over all threads.
local paths = {}
for i = 1, 60 do paths[#paths + 1] = "/news/bench-" .. (3 * i - 2) .. "/" end
for _, p in ipairs({"/", "/news/", "/news/?page=2", "/notices/", "/policies/",
                    "/sitemap.xml", "/feed.xml", "/services/bench-guide/"}) do
  for _ = 1, 5 do paths[#paths + 1] = p end
end
-- Dynamic requests (gunicorn), one in 500: a query string and the health check.
local dynamic = {"/news/?from=load-test", "/healthz"}

local counter = 0
local threads = {}
server_errors = 0

setup = function(thread)
  table.insert(threads, thread)
end

request = function()
  counter = counter + 1
  if counter % 500 == 0 then
    return wrk.format("GET", dynamic[(counter / 500) % #dynamic + 1])
  end
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

response = function(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  end
end

done = function(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("server_errors")
  end
  io.write(string.format("5xx responses: %d\n", total))
end
