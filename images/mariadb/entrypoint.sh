#!/bin/sh
# berth/mariadb entrypoint: first start initialises /var/lib/mysql from the env contract of
# the official mysql/mariadb images, every start then runs mariadbd on 0.0.0.0:3306.
set -eu
log() { echo "[berth/mariadb] $*"; }
: "${MYSQL_ROOT_PASSWORD:?MYSQL_ROOT_PASSWORD must be set (the root password of the server)}"
MYSQL_DATABASE=${MYSQL_DATABASE:-}
DATADIR=/var/lib/mysql
mkdir -p /run/mysqld
chown mysql:mysql /run/mysqld "$DATADIR"

if [ -d "$DATADIR/mysql" ]; then
  log "data directory $DATADIR already initialised: keeping its data"
else
  log "initialising $DATADIR"
  mariadb-install-db --user=mysql --datadir="$DATADIR" --skip-test-db \
      --auth-root-authentication-method=normal >/dev/null
  # a temporary server without networking: nobody (and no healthcheck) sees it half-configured
  mariadbd --user=mysql --datadir="$DATADIR" --skip-networking --socket=/run/mysqld/init.sock &
  pid=$!
  tries=0
  until mariadb-admin --socket=/run/mysqld/init.sock ping >/dev/null 2>&1; do
    tries=$((tries + 1))
    [ "$tries" -le 300 ] || { log "temporary server did not start"; exit 1; }
    kill -0 "$pid" 2>/dev/null || { log "temporary server exited"; exit 1; }
    sleep 0.1
  done
  # the password as a SQL string literal (backslashes and quotes escaped)
  pw=$(printf '%s' "$MYSQL_ROOT_PASSWORD" | sed -e 's/\\/\\\\/g' -e "s/'/\\\\'/g")
  {
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY '$pw';"
    echo "CREATE USER 'root'@'%' IDENTIFIED BY '$pw';"
    # mariadb-install-db also made password-less root accounts for these hosts: drop them
    echo "DROP USER IF EXISTS 'root'@'127.0.0.1', 'root'@'::1', 'root'@'$(hostname)';"
    echo "GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;"
    if [ -n "$MYSQL_DATABASE" ]; then
      db=$(printf '%s' "$MYSQL_DATABASE" | sed 's/`/``/g')
      echo "CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;"
    fi
    echo "FLUSH PRIVILEGES;"
  } | mariadb --socket=/run/mysqld/init.sock -uroot
  mariadb-admin --socket=/run/mysqld/init.sock -uroot -p"$MYSQL_ROOT_PASSWORD" shutdown
  wait "$pid"
  log "initialised${MYSQL_DATABASE:+ with database $MYSQL_DATABASE}"
fi

exec mariadbd --user=mysql --datadir="$DATADIR" --bind-address=0.0.0.0 --port=3306 \
     --socket=/run/mysqld/mysqld.sock --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci
