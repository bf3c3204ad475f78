"""Kubernetes resource quantities ("100m", "1Gi", "1e3"): parse, compare, round and print canonically.

Follows k8s.io/apimachinery/pkg/api/resource: values are exact decimals (rounded up to nano units),
and the canonical form is what the apiserver writes back (`1000m` -> `1`, `1024Mi` -> `1Gi`)."""
import re
from fractions import Fraction
from functools import lru_cache

DECIMAL_SI = "DecimalSI"
BINARY_SI = "BinarySI"
DECIMAL_EXPONENT = "DecimalExponent"

_BINARY = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_DECIMAL_BY_EXP = {v: k for k, v in _DECIMAL.items()}
_BINARY_BY_EXP = {v: k for k, v in _BINARY.items()}
_PATTERN = re.compile(r"^([+-]?)(\d*)(?:\.(\d*))?(.*)$")
_SUFFIX_SHAPE = re.compile(r"^[eEinumkKMGTP]*[-+]?[0-9]*$")
FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
SUFFIX_WRONG = "unable to parse quantity's suffix"
_EXPONENT = re.compile(r"^[eE]([+-]?\d+)$")
# The largest value apimachinery keeps (2^63-1 in units of 10^18 would overflow; it caps here).
_MAX = Fraction(2 ** 63 - 1) * 10 ** 18


class QuantityError(ValueError):
    """Raised for text that is not a quantity; the message is apimachinery's."""


class Quantity:
    """An exact value plus the format its suffix implied."""

    __slots__ = ("value", "format")

    def __init__(self, value, fmt=DECIMAL_SI):
        self.value, self.format = Fraction(value), fmt

    def __repr__(self):
        return f"Quantity({str(self)!r})"

    def __str__(self):
        return canonical(self)

    def _cmp_key(self, other):
        return other.value if isinstance(other, Quantity) else Fraction(other)

    def __eq__(self, other):
        return self.value == self._cmp_key(other)

    def __lt__(self, other):
        return self.value < self._cmp_key(other)

    def __le__(self, other):
        return self.value <= self._cmp_key(other)

    def __gt__(self, other):
        return self.value > self._cmp_key(other)

    def __ge__(self, other):
        return self.value >= self._cmp_key(other)

    def __hash__(self):
        return hash(self.value)

    def __add__(self, other):
        return Quantity(self.value + self._cmp_key(other), self.format)

    def __sub__(self, other):
        return Quantity(self.value - self._cmp_key(other), self.format)

    def milli_value(self):
        """The value in thousandths, rounded up (what the scheduler counts CPU in)."""
        return -((-self.value * 1000) // 1)

    def round_up(self, scale):
        """Round up (away from zero) to a multiple of 10^scale, as Quantity.RoundUp does."""
        unit = Fraction(10) ** scale
        steps = abs(self.value) / unit
        whole = -((-steps.numerator) // steps.denominator)
        return Quantity(whole * unit * (1 if self.value >= 0 else -1), self.format)


def parse(text):
    """Parse a quantity string; raises QuantityError with apimachinery's message.

    Quantities are immutable values, so parses of the same text are shared (pods repeat "100m")."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        text = repr(text) if isinstance(text, float) else str(text)
    if not isinstance(text, str) or not text:
        raise QuantityError(FORMAT_WRONG)
    return _parse(text)


@lru_cache(maxsize=4096)
def _parse(text):
    match = _PATTERN.match(text)
    sign, whole, frac, suffix = match.groups()
    frac = frac or ""
    if (not whole and not frac) or not _SUFFIX_SHAPE.match(suffix):
        raise QuantityError(FORMAT_WRONG)
    digits = Fraction(int((whole or "0") + frac), 10 ** len(frac))
    if suffix in _BINARY:
        fmt, value = BINARY_SI, digits * 2 ** _BINARY[suffix]
    elif suffix in _DECIMAL:
        fmt, value = DECIMAL_SI, digits * Fraction(10) ** _DECIMAL[suffix]
    elif _EXPONENT.match(suffix):
        fmt, value = DECIMAL_EXPONENT, digits * Fraction(10) ** int(_EXPONENT.match(suffix).group(1))
    else:
        raise QuantityError(SUFFIX_WRONG)
    if sign == "-":
        value = -value
    value = Quantity(value).round_up(-9).value  # nano precision, rounded up
    if value > _MAX:
        value = _MAX
    elif value < -_MAX:
        value = -_MAX
    if fmt == BINARY_SI and -1 < value < 1:
        fmt = DECIMAL_SI
    return Quantity(value, fmt)


def canonical(q):
    """The canonical text of a quantity (Quantity.String / MarshalJSON)."""
    if isinstance(q, str):
        q = parse(q)
    value, fmt = q.value, q.format
    if value == 0:
        return "0"
    if fmt == BINARY_SI and (-1024 < value < 1024 or value.denominator != 1):
        fmt = DECIMAL_SI
    sign = "-" if value < 0 else ""
    value = abs(value)
    if fmt == BINARY_SI:
        number, exponent = value.numerator, 0
        while number % 1024 == 0 and exponent < 60:
            number //= 1024
            exponent += 10
        return f"{sign}{number}{_BINARY_BY_EXP[exponent] if exponent else ''}"
    number, exponent = _decimal_mantissa(value)
    if fmt == DECIMAL_SI and exponent in _DECIMAL_BY_EXP:
        return f"{sign}{number}{_DECIMAL_BY_EXP[exponent]}"
    return f"{sign}{number}{'e' + str(exponent) if exponent else ''}"


def _decimal_mantissa(value):
    """(integer mantissa, exponent) with the exponent a multiple of 3 and no trailing zeros beyond it."""
    exponent = 0
    while value.denominator != 1:
        value *= 10
        exponent -= 1
    number = value.numerator
    while number and number % 10 == 0:
        number //= 10
        exponent += 1
    shift = exponent % 3
    return number * 10 ** shift, exponent - shift


@lru_cache(maxsize=4096, typed=True)  # defaulting asks for the same few values on every write
def canonical_or_same(text):
    """Canonical form of a quantity string; text that does not parse is left for validation to report."""
    try:
        return canonical(parse(text))
    except QuantityError:
        return text


@lru_cache(maxsize=4096, typed=True)  # defaulting asks for the same few values on every write
def round_up_milli(text):
    """A resource list value rounded up to milli units, canonical (SetDefaults_ResourceList)."""
    try:
        return canonical(parse(text).round_up(-3))
    except QuantityError:
        return text
