"""Gunicorn's settings for the web server: the Dockerfile, docker-compose and `make bench` use
this one file (gunicorn reads ./gunicorn.conf.py by itself; `-c gunicorn.conf.py` says so).

Every value can be changed from the environment; the defaults are what `make bench` measured
best on a 2-core machine (docs/SCALING.md has the figures).
"""

import multiprocessing
import os

bind = os.environ.get("WEB_BIND", "0.0.0.0:8000")

# Processes: one per core. A page is CPU-bound Python (templates, ORM) with short waits on
# PostgreSQL and Redis; more processes than cores only add memory and context switches.
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count()))

# gthread: a few threads per process cover the waits on the database, Redis and slow clients
# (the GIL is released there), and keep-alive connections do not hold a worker as they do under
# the sync worker. More threads than this only queue inside the process.
worker_class = os.environ.get("WEB_WORKER_CLASS", "gthread")
threads = int(os.environ.get("WEB_THREADS", "4"))
# Idle keep-alive connections are parked in the poller; a learner's next page comes 5-15 s
# later, so a short keep-alive frees the slot; the load balancer keeps its own pool.
keepalive = int(os.environ.get("WEB_KEEPALIVE", "5"))
worker_connections = int(os.environ.get("WEB_WORKER_CONNECTIONS", "2000"))
backlog = int(os.environ.get("WEB_BACKLOG", "2048"))

# Recycle a process after this many requests (jittered, so they do not all restart at once):
# whatever a library leaks stays bounded, and the resident size stays near its start.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "5000"))
max_requests_jitter = int(os.environ.get("WEB_MAX_REQUESTS_JITTER", "500"))

# Long enough for a large upload or a course export page; a hung request is still killed.
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("WEB_GRACEFUL_TIMEOUT", "30"))

# Load the application before forking: the processes share its code pages (copy-on-write),
# which is most of a worker's resident memory.
preload_app = os.environ.get("WEB_PRELOAD", "1") == "1"

accesslog = os.environ.get("WEB_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("WEB_LOG_LEVEL", "warning")
# Behind the front server, trust its X-Forwarded-* headers (set FORWARDED_ALLOW_IPS to it).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
