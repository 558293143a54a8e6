"""A generated static site for the crawler benchmarks, served by nginx.

The site has `pages` HTML pages (a few KB each, a navigation bar, content
links, a stylesheet and a logo) and, spread over them, every kind of link a
checker must report or follow: missing pages (404), server errors (500),
redirects to working pages and to missing ones, and links to another host
(the same nginx under the name `localhost`), some working, some missing.

nginx serves it with keep-alive (100,000 requests a connection) and
TCP_NODELAY (its default), answering every response with a `LinkChecker`
header, which lifts linkchecker's 10 requests/second per host limit and, by
the same convention, the project crawler's."""

import os
import random
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from bench.delivery_env import wait_for

NAV = 6  # navigation links on every page (the first pages of the site)
FILLER_WORDS = [
    "政务公开",
    "通知公告",
    "办事指南",
    "政策解读",
    "人事信息",
    "财政预决算",
    "招标采购",
    "规划计划",
    "统计数据",
    "应急管理",
    "公共服务",
    "便民服务",
]


def page_path(n):
    return f"/p/{n}.html"


def page_links(n, pages):
    """The links of page `n`: its own, and the broken ones some pages carry."""
    links = [page_path(k) for k in range(min(NAV, pages))]
    links += [
        page_path((n * 7 + 1) % pages),
        page_path((n + 1) % pages),
        page_path(n // 2),
        "/static/site.css",
        "/static/logo.png",
    ]
    if n % 97 == 0:
        links.append(f"/missing/{n}.html")
    if n % 131 == 3:
        links.append(f"/error/{n}")
    if n % 113 == 5:
        links.append(f"/old/{(n * 3) % pages}")  # a redirect to a working page
    if n % 211 == 7:
        links.append(f"/moved/{n}")  # a redirect to a missing page
    if n % 53 == 11:
        links.append(f"EXTERNAL/ext/{n % 7}.html")  # the other host; 5, 6 missing
    return links


def expected_broken(pages, base, external_base):
    """The URLs a checker must report as broken, computed from the generator."""
    broken = {base + "/missing/home.html"}
    for n in range(pages):
        for link in page_links(n, pages):
            if link.startswith(("/missing/", "/error/", "/moved/")):
                broken.add(base + link)
            elif link.startswith("EXTERNAL") and int(link[13:-5]) >= 5:
                broken.add(external_base + link[8:])
    return broken


def _html(title, links, rng, external_base):
    """A page of about 10 KB, as a county site's article page is (markup, a
    few paragraphs, the links)."""
    paragraphs = "".join(
        '<p class="article-text">'
        + "，".join(rng.choice(FILLER_WORDS) for _ in range(60))
        + "。</p>"
        for _ in range(10)
    )
    anchors = "".join(
        f'<li class="item"><a href="{link.replace("EXTERNAL", external_base)}"'
        f' target="_blank">{link}</a></li>'
        for link in links
        if not link.startswith("/static/")
    )
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width"><title>{title}</title>'
        '<link rel="stylesheet" href="/static/site.css"></head><body>'
        '<header class="site-header"><div class="container">'
        '<img src="/static/logo.png" alt="logo"></div></header>'
        f'<main class="container"><div class="breadcrumbs">首页 &gt; {title}</div>'
        f'<article><h1 class="title">{title}</h1><div class="meta">发布时间：'
        f"2026-06-30 来源：本站</div>{paragraphs}</article>"
        f'<nav class="related"><ul class="list">{anchors}</ul></nav></main>'
        '<footer class="site-footer"><p>版权所有 主办单位：某县人民政府办公室</p>'
        "</footer></body></html>"
    )


def generate(root, pages, external_base):
    """Write the site under `root`; returns the number of files written."""
    rng = random.Random(18)
    root = Path(root)
    for folder in ("p", "static", "ext"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    home_links = [page_path(k) for k in range(min(10, pages))]
    home_links += ["/missing/home.html", f"EXTERNAL/ext/{0}.html"]
    (root / "index.html").write_text(_html("首页", home_links, rng, external_base))
    for n in range(pages):
        (root / "p" / f"{n}.html").write_text(
            _html(f"第 {n} 页", page_links(n, pages), rng, external_base)
        )
    (root / "static" / "site.css").write_text("body { font-family: sans-serif; }\n")
    (root / "static" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    for k in range(5):  # /ext/5.html and /ext/6.html stay missing
        (root / "ext" / f"{k}.html").write_text(_html(f"外站 {k}", [], rng, ""))
    return pages + 8


def nginx_config(root, port, workdir):
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}worker_processes 1;\npid {workdir}/nginx.pid;\n"
        f"error_log {workdir}/error.log;\n"
        "events { worker_connections 4096; }\n"
        "http {\n  include /etc/nginx/mime.types; access_log off;\n"
        "  sendfile on; tcp_nodelay on; keepalive_requests 100000;"
        " keepalive_timeout 60s; open_file_cache max=20000 inactive=60s;\n"
        f"  client_body_temp_path {workdir}/body; proxy_temp_path {workdir}/proxy;"
        f" fastcgi_temp_path {workdir}/f; uwsgi_temp_path {workdir}/u;"
        f" scgi_temp_path {workdir}/s;\n"
        f"  server {{\n    listen 127.0.0.1:{port};\n    root {root};\n"
        "    add_header LinkChecker benchmark always;\n"
        "    location /error/ { return 500; }\n"
        r"    location ~ ^/old/(\d+)$ { return 301 /p/$1.html; }"
        "\n"
        r"    location ~ ^/moved/(\d+)$ { return 301 /missing/moved-$1.html; }"
        "\n  }\n}\n"
    )


@contextmanager
def served_site(pages, port, cpus=None):
    """Generate the site and serve it with nginx on 127.0.0.1:`port` (pinned
    to `cpus`, a taskset list, when given); yields the start URL."""
    binary = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if binary is None:
        raise SystemExit("nginx is missing: run `make delivery-deps`.")
    workdir = Path(tempfile.mkdtemp(prefix="govcluster-crawl-site-"))
    root = workdir / "site"
    generate(root, pages, f"http://localhost:{port}")
    (workdir / "nginx.conf").write_text(nginx_config(root, port, workdir))
    command = [
        binary,
        "-p",
        str(workdir),
        "-c",
        str(workdir / "nginx.conf"),
        "-e",
        str(workdir / "error.log"),
        "-g",
        "daemon off;",
    ]
    if cpus is not None:
        command = ["taskset", "-c", cpus, *command]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for(port, timeout=10)
        time.sleep(0.1)
        if process.poll() is not None:  # another server holds the port
            raise SystemExit(f"nginx could not listen on 127.0.0.1:{port}")
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)
