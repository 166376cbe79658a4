#!/bin/sh
# the ENTRYPOINT: $1 is the port, from CMD; runs in the WORKDIR, so a relative path lands in /app
echo "$GREETING" > added/greeting.txt
exec httpd -f -p "$1" -h /app/added
