#!/bin/sh
# Healthy = the real server (not the socket-only init server) accepts root's password over TCP.
exec mariadb-admin --protocol=tcp -h 127.0.0.1 -P 3306 -uroot -p"$MYSQL_ROOT_PASSWORD" --connect-timeout=2 ping >/dev/null 2>&1
