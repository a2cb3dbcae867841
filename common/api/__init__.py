"""Conventions every endpoint under /api/ follows, in one place (docs/decisions/0010).

- `throttling`: a rate limit per token or key, per signed-in user, else per client IP.
- `pagination`: page pagination, `page_size` bounded.
- `filters`: a list's query parameters (its filters and a whitelisted `ordering`).
- `errors`: JSON error bodies, from DRF views and from Django's own handlers under /api/.
- `schema`: the documented error responses of every operation.

Split into modules because DRF imports the throttle class while `rest_framework.views` is
still loading: `throttling` must not import views, generics or drf-spectacular.
"""
