# Run by the entrypoint as `rake db:migrate berth:setup` (berth.rake), in the same Rails boot.
#
# On an empty database: Redmine's default data (English: trackers, statuses, roles), and the
# initial admin/admin account freed from its forced password change. Redmine answers 403 to
# REST calls with basic auth while the user must change its password, so without this no test
# could use the API as admin. This image is for tests: never expose it with admin/admin.
# db:migrate ran in this process and loaded some models before their last columns existed
ActiveRecord::Base.connection.schema_cache.clear!
ActiveRecord::Base.descendants.each(&:reset_column_information)

if Redmine::DefaultData::Loader.no_data?
  Redmine::DefaultData::Loader.load("en")
  User.where(login: "admin").update_all(must_change_passwd: false)
  puts "[berth/redmine] default data (en) loaded; admin/admin needs no password change"
else
  puts "[berth/redmine] default data already present: kept"
end
Setting.rest_api_enabled = "1"
puts "[berth/redmine] REST API enabled"
