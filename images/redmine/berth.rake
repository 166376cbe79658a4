# berth:setup, run by the entrypoint in the same rake process as db:migrate (one Rails boot
# instead of two): see setup.rb.
namespace :berth do
  desc "Default data into an empty database, admin freed from its forced password change, REST API on"
  task setup: :environment do
    load "/usr/local/share/berth-redmine/setup.rb"
  end
end
