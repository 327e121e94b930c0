"""A machine translation service with a LibreTranslate-style HTTP API.

``POST <url>`` with JSON ``{"q": [texts], "source": "ar", "target": "en", "format": "text"}``
(and ``api_key`` when configured) answers ``{"translatedText": [texts]}``. Only
``briefing translate`` calls it; builds never do.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from .config import TranslationBackend
from .errors import BriefingError

#: Paragraphs sent in one request.
BATCH = 16
MAX_ANSWER_BYTES = 5_000_000


class MachineTranslator:
    def __init__(self, backend: TranslationBackend):
        self.backend = backend

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """``texts`` translated, in order; BriefingError naming the service on failure."""
        out: list[str] = []
        for start in range(0, len(texts), BATCH):
            out.extend(self._request(texts[start:start + BATCH], source, target))
        return out

    def _request(self, texts: list[str], source: str, target: str) -> list[str]:
        url = self.backend.url
        payload: dict[str, object] = {"q": texts, "source": source, "target": target,
                                      "format": "text"}
        if self.backend.api_key:
            payload["api_key"] = self.backend.api_key
        request = urllib.request.Request(
            url, data=json.dumps(payload).encode("utf-8"), method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json"})
        hint = "check translation: url: in briefing.yaml and that the service is running"
        try:
            with urllib.request.urlopen(request, timeout=self.backend.timeout) as response:
                raw = response.read(MAX_ANSWER_BYTES + 1)
        except urllib.error.HTTPError as exc:
            raise BriefingError(f"the translation service answered {exc.code} {exc.reason}",
                                url, None, hint) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise BriefingError(f"cannot reach the translation service: {reason}", url, None,
                                hint) from None
        try:
            answer = json.loads(raw)
            translated = answer["translatedText"]
        except (ValueError, KeyError, TypeError):
            raise BriefingError("the translation service's answer has no translatedText", url,
                                None, "it should speak the LibreTranslate /translate API") from None
        if isinstance(translated, str):
            translated = [translated]
        if (not isinstance(translated, list) or len(translated) != len(texts)
                or not all(isinstance(t, str) for t in translated)):
            raise BriefingError(f"the translation service returned {len(translated)} texts for "
                                f"{len(texts)}", url, None,
                                "it should speak the LibreTranslate /translate API")
        return [" ".join(t.split()) for t in translated]
