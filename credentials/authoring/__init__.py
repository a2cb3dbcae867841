"""Authoring pages: authors of an issuing organization write, publish and retire micro-credentials
and stacks. Every page asks `credentials.author_for_issuer`; whatever someone may not author
answers 404. Writes go through credentials.authoring_services and credentials.services; a frozen
(published) version is never edited here: the pages send the author to "Start a new version".

lookups.py finds the object, checks the permission and answers 404 in one place; the pages are
credential_pages.py (the list, one micro-credential), draft_pages.py (a draft's content) and
stack_pages.py; formsets.py is what the pages with rows share.
"""
