#!/bin/bash
# berth/redmine entrypoint: database.yml from the env, wait for the database, migrate, set up,
# then puma in the foreground (exec: it gets the signals).
set -euo pipefail
log() { echo "[berth/redmine] $*"; }
: "${REDMINE_DB_MYSQL:?REDMINE_DB_MYSQL must name the MySQL/MariaDB host}"
: "${REDMINE_DB_PASSWORD:?REDMINE_DB_PASSWORD must be set}"
export REDMINE_DB_USERNAME=${REDMINE_DB_USERNAME:-root}
export REDMINE_DB_DATABASE=${REDMINE_DB_DATABASE:-redmine}
export REDMINE_DB_PORT=${REDMINE_DB_PORT:-3306}
export REDMINE_DB_MYSQL REDMINE_DB_PASSWORD
wait_seconds=${REDMINE_DB_WAIT_SECONDS:-180}

# database.yml, written by Ruby so that any password is quoted correctly as YAML
ruby -ryaml -e '
  config = { "production" => {
    "adapter" => "mysql2", "host" => ENV["REDMINE_DB_MYSQL"], "port" => Integer(ENV["REDMINE_DB_PORT"]),
    "username" => ENV["REDMINE_DB_USERNAME"], "password" => ENV["REDMINE_DB_PASSWORD"],
    "database" => ENV["REDMINE_DB_DATABASE"], "encoding" => "utf8mb4" } }
  File.write("/etc/redmine/default/database.yml", config.to_yaml)'
log "database.yml: mysql2://$REDMINE_DB_USERNAME@$REDMINE_DB_MYSQL:$REDMINE_DB_PORT/$REDMINE_DB_DATABASE"

# wait until the server accepts the credentials and the database exists (DNS, TCP and
# initialisation all included); the last error is shown when it never does
log "waiting up to ${wait_seconds} s for the database"
ruby -rmysql2 -e '
  deadline = Time.now + Integer(ARGV[0])
  last = nil
  begin
    Mysql2::Client.new(host: ENV["REDMINE_DB_MYSQL"], port: Integer(ENV["REDMINE_DB_PORT"]),
      username: ENV["REDMINE_DB_USERNAME"], password: ENV["REDMINE_DB_PASSWORD"],
      database: ENV["REDMINE_DB_DATABASE"], connect_timeout: 2).close
  rescue Mysql2::Error, SocketError => e
    if Time.now < deadline
      reason = "#{e.class}: #{e.message}"
      puts "[berth/redmine] database not ready: #{reason}" if reason != last # each new reason once
      $stdout.flush
      last = reason
      sleep 0.5
      retry
    end
    abort "[berth/redmine] database not reachable after #{ARGV[0]} s: #{e.class}: #{e.message}"
  end' "$wait_seconds"
log "database answers"

export RAILS_ENV=production
cd /usr/share/redmine
log "migrating"
# one Rails boot for both: the migrations, then berth:setup (lib/tasks/berth.rake, setup.rb)
bundle exec rake db:migrate berth:setup
log "starting puma on 0.0.0.0:3000"
exec puma -e production -b tcp://0.0.0.0:3000 config.ru
