"""The application's access log: one JSON line per public request it serves,
in the shape nginx writes (deploy/nginx/govcluster.conf, log_format
govcluster_json), so the statistics work with or without nginx in front.

Lines the application writes carry "static": "0". nginx writes "1" for a
published file it served itself and "" for everything else (assets, and the
requests it hands to the application, which the application logs itself):
the ingester counts "1" and "0" lines only, so a request is never counted
twice when both logs are read. Like nginx's, a line keeps no query string,
only the referring page's origin and the reader's network (IPv4 /24, IPv6
/48), never the address."""

import ipaddress
import json
import os
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.encoding import escape_uri_path

from cms.delivery.doors import client_ip

APP_STATIC_MARK = "0"


def client_network(address):
    """The network of `address` as nginx's log writes it: "a.b.c.0" for IPv4,
    the first three groups and "::" for IPv6, "" when unreadable."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return ""
    if parsed.version == 6 and parsed.ipv4_mapped is not None:
        parsed = parsed.ipv4_mapped
    if parsed.version == 4:
        return str(ipaddress.ip_network(f"{parsed}/24", strict=False).network_address)
    groups = parsed.exploded.split(":")[:3]
    return ":".join(group.lstrip("0") or "0" for group in groups) + "::"


def referer_origin(referer):
    """The scheme and host of a referring URL (nothing of its path or query,
    which for a search engine holds what the reader searched for)."""
    if not referer.startswith(("http://", "https://")):
        return ""
    parts = urlsplit(referer)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def log_line(request, response, seconds):
    """The JSON line (without newline) for one request and its response."""
    # Like nginx's $host: the Host header without its port (not get_host(),
    # which raises for a host outside ALLOWED_HOSTS).
    host, _port = split_domain_port(request.META.get("HTTP_HOST", ""))
    size = 0 if response.streaming else len(response.content)
    record = {
        "time": timezone.localtime().isoformat(timespec="seconds"),
        "host": host,
        "method": request.method,
        # As nginx logs it: percent-encoded as sent, without the query.
        "path": escape_uri_path(request.path),
        "status": response.status_code,
        "bytes": size,
        "request_time": round(seconds, 3),
        "network": client_network(client_ip(request)),
        "referer": referer_origin(request.META.get("HTTP_REFERER", "")),
        "user_agent": request.META.get("HTTP_USER_AGENT", ""),
        "static": APP_STATIC_MARK,
    }
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


class AccessLogWriter:
    """Appends lines to a file, reopening it when it was rotated (renamed or
    deleted, as logrotate does), like logging.handlers.WatchedFileHandler.
    Each line is one write() on an O_APPEND descriptor, so the processes of a
    server can share the file without interleaving lines."""

    def __init__(self, path):
        self.path = str(path)
        self.lock = threading.Lock()
        self.fd = None
        self.identity = None

    def write(self, line):
        data = (line + "\n").encode("utf-8")
        with self.lock:
            self._open_if_rotated()
            os.write(self.fd, data)

    def _open_if_rotated(self):
        try:
            stat = os.stat(self.path)
            identity = (stat.st_dev, stat.st_ino)
        except FileNotFoundError:
            identity = None
        if self.fd is not None and identity == self.identity:
            return
        if self.fd is not None:
            os.close(self.fd)
        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        self.fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        stat = os.fstat(self.fd)
        self.identity = (stat.st_dev, stat.st_ino)

    def close(self):
        with self.lock:
            if self.fd is not None:
                os.close(self.fd)
                self.fd = None


_writers = {}
_writers_lock = threading.Lock()


def writer_for(path):
    with _writers_lock:
        if path not in _writers:
            _writers[path] = AccessLogWriter(path)
        return _writers[path]


class AccessLogMiddleware:
    """Writes the access log line of every public request (ACCESS_LOG_PATH;
    empty turns it off). The admin, the APIs, the health check and the files
    under STATIC_URL and MEDIA_URL are not readers' page visits and are left
    out (ACCESS_LOG_SKIP_PREFIXES)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        path = str(settings.ACCESS_LOG_PATH or "")
        if path and not request.path.startswith(
            tuple(settings.ACCESS_LOG_SKIP_PREFIXES)
        ):
            line = log_line(request, response, time.perf_counter() - started)
            writer_for(path).write(line)
        return response
