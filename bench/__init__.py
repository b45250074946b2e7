"""`make bench`: the service under load, faults and scale, measured the way production runs it.

Run with `python -m bench` (see bench/__main__.py); results go to bench/results.json.
"""
