# gunicorn -c deploy/gunicorn.conf.py forms_service.wsgi:app
# Sync workers, one per core: the store serialises writes per shard with file locks,
# so more workers than cores only lengthen the queue (measured on two cores: four workers
# wrote no more per second than two, about 66 a second, and waited longer).
import multiprocessing

bind = "127.0.0.1:8000"
workers = multiprocessing.cpu_count()
worker_class = "sync"
timeout = 60
graceful_timeout = 10
# A worker is replaced after about 1000 requests, at staggered times (the jitter), so that a
# leak, should one ever creep in, cannot grow until the service is restarted by hand.
max_requests = 1000
max_requests_jitter = 100
accesslog = "-"
forwarded_allow_ips = "127.0.0.1"
