"""Signing: PKCS#12 identities, the agency CA, the trust store and PAdES signatures (DESIGN §8)."""
