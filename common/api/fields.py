"""Serializer fields every numeric value of the API goes through.

DRF's FloatField takes "Infinity" and "NaN" (strings in JSON, or form values) and hands out
whatever a row holds; a non-finite float stored once then breaks every JSON answer that
carries it (a strict JSON renderer refuses it). `FiniteFloatField` refuses such input, naming
the field, and answers null for a non-finite value already stored.
"""

import math
from typing import Any

from rest_framework import serializers


class FiniteFloatField(serializers.FloatField):
    default_error_messages = {"not_finite": "Enter a finite number."}

    def to_internal_value(self, data: Any) -> float:
        number = super().to_internal_value(data)
        if not math.isfinite(number):
            self.fail("not_finite")
        return number

    def to_representation(self, value: Any) -> Any:
        number = float(value)
        return number if math.isfinite(number) else None
