"""`factcheck serve`: a warm local HTTP service newsroom tools call, and the review page served live.

The service only moves requests to the library (``factcheck.api.WarmChecker``) and results back:
no check logic lives here. ``app`` builds the routes, ``guard`` the size and token limits,
``queue`` the bounded wait for the shared model, ``decisions`` the desk's shared review decisions,
``run`` the address checks and the server itself.
"""
