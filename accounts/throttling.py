"""Who is asking (client IP) and how often they may sign up, shared by every web instance.

Counts live in Django's cache, which is Redis when REDIS_URL is set, so two gunicorn
instances behind a load balancer share one budget.
"""

import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

SIGNUP_WINDOW_SECONDS = 3600


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind a trusted load balancer the address it
    appended last to X-Forwarded-For (earlier entries are whatever the client claimed).
    None for a request that came from no client (login() called by code)."""
    candidates = [request.META.get("REMOTE_ADDR", "")]
    if settings.BEHIND_PROXY:
        candidates.insert(0, request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1])
    for candidate in candidates:
        try:
            # Stored in an IP address column: anything else is not an address.
            return str(ipaddress.ip_address(candidate.strip()))
        except ValueError:
            continue
    return None


def _signup_key(ip: str) -> str:
    return f"accounts:signups:{ip}"


def signup_take_slot(*, ip: str) -> bool:
    """Count one sign-up from `ip`; False when the hour's budget is already spent."""
    key = _signup_key(ip)
    # add() starts the window only once; incr() is atomic in Redis and in local memory.
    cache.add(key, 0, timeout=SIGNUP_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the window expired between add() and incr()
        cache.add(key, 1, timeout=SIGNUP_WINDOW_SECONDS)
        count = 1
    return count <= settings.SIGNUP_LIMIT_PER_HOUR
