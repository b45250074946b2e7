# gunicorn -c deploy/gunicorn.conf.py forms_service.wsgi:app
# Sync workers, one per core: the store serialises writes per shard with file locks,
# so more workers than cores only lengthen the queue (stack-measurements §6).
import multiprocessing

bind = "127.0.0.1:8000"
workers = multiprocessing.cpu_count()
worker_class = "sync"
timeout = 60
graceful_timeout = 10
accesslog = "-"
forwarded_allow_ips = "127.0.0.1"
