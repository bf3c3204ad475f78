"""Go's encoding/base64 StdEncoding as encoding/json decodes a []byte field with it.

Where decoding fails (CorruptInputError's byte offset, as decodeQuantum finds it) and how Go writes the bytes back."""
import base64

_ALPHABET = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_NEWLINES = (0x0A, 0x0D)


def corrupt_offset(text):
    """The offset Go reports as `illegal base64 data at input byte N` for `text`, or None if it decodes."""
    src = text.encode()
    si = 0
    while si < len(src):
        si, offset = _quantum(src, si)
        if offset is not None:
            return offset
    return None


def _quantum(src, si):
    """One 4-character quantum from `si`: (next si, error offset or None)."""
    j = 0
    while j < 4:
        if si == len(src):
            return si, (si - j if j else None)  # a partial quantum: StdEncoding wants its padding
        char = src[si]
        si += 1
        if char in _ALPHABET:
            j += 1
            continue
        if char in _NEWLINES:
            continue
        if char != ord("=") or j < 2:
            return si, si - 1
        if j == 2:  # "==" expected: the first "=" is already read
            si = _skip_newlines(src, si)
            if si == len(src):
                return si, len(src)
            if src[si] != ord("="):
                return si, si - 1
            si += 1
        si = _skip_newlines(src, si)
        return si, (si if si < len(src) else None)  # anything after the padding is trailing garbage
    return si, None


def _skip_newlines(src, si):
    while si < len(src) and src[si] in _NEWLINES:
        si += 1
    return si


def reencoded(text):
    """How Go writes out what `text` decodes to (call only when it decodes)."""
    return base64.b64encode(base64.b64decode(text.replace("\n", "").replace("\r", ""))).decode()
