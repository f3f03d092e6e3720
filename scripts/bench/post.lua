-- wrk script: POST the JSON body in $BENCH_BODY, with the cookie in $BENCH_COOKIE if set, or
-- with each request the next cookie of the file $BENCH_COOKIES (one per line: many customers).
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/json"
local cookie = os.getenv("BENCH_COOKIE")
if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end
local file = os.getenv("BENCH_COOKIES")
if file and file ~= "" then
  local cookies = {}
  for line in io.lines(file) do
    if line ~= "" then cookies[#cookies + 1] = line end
  end
  local n = 0
  request = function()
    n = n + 1
    wrk.headers["Cookie"] = cookies[(n % #cookies) + 1]
    return wrk.format()
  end
end
