-- wrk script: POSTs XML-RPC bodies in turn, one per call: the first BODIES_USED lines (default
-- all) of the file named by env BODIES_FILE, each line one whole body. Each wrk thread starts at
-- its own place in the list. Counts non-200 answers and faults as errors.
local bodies = {}
for line in io.lines(os.getenv("BODIES_FILE")) do
  bodies[#bodies + 1] = line
end
local used = tonumber(os.getenv("BODIES_USED") or "") or #bodies
if used > #bodies then used = #bodies end
local path = os.getenv("RPC_PATH") or "/xmlrpc/2/object"
local headers = { ["Content-Type"] = "text/xml" }
next_body = 0
faults = 0
local threads = {}

setup = function(thread)
  thread:set("next_body", #threads * 7919)
  threads[#threads + 1] = thread
end

request = function()
  next_body = next_body % used + 1
  return wrk.format("POST", path, headers, bodies[next_body])
end

response = function(status, _, resp_body)
  if status ~= 200 or string.find(resp_body, "<fault>", 1, true) then
    faults = faults + 1
  end
end

done = function(summary, latency, _)
  local all_faults = 0
  for _, thread in ipairs(threads) do
    all_faults = all_faults + thread:get("faults")
  end
  io.write(string.format("RESULT rps=%.1f p50_us=%d p99_us=%d requests=%d faults=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    summary.requests, all_faults))
end
