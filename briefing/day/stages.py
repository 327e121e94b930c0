"""A paragraph -> the stage of a thread its main point tells: an attack, the strikes in reply,
the toll, claims of what they achieved, talks, a truce, the displaced...

Outlets report one exchange in stages, and annotators keep the stages apart ("Stages of one
thread are separate events"): the rockets fired at the Golan, Israel's strikes in reply, the
claims of what the strikes destroyed and their dead are four stories, although they share
every name, place and day. What tells them apart is what *happens* in the paragraph's main
clause: its first sentence, whose cue words are read here. A toll or a claim of effect
names the strikes it follows ("الضربات أسفرت عن مقتل 23"), so those stages win over the
event they follow; otherwise the cue read first is the main point (Arabic puts the verb
first; a reporting verb, "قال ... إن", is no cue, so what is reported is read).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..text.normalize import FUNCTION_WORDS
from ..text.words import tokens

#: Stages whose cue wins wherever it stands in the first sentence: they report what
#: followed an event and name it.
RESULTS = ("toll", "effect", "displaced")
#: Cue prefixes of folded tokens (clitics stripped, letters folded, as
#: :func:`briefing.text.words.tokens` gives them), per stage; a token is read as the first
#: stage whose cue it starts with.
CUES: Mapping[str, tuple[str, ...]] = {
    "toll": ("قتل", "مقتل", "قتيل", "شهيد", "شهدا", "جرحي", "جريح", "اصيب", "اصابه", "اصابات",
             "حصيل", "حتف"),
    "effect": ("دمر", "تدمير", "اسقط", "اعترض", "تصدي", "تصدت", "بنيه"),
    "truce": ("هدنه", "تسويه", "مصالح"),
    "talks": ("مفاوض", "محادث", "اجتماع", "قمه", "تصويت", "فيتو", "نقض", "وساط"),
    "displaced": ("نزوح", "نازح", "لاجي", "فروا", "فرار", "مساعد", "قافل", "اغاث"),
    "launch": ("قذيف", "قذاي", "اطلق", "اطلاق"),
    "advance": ("سيطر", "تقدم", "استعاد", "استعادت"),
    "strike": ("غاره", "غارات", "ضرب", "قصف", "استهدف", "شن"),
}
#: Stages that may be one event told two ways (missiles fired are a strike).
ALIKE = (frozenset({"launch", "strike"}),)
#: "وقف إطلاق النار": a truce, not a launch.
_CEASEFIRE = ("وقف", "اطلاق")
#: The end of a sentence (a full stop, not the point of "1.5").
_SENTENCE_END = re.compile(r"[.!?؟؛\n](?!\d)")


def first_sentence(text: str) -> str:
    """The paragraph's first sentence: where its main point is told."""
    match = _SENTENCE_END.search(text)
    return text[:match.start()] if match else text


def _stage_of(token: str) -> str | None:
    for name, cues in CUES.items():
        if token.startswith(cues):
            return name
    return None


def stage(text: str) -> str | None:
    """The stage the paragraph's main point tells (a key of :data:`CUES`), None when its
    first sentence has no cue."""
    words = [t for t in tokens(first_sentence(text)) if t not in FUNCTION_WORDS]
    found: list[str] = []
    for k, token in enumerate(words):
        if token == _CEASEFIRE[1] and k and words[k - 1] == _CEASEFIRE[0]:
            found.append("truce")
            continue
        name = _stage_of(token)
        if name is not None:
            found.append(name)
    for result in RESULTS:
        if result in found:
            return result
    return found[0] if found else None


def differ(a: str | None, b: str | None) -> bool:
    """Two paragraphs' main points are different stages (neither unknown, not alike)."""
    return a is not None and b is not None and a != b and frozenset({a, b}) not in ALIKE
