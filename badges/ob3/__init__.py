"""Open Badges 3.0: eddsa-rdfc-2022 Data Integrity proofs and Bitstring Status Lists.

Pure library code (no Django). Import from the submodules:

- ``badges.ob3.keys``: Ed25519 keys and their Multikey / multibase encodings.
- ``badges.ob3.signing``: ``sign_credential`` and the canonicalization helpers.
- ``badges.ob3.verify``: ``verify_credential``, an independent verifier.
- ``badges.ob3.status_list``: Bitstring Status List ``encodedList`` values.
- ``badges.ob3.loader``: the offline JSON-LD loader for the pinned contexts.

Nothing is re-exported here on purpose: importing ``verify`` must not pull in
the signing code path it is meant to check independently.
"""
