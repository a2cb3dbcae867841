from collections.abc import Mapping
from typing import Any

from rest_framework.renderers import BaseRenderer

from reporting.exports import csv_lines


class CSVRenderer(BaseRenderer):
    """Lets `?format=csv` (DRF's format override) and `Accept: text/csv` select CSV.

    The progress view streams its rows itself; this renders what else may come through
    (an error such as a 404) as a one-column CSV.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if isinstance(data, Mapping):
            rows = [[f"{key}: {value}"] for key, value in data.items()]
        else:
            rows = [[str(data)]] if data is not None else []
        return "".join(csv_lines(["detail"], rows)).encode()
