"""Join codes: 8 characters of Crockford's base32, which leaves out I, L, O and U."""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8
# Crockford decoding: what a learner may type for a look-alike.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(raw: str) -> str:
    """Upper case, spaces and hyphens dropped, look-alikes read as digits."""
    return "".join(raw.split()).replace("-", "").upper().translate(_READ_AS)


def is_well_formed(code: str) -> bool:
    return len(code) == LENGTH and all(char in ALPHABET for char in code)
