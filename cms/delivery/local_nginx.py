"""Run the shipped nginx configuration (deploy/nginx/govcluster.conf) as an
unprivileged nginx on a loopback port in a temporary directory: used by the
tests and the benchmarks to exercise the real production path."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from django.conf import settings

DEPLOY_DIR = settings.BASE_DIR / "deploy" / "nginx"


def nginx_binary():
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.path.exists(p)),
        None,
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.05)
    return False


class LocalNginx:
    """nginx serving `published_root` and proxying to `upstream` ("host:port")."""

    def __init__(
        self,
        published_root,
        upstream,
        static_root=None,
        media_root=None,
        server_names=".localhost",
        workers=1,
        file_cache=True,
    ):
        self.published_root = Path(published_root)
        self.upstream = upstream
        self.static_root = Path(static_root or settings.STATIC_ROOT)
        self.media_root = Path(media_root or settings.MEDIA_ROOT)
        self.server_names = server_names
        self.workers = workers
        # Tests that check a removal at once turn nginx's 1-second file
        # lookup cache off; benchmarks keep the shipped setting.
        self.file_cache = file_cache
        self.port = free_port()
        self.process = None
        self.workdir = Path(tempfile.mkdtemp(prefix="govcluster-nginx-"))

    def site_config(self):
        text = (DEPLOY_DIR / "govcluster.conf").read_text()
        replacements = {
            "listen 80;": f"listen 127.0.0.1:{self.port};",
            "server_name .gov.example.cn;": f"server_name {self.server_names};",
            "server 127.0.0.1:8000;": f"server {self.upstream};",
            "/srv/govcluster/published": str(self.published_root),
            "/srv/govcluster/static/": f"{self.static_root}/",
            "/srv/govcluster/media/": f"{self.media_root}/",
            "/srv/govcluster/app/deploy/nginx/": f"{DEPLOY_DIR}/",
            "/var/log/nginx/govcluster-access.log": str(self.access_log_path),
        }
        if not self.file_cache:
            replacements["open_file_cache max=50000 inactive=60s;"] = (
                "open_file_cache off;"
            )
        for old, new in replacements.items():
            if old not in text:
                raise ValueError(
                    f"deploy/nginx/govcluster.conf no longer contains {old!r}"
                )
            text = text.replace(old, new)
        return text

    def main_config(self):
        work = self.workdir
        user = "user root;\n" if os.geteuid() == 0 else ""
        return (
            f"{user}worker_processes {self.workers};\n"
            f"pid {work}/nginx.pid;\nerror_log {work}/error.log warn;\n"
            "events { worker_connections 4096; }\n"
            "http {\n"
            "  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
            "  access_log off;\n  sendfile on;\n  tcp_nopush on;\n  keepalive_requests 100000;\n"
            f"  client_body_temp_path {work}/body;\n  proxy_temp_path {work}/proxy;\n"
            f"  fastcgi_temp_path {work}/fastcgi;\n  uwsgi_temp_path {work}/uwsgi;\n"
            f"  scgi_temp_path {work}/scgi;\n"
            f"  include {work}/govcluster.conf;\n"
            "}\n"
        )

    def start(self):
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError("nginx is not installed")
        (self.workdir / "govcluster.conf").write_text(self.site_config())
        (self.workdir / "nginx.conf").write_text(self.main_config())
        self.process = subprocess.Popen(  # noqa: S603 - fixed binary and arguments
            [
                binary,
                "-p",
                str(self.workdir),
                "-c",
                str(self.workdir / "nginx.conf"),
                "-e",
                str(self.workdir / "error.log"),
                "-g",
                "daemon off;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        if not wait_for_port(self.port):
            self.stop()
            raise RuntimeError(f"nginx did not start: {self.error_log()}")
        return self

    @property
    def access_log_path(self):
        return self.workdir / "access.log"

    def error_log(self):
        log = self.workdir / "error.log"
        return log.read_text() if log.exists() else ""

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"
