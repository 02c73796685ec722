# Sourced by the benchmarks that fetch over HTTP: one loopback nginx serving a directory of feeds (etag on,
# gzip on, no access log), as a real feed host would.
#
#   start_nginx DIR PORT      serves DIR/www on 127.0.0.1:PORT, sets nginx_pid, waits until DIR/www/feed-0.xml answers
#   stop_nginx
nginx_pid=""

start_nginx() {
    local dir="$1" port="$2"
    local bin; bin="$(command -v nginx || echo /usr/sbin/nginx)"
    mkdir -p "$dir/nginx/logs"
    cat >"$dir/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    types { application/rss+xml xml; }
    etag on;
    gzip on;
    gzip_types application/rss+xml application/xml;
    keepalive_requests 100000;
    client_body_temp_path $dir/nginx/body;
    proxy_temp_path $dir/nginx/proxy;
    fastcgi_temp_path $dir/nginx/fastcgi;
    uwsgi_temp_path $dir/nginx/uwsgi;
    scgi_temp_path $dir/nginx/scgi;
    server {
        listen 127.0.0.1:$port;
        root $dir/www;
    }
}
CONF
    if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is in use (set PORT)" >&2; exit 1; fi
    "$bin" -p "$dir/nginx" -c "$dir/nginx/nginx.conf" &
    nginx_pid=$!
    for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$port/feed-0.xml" && break; sleep 0.1; done
}

stop_nginx() {
    if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
    nginx_pid=""
}
