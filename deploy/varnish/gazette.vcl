vcl 4.1;

# Varnish in front of Gazette (README, "Behind a CDN or Varnish").
#
# Gazette says how long each answer may be kept (Cache-Control) and what each public page shows
# (Surrogate-Key: tags such as `site article:12 list:section:3`). With PURGE_URLS pointing here, every
# committed change sends `PURGE /` with the changed tags in a Surrogate-Key header, and this file bans
# every stored page that carries one of them. The rest stay cached.
#
#   cp deploy/varnish/gazette.vcl /etc/varnish/default.vcl && systemctl restart varnish   # Debian: :6081
#   PURGE_URLS=http://127.0.0.1:6081/ npm start
#
# Varnish 6 or later (Debian 12 has 7.1); no vmods needed. Change the backend to where Gazette listens.

backend gazette {
  .host = "127.0.0.1";
  .port = "3000";
}

# Who may send PURGE and BAN: the Gazette servers. Add their addresses if they run elsewhere.
acl purgers {
  "localhost";
  "127.0.0.1";
  "::1";
}

sub vcl_recv {
  if (req.method == "BAN" || req.method == "PURGE") {
    if (client.ip !~ purgers) {
      return (synth(403, "Forbidden"));
    }
    # With tags (Gazette's hook; BAN is taken too), every page carrying one of them goes; a bare
    # PURGE drops the one address asked for, for an operator at the command line.
    if (req.method == "BAN" || req.http.Surrogate-Key) {
      call gazette_ban;
    }
    return (purge);
  }
  # The newsroom and the Admin API are never cached; the rest of the site reads no cookie.
  if (req.url ~ "^/(admin|api/admin)(/|\?|$)") {
    return (pass);
  }
  # A signed-in editor sees the site straight from Gazette, so a story they just published is there.
  if (req.http.Cookie ~ "(^|;\s*)gazette_session=") {
    return (pass);
  }
  # Other cookies (analytics and the like) would make every reader's copy private for nothing.
  unset req.http.Cookie;
  # Varnish's built-in rules follow: only GET and HEAD are looked up, Authorization passes.
}

# `Surrogate-Key: tag tag …` bans every object whose Surrogate-Key holds one of the tags
# as a whole word. Bans on obj.* only, so the background ban lurker can apply them.
sub gazette_ban {
  if (req.http.Surrogate-Key !~ "^\s*[A-Za-z0-9:_-]+(\s+[A-Za-z0-9:_-]+)*\s*$") {
    return (synth(400, "Send the tags to drop in Surrogate-Key, separated by spaces"));
  }
  set req.http.X-Ban-Tags = regsuball(regsuball(req.http.Surrogate-Key, "^\s+|\s+$", ""), "\s+", "|");
  ban("obj.http.Surrogate-Key ~ (^|\s)(" + req.http.X-Ban-Tags + ")(\s|$)");
  return (synth(200, "Banned"));
}

sub vcl_backend_response {
  # Never keep an answer that sets a cookie (sign-in, the newsroom's form token).
  if (beresp.http.Set-Cookie) {
    set beresp.uncacheable = true;
    set beresp.ttl = 120s;
    return (deliver);
  }
  # From here Varnish's built-in rules apply Gazette's Cache-Control: max-age is the time to live,
  # stale-while-revalidate the grace during which a stale copy is served while a fresh one is
  # fetched, and no-store (errors, the newsroom) is not kept.
}

sub vcl_deliver {
  if (obj.uncacheable) {
    set resp.http.X-Cache = "PASS";
  } elsif (obj.hits > 0) {
    set resp.http.X-Cache = "HIT";
  } else {
    set resp.http.X-Cache = "MISS";
  }
  # The tags are for this cache; readers have no use for them.
  unset resp.http.Surrogate-Key;
}
