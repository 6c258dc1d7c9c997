# The three Ruby legacy signature recipes from the forum thread, with the
# clock pinned. Reads the case list on stdin; prints each line it handles
# with its signature appended.
require 'base64'
require 'openssl'

# The thread's working fix: strict_encode64 three times, padding kept.
def ruby_strict(now, key, secret, meeting_id, role)
  timestamp = (now.to_f * 1000).round(0) - 30000
  message = Base64.strict_encode64([key, meeting_id, timestamp, role].join)
  hash = Base64.strict_encode64(OpenSSL::HMAC.digest('SHA256', secret, message))
  Base64.strict_encode64([key, meeting_id, timestamp, role, hash].join('.'))
end

# The documented sample the thread complains of: URL-safe everywhere.
def ruby_urlsafe(now, key, secret, meeting_number, role)
  time = (now.to_i * 1000 - 30000).to_s
  data = Base64.urlsafe_encode64(key + meeting_number + time + role.to_s)
  hash = Base64.urlsafe_encode64(OpenSSL::HMAC.digest(OpenSSL::Digest.new('sha256'), secret, data))
  temp_str = key + '.' + meeting_number + '.' + time + '.' + role.to_s + '.' + hash
  Base64.urlsafe_encode64(temp_str).gsub(/=+$/, '')
end

# The thread's proposed fix: gsub over the whole joined string.
def ruby_gsub(now, key, secret, meeting_number, role)
  time = (now.to_i * 1000 - 30000).to_s
  data = Base64.urlsafe_encode64(key + meeting_number + time + role.to_s)
  hash = Base64.urlsafe_encode64(OpenSSL::HMAC.digest(OpenSSL::Digest.new('sha256'), secret, data))
  temp_str = key + '.' + meeting_number + '.' + time + '.' + role.to_s + '.' + hash
  replaced = temp_str.gsub('-', '+').gsub('_', '/')
  Base64.urlsafe_encode64(replaced).gsub(/#{Regexp.escape('=')}+$/, '')
end

RECIPES = {
  'ruby-strict' => method(:ruby_strict),
  'ruby-urlsafe' => method(:ruby_urlsafe),
  'ruby-gsub' => method(:ruby_gsub),
}.freeze

$stdin.each_line do |line|
  line = line.chomp
  f = line.split("\t")
  recipe = RECIPES[f[1]] or next
  now = Time.at(Integer(f[6]), Integer(f[7]), :nsec) # as Time.now would read
  puts "#{line}\t#{recipe.call(now, f[2], f[3], f[4], Integer(f[5]))}"
end
