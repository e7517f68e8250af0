-- wrk script for bench/bench_serve.sh: every request takes the next path of
-- a file (one path a line, "/search?q=..." or "/article/12"), each thread
-- starting at its own place in the list, so that a run asks many different
-- pages instead of one that SQLite's cache would answer from memory.
--
--   wrk -t2 -c16 -d30s --latency -s bench/serve_paths.lua http://127.0.0.1:PORT -- PATHS_FILE
--
-- At the end it prints one line that bench_serve.sh parses:
--   serve_paths: requests=N seconds=S rps=R p50_ms=.. p95_ms=.. p99_ms=.. max_ms=.. non2xx=N socket_errors=N

local paths = {}
local threads = {}
local counter = 0

local function load(file)
  local list = {}
  for line in io.lines(file) do
    if line:sub(1, 1) == "/" then list[#list + 1] = line end
  end
  if #list == 0 then error("serve_paths.lua: no paths in " .. file) end
  return list
end

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  threads[#threads + 1] = thread
end

function init(args)
  local file = args[1] or os.getenv("SERVE_PATHS")
  if not file then error("serve_paths.lua: give the paths file after --") end
  paths = load(file)
  -- Threads start spread over the list.
  next_index = ((id or 1) - 1) * math.floor(#paths / 2) % #paths
end

function request()
  next_index = next_index % #paths + 1
  return wrk.format("GET", paths[next_index])
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "serve_paths: requests=%d seconds=%.1f rps=%.1f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f max_ms=%.1f non2xx=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
