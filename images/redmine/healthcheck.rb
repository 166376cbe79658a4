# Healthy = Redmine's home page answers 200 on port 3000.
require "net/http"
response = Net::HTTP.start("127.0.0.1", 3000, open_timeout: 2, read_timeout: 2) { |http| http.get("/") }
exit(response.code == "200" ? 0 : 1)
