"""Hand-written domain lexicon: who acts and what happens, in Arabic and English.

Each category names a kind of actor or event (UN bodies, armed forces, aid agencies,
governments; strikes, displacement, talks, votes...). The lexicon says only *what* a word
is; how much each category counts towards a section is learned from the labelled articles
(see features.py and linear.py). The lists are general knowledge of conflict reporting, not
phrases taken from particular articles.

Cues are written as plain words (both sides are normalised, so hamza, alef and ta marbuta
forms do not matter). A cue word matches a text word that *starts* with it, with or without
its leading clitics (و ف ب ل, ال; a bare ك is not tried): "قصف" matches "وقصفت" and "القصف".
A word ending in "=" must match exactly ("رئيس=" does not match "رئيسي"). A multi-word cue
matches consecutive words, and at one position the longest cue wins. Aid organisations are
also recognised by an organisation noun followed by a humanitarian word ("اتحاد الإغاثة").

Matching is worked out once per distinct word (:class:`Matches`, kept on the word's shared
token): its bare forms, the cues that may start at it and the later cue words it matches.
:func:`find` then only walks a paragraph's words and checks the next words of longer cues.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from ..text.normalize import CLITIC_PREFIXES, fold, is_arabic, normalise
from ..text.trie import Trie, TrieNode
from ..text.words import Token, Word, token


@dataclass(frozen=True)
class Category:
    """A kind of cue: what it means and the section it usually points to (for evidence)."""

    name: str
    label: str
    section: str | None


CATEGORIES: tuple[Category, ...] = (
    Category("un_body", "UN body or official", "un"),
    Category("un_procedure", "Security Council procedure", "un"),
    Category("un_venue", "UN venue", "un"),
    Category("military_actor", "armed force or group", "battlefield"),
    Category("military_action", "military action", "battlefield"),
    Category("combatant", "fighters and soldiers", "battlefield"),
    Category("weapon", "weapon or military asset", "battlefield"),
    Category("command", "command change", "battlefield"),
    Category("monitor", "conflict monitor", None),
    Category("casualty", "deaths and injuries", None),
    Category("civilian", "civilians", "humanitarian"),
    Category("displacement", "displacement and evacuation", "humanitarian"),
    Category("aid", "aid and relief", "humanitarian"),
    Category("aid_org", "aid or rights organisation", "humanitarian"),
    Category("abuse", "detention and abuses", "humanitarian"),
    Category("chemical", "chemical weapons", None),
    Category("government", "government or official", "diplomacy"),
    Category("state", "state or capital", "diplomacy"),
    Category("nationality", "nationality", None),
    Category("diplomatic_action", "talks, positions, agreements", "diplomacy"),
    Category("terror_rhetoric", "'terrorism' rhetoric", "diplomacy"),
    Category("speech", "reported speech", None),
    Category("media", "news source", None),
)
CATEGORY_BY_NAME = {c.name: c for c in CATEGORIES}

_LEXICON: dict[str, str] = {
    "un_body": """
        امم متحده, اممي, منظمه دوليه, مجلس امن, امين عام امم, مبعوث دولي, مبعوث اممي, مبعوث خاص,
        دي ميستورا, دي مستورا, دي ميتسورا, غوتيريش, غوتيريس, غوتيرس, بيدرسن, بيدرسون, بان كي مون,
        اخضر ابراهيمي, كوفي عنان, يونيسف, يونسيف, يونيسيف, مفوضيه سامي, مفوضيه لاجي, مفوضيه امم,
        مفوض سامي, اوتشا, مكتب تنسيق, برنامج اغذيه, منظمه صحه عالمي, اونروا, منظمه حظر,
        مجلس حقوق انسان, لجنه تحقيق دولي, جمعيه عامه, حفظ سلام, اندوف, يونيفيل, مفتش, تقصي حقائق,
        وكاله دوليه طاقه, محققين دوليين, محققون دوليون, محققين تابعين امم, محققون تابعون امم,
        مفوضيه حقوق انسان, مفوض حقوق انسان,
        united nations, un=, security council, secretary general, guterres, de mistura, pedersen,
        ban ki moon, brahimi, annan, unicef, unhcr, ocha, wfp, unrwa, opcw,
        world health organization, world food programme, human rights council, general assembly,
        peacekeep, special envoy, un= envoy, inspectors, fact finding""",
    "un_procedure": """
        مشروع قرار, مسوده قرار, قرار اممي, قرار دولي, قرار مجلس, تصويت, صوت, اصوات, فيتو, حق نقض,
        نقض=, دول اعضاء, اعضاء مجلس, دايمه عضويه, دايم عضويه, امتنع, امتنعت, جلسه طاريه,
        اجتماع طاري, تبني قرار, قرار رقم, اعضاء في مجلس, قرارا=, قرارات=,
        resolution, veto, vote, voted, voting, member states, permanent member, abstain,
        council members, members of the council, emergency session, draft resolution""",
    "un_venue": """
        نيويورك,
        new york""",
    "military_actor": """
        جيش, قوات, عسكري, فصايل, فصيل, معارضه مسلحه, تنظيم دوله, داعش, نصره, هييه تحرير شام,
        فتح شام, جيش حر, حزب الله, حرس ثوري, وحدات حمايه, قسد, بيشمركه, ميليشي, مليشي, كتايب, لواء,
        بنتاغون, وزاره دفاع, وزير دفاع, وزيره دفاع, اركان, طيران, طاير, سلاح جو, بحريه, تحالف دولي,
        قايد, جنرال, ضابط, كولونيل, مسوول عسكري, مسوولين عسكري, مصدر عسكري, مصادر عسكري,
        خبراء عسكري, اعلام حربي, رييس اركان, رييس هييه اركان, قياده عسكري,
        army, armed forces, forces, troops, military, rebel forces, islamic state, factions,
        faction, armed groups, armed group, government forces, regime forces, hts, hayat tahrir,
        jihadist groups, isis, isil, nusra, hezbollah, revolutionary guard, ypg, sdf, militia,
        military official, military source, pentagon, defence ministry, defense ministry, air force,
        warplane, aircraft, navy, commander, general=, officer""",
    "military_action": """
        قصف, غاره, غارات, ضربه, ضربات, هجوم, هجمات, هاجم, شن, معارك, معركه, اشتباك, قتال, اقتتال,
        تقدم, سيطر, استعاد, اقتحام, اقتحم, اجتياح, انسحاب, انسحب, سحب, طرد, تطويق, كمين, كماين,
        تفجير, انتحاري, اطلاق نار, اطلق, اسقاط, اسقط, اعتراض, استهدف, استهداف, جبهه, محاور, محور,
        خطوط تماس, عمليه عسكري, عمليات عسكري, حمله عسكري, تعزيزات, مواقع, تمركز, مناورات, توغل, قذف,
        دمر, تدمير, مكاسب, خساير, نشر قوات, عزز, تعزيز, ضبط اسلحه, اراضي, اعاده انتشار, معقل, معاقل,
        وجود عسكري,
        struck, rebel positions, military positions, army positions, military presence, destroy,
        gains, losses, control, outflank, drive them out, deployed, stronghold, territory, strike,
        airstrike, shelling, shelled, bomb, raid, attack, offensive, assault, battle, clash,
        fighting, advance, captur, seize, seized, recaptur, retake, retook, withdr, retreat, ambush,
        explosion, suicide, shot down, intercept, targeted, frontline, front line,
        military operation, reinforcement, incursion""",
    "combatant": """
        مقاتل, مسلح, جنود, جندي, عناصر, متشدد, جهادي, متمرد, مرتزق, ارهابيين=,
        fighters, fighter, soldier, militant, gunmen, jihadist, insurgent, rebels, terrorists,
        armed men, mercenaries""",
    "weapon": """
        صاروخ, صواريخ, قذيف, قذايف, مدفعي, دبابه, دبابات, دفاع جوي, دفاعات جويه, منظومه, قاعده=,
        قواعد=, قاعده جويه, قاعده عسكري, قاعده بحريه, مطار عسكري, عتاد, اسلحه, سلاح=, ذخيره, بارجه,
        فرقاطه, مدمره, غواصه, طايرات مسيره, مقاتلات, قاذف, براميل متفجره, برميل متفجر,
        missile, rocket, artillery, tank, air defence, air defense, airbase, air base, weapon,
        ammunition, warship, frigate, destroyer, submarine, drone, bomber, barrel bomb""",
    "command": """
        اقال, اقاله, اقالت, عين قايد, تعيين قايد, قايد جديد, يحل محله, ليحل محله, خلفا له,
        dismissed, sacked, new commander, replaced him, succeeds him""",
    "monitor": """
        مرصد, مرصد سوري لحقوق انسان, نشطاء, ناشط, مصادر ميداني, مصدر ميداني,
        observatory, monitor, activist""",
    "casualty": """
        قتلي, قتيل, مقتل, قتل, جرحي, جريح, اصابه, اصيب, مصرع, حتف, حصيله, ضحايا, ضحيه, جثث, جثامين,
        killed, dead, death, casualt, wounded, injured, toll, victim, bodies""",
    "civilian": """
        مدني, سكان, اهالي, اطفال, طفل, نساء, عايلات, عايله, اسر=, اسره, مسن, ابرياء, شخص=, شخصا=,
        اشخاص, ناس=,
        civilian, resident, children, child, women, famil, innocent, population, people, persons""",
    "displacement": """
        نزوح, نازح, نزح, فرار, فروا, فارين, فارون, لاجي, لجوء, تهجير, مهجر, هجره, اجلاء, اخلاء,
        ممر انساني, ممرات انسانيه, ممر امن, ممرات امنه, مخيم, ايواء, ماوي, تشرد, مشرد, حصار, محاصر,
        عالق, منازل, يعيش, يعيشون, مليون شخص, ملايين شخص, الاف شخص,
        besieged, siege, trapped, homes, leave=, leaving, exodus, uprooted, displac, refugee, flee,
        fled, fleeing, evacuat, corridor, camp, shelter, asylum, homeless""",
    "aid": """
        مساعدات, اغاثه, قافله, قوافل, انساني, غذاء, غذاي, طعام, دواء, ادويه, طبي=, طبيه=, مستشفي,
        اطباء, مسعف, صحي=, صحيه=, مياه, جوع, مجاعه, امدادات, معاناه, كارثه انسانيه,
        aid=, humanitarian, relief, convoy, food, medicine, medical, hospital, doctor, water=,
        hunger, starv, famine, supplies, suffering""",
    "aid_org": """
        صليب احمر, هلال احمر, اطباء بلا حدود, خوذ بيضاء, دفاع مدني, منظمات اغاثه, منظمه اغاثه,
        هيومن رايتس, عفو دوليه, لجنه انقاذ, منظمات انسانيه, منظمه انسانيه, منظمات غير حكوميه,
        منظمه غير حكوميه, اتحاد منظمات,
        red cross, red crescent, doctors without borders, msf, white helmets, civil defence,
        human rights watch, amnesty, rescue committee, ngo, aid agenc, aid group, charity""",
    "abuse": """
        معتقل, اعتقال, احتجاز, محتجز, مختف, مفقود, تعذيب, جرايم حرب, جريمه حرب, جرايم ضد انسانيه,
        جريمه ضد انسانيه, اعدام, اغتصاب, حقوق انسان,
        detain, detention, prisoner, torture, war crime, crimes against humanity, disappear,
        execution, abuse, human rights""",
    "chemical": """
        كيميا, كيماوي, سارين, كلور, غاز اعصاب, غازات سامه, غاز سام, اختناق, اسلحه كيميا,
        اسلحه كيماويه, سلاح كيميا, سلاح كيماوي,
        chemical weapon, chemical, sarin, chlorine, nerve agent, toxic gas, poison gas, suffocat""",
    "government": """
        رييس=, رييسه=, رياسه, وزير, وزاره خارجيه, خارجيه, حكومه, كرملين, بيت ابيض, اليزيه, داونينغ,
        متحدث باسم, متحدثه باسم, ناطق باسم, ناطقه باسم, سفير, سفيره, سفاره, دبلوماسي, مسوول,
        مستشاره, ملك=, امير=, ولي عهد, برلمان, نواب, مجلس شيوخ, كونغرس, ايتلاف, زعيم, مندوب,
        president, minister, ministry, government, kremlin, white house, elysee, spokes, ambassador,
        embassy, envoy, diplomat, official, chancellor, king=, emir, crown prince, parliament,
        congress, senate, leader""",
    "state": """
        روسيا=, ايران=, تركيا=, اسراييل=, دوله عبريه, ولايات متحده, امريكا=, اميركا=, بريطانيا=,
        مملكه متحده, فرنسا=, المانيا=, صين=, سعوديه=, قطر=, مصر=, اردن=, لبنان=, عراق=, اوروبا=,
        اتحاد اوروبي, واشنطن=, موسكو=, طهران=, انقره=, باريس=, لندن=, برلين=, بكين=, رياض=, دوحه=,
        دمشق=, دول غربيه, قوي غربيه, غرب=,
        russia, iran, turkey, israel, united states, america, britain, united kingdom, france,
        germany, china, saudi arabia, qatar, egypt, jordan, lebanon, iraq, europe, european union,
        washington, moscow, tehran, ankara, paris, london, berlin, beijing, riyadh, doha, damascus,
        western powers, the west""",
    "nationality": """
        روسي, ايراني, تركي, اسراييلي, امريكي, اميركي, بريطاني, فرنسي, الماني, صيني, سعودي, قطري,
        مصري, اردني, لبناني, عراقي, اوروبي, غربي, كردي, اكراد,
        russian, iranian, turkish, israeli, american, british, french, german, chinese, saudi,
        qatari, egyptian, jordanian, lebanese, iraqi, european, western, kurdish, kurds""",
    "diplomatic_action": """
        محادثات, مفاوضات, تفاوض, مباحثات, اتفاق, اتفاقيه, اتصال, هاتفي, اجتماع, لقاء, التقي, زياره,
        زار=, زاروا, قمه, موتمر, بيان, ادان, ادانه, ندد, دعا=, دعت, دعوه, طالب=, طالبت, مطالب, حذر,
        تحذير, اتهم, اتهام, نفي=, نفت, رفض, ايد=, ايدت, تاييد, دعم, موقف, مواقف, حل سياسي,
        عمليه سياسيه, انتقال سياسي, تسويه, عقوبات, علاقات, وساطه, مبادره, سياده, نظير, مسار, دستور,
        انتخابات, تطبيع, استانا, استانه, سوتشي, حوار, مشاورات, تنسيق, تعاون, سياسي, دبلوماسيه,
        تصريحات, عرض=, عرضت, اقترح, اقتراح, مقترح, صفقه, تصنف, تصنيف, هدد, تهدد, توعد, اعتراف,
        احتلال, ضم=, ضمت, وقف اطلاق نار, وقف لاطلاق نار, هدنه, تهدئه, خفض تصعيد,
        ceasefire, cease fire, truce, de escalation, talks, negotiat, agreement, deal=, accord,
        phone, meeting, met=, visit, summit, press conference, statement, condemn, called for, urge,
        demand, warn, accus, deny, denied, reject, support, position, offer, proposal, threaten,
        recogni, annex, political solution, political process, transition, settlement, sanction,
        relations, mediat, initiative, sovereignty, counterpart, constitution, election, dialogue,
        consultation, cooperat, political, diplomac""",
    "terror_rhetoric": """
        ارهاب,
        terror""",
    "media": """
        وكاله انباء, وكاله اناضول, صحيفه, تلفزيون, قناه, اعلام رسمي, اعلام حكومي, وسايل اعلام, سانا,
        رويترز, فرانس برس, اسوشيتد برس, بي بي سي, مراسل, محرر, مدون, تقارير, تقرير, مصادر=, مصدر=,
        مصدران,
        news agency, newspaper, television, state media, state tv, reuters, afp, associated press,
        bbc, correspondent, reporter, editor, blogger, reports, sources""",
    "speech": """
        قال, اكد, اعتبر, راي=, رات=, اضاف=, اضافت=, صرح, اعلن, اشار, اوضح, لفت, شدد, كشف, ذكر, افاد,
        وصف, تابع=, تابعت=, مضي=, اعرب, قالت, اكدت, اعلنت, يضيف, تضيف, يقول, تقول, يري=, تري=,
        يعتبر, تعتبر, يوكد, توكد, يشير, تشير, يوضح, توضح, اردف, استطرد,
        said, says, stress, added, stated, announc, noted, told""",
}

#: Organisation nouns and the words that make an organisation a humanitarian one:
#: "اتحاد الإغاثة الطبية", "مجموعة الدفاع المدني", "منظمة إنسانية" are aid organisations.
_ORGANISATIONS = ("منظمه", "منظمات", "اتحاد", "جمعيه", "مجموعه", "هييه", "وكاله", "لجنه",
                  "مركز", "organisation", "organization", "group", "agency", "union")
_HUMANITARIAN_QUALIFIERS = ("اغاثه", "انساني", "طبي", "صحي", "اسعاف", "انقاذ", "حقوق انسان",
                            "دفاع مدني", "relief", "humanitarian", "medical", "rescue",
                            "human rights", "aid=")


def _aid_organisations() -> str:
    return ", ".join(f"{org} {qualifier}" for org in _ORGANISATIONS
                     for qualifier in _HUMANITARIAN_QUALIFIERS
                     if org.isascii() == qualifier.isascii())


#: A scene-setting first phrase ("ميدانياً، ..." = "on the ground, ...") and the section it
#: sets. Written as plain text; compared on folded words, so "على الصعيد الميداني" matches.
OPENERS: dict[str, tuple[str, ...]] = {
    "battlefield": ("ميدانيا", "عسكريا", "على الأرض", "على الصعيد الميداني",
                    "on the ground", "militarily", "on the battlefield"),
    "humanitarian": ("إنسانيا", "على الصعيد الإنساني", "on the humanitarian front"),
    "diplomacy": ("سياسيا", "دبلوماسيا", "على الصعيد السياسي", "على الصعيد الدبلوماسي",
                  "politically", "diplomatically", "on the diplomatic front"),
    "un": ("في نيويورك", "في الأمم المتحدة", "at the united nations", "at the un",
           "in new york"),
}
#: Particles that may come before such a verb ("كما أعلن", "ثم قال").
_LEADING_PARTICLES = ("كما", "ثم", "فيما", "بينما", "لكن", "لكنه", "وقد", "قد", "كان", "كانت")
#: Speech verbs that continue the previous speaker even when a name follows them.
_ALWAYS_CONTINUES = ("اضاف", "اضافت", "تابع", "تابعت", "مضي", "استطرد", "اردف", "يضيف",
                     "تضيف")
#: Words right after such a verb that show the subject is implied ("وأضاف أن ...").
_IMPLIED_SUBJECT = ("ان", "انه", "انها", "انهم", "ان", "قايلا", "قايله", "added", "said",
                    "continued", "stressed", "noted", "told")


class Hit(NamedTuple):
    """One cue found in a text: its category, the cue and the words as written."""

    category: str
    cue: str
    surface: str
    position: int


CueWord = tuple[str, bool]  # (folded word, exact)
Cue = tuple[CueWord, ...]


def _parse(spec: str) -> list[Cue]:
    cues = []
    for item in spec.replace("\n", " ").split(","):
        parts = item.split()
        if not parts:
            continue
        cue = []
        for part in parts:
            exact = part.endswith("=")
            word = normalise(part.rstrip("=")).lower()
            cue.append((word, exact))
        cues.append(tuple(cue))
    return cues


@cache
def _index() -> dict[str, list[tuple[str, Cue]]]:
    """First cue word -> [(category, cue)], for prefix lookups."""
    index: dict[str, list[tuple[str, Cue]]] = {}
    specs = [*_LEXICON.items(), ("aid_org", _aid_organisations())]
    for name, spec in specs:
        for cue in _parse(spec):
            index.setdefault(cue[0][0], []).append((name, cue))
    return index


@cache
def _later_index() -> tuple[dict[str, list[CueWord]], int]:
    """Second and later cue words by their text, and the longest such text."""
    later: dict[str, list[CueWord]] = {}
    for cues in _index().values():
        for _, cue in cues:
            for cue_word in cue[1:]:
                entries = later.setdefault(cue_word[0], [])
                if cue_word not in entries:
                    entries.append(cue_word)
    return later, max((len(text) for text in later), default=0)


#: Clitic combinations tried when matching cues. A bare ك ("like") is left out: it is rare
#: in news text and would turn "كلفتها" (its cost) into "لفتت" (she pointed out).
_MATCH_PREFIXES = tuple(p for p in CLITIC_PREFIXES
                        if p and (not p.lstrip("وف").startswith("ك") or p.lstrip("وف") == "كال"))


def candidates(word: Word | Token) -> tuple[str, ...]:
    """A word's possible bare forms: with and without each leading clitic combination."""
    if isinstance(word, Token):
        return (word.matches or _matches(word)).forms  # type: ignore[attr-defined]
    return _matches(token(word.surface)).forms


#: The same by length, longest first (at most one of each length can start a word).
_MATCH_PREFIXES_BY_LENGTH = tuple(
    (n, frozenset(p for p in _MATCH_PREFIXES if len(p) == n))
    for n in sorted({len(p) for p in _MATCH_PREFIXES}, reverse=True))


def _bare_forms(word: Token) -> tuple[str, ...]:
    if not is_arabic(word.surface):
        return (word.key,)
    key = word.normal
    forms = [key]
    for n, prefixes in _MATCH_PREFIXES_BY_LENGTH:
        if len(key) - n >= 3 and key[:n] in prefixes:
            forms.append(key[n:])
    return tuple(dict.fromkeys(forms))


#: A cue that may start at a word: (words in it, letters in it, category, its words after
#: the first, cue text).
Start = tuple[int, int, str, Cue, str]


class Matches:
    """How one distinct word meets the lexicon, worked out once (see :func:`find`).

    ``forms``: its bare forms (:func:`candidates`); ``alone``: the (category, cue text) hits
    when no longer cue starts at it; ``longer``: the cues of two words or more whose first word
    it matches, in lookup order; ``cued``: some cue starts at it; :attr:`later`: the
    second-or-later cue words it matches (worked out when first asked: most words never
    follow the start of a longer cue).
    """

    __slots__ = ("_later", "alone", "cued", "forms", "longer")

    def __init__(self, word: Token) -> None:
        self.forms = forms = _bare_forms(word)
        starts = _starts(forms)
        self.alone = _winners([s for s in starts if s[0] == 1])
        self.longer = tuple(s for s in starts if s[0] > 1)
        self.cued = bool(self.alone or self.longer)
        self._later: frozenset[CueWord] | None = None

    @property
    def later(self) -> frozenset[CueWord]:
        if self._later is None:
            self._later = _later(self.forms)
        return self._later


@cache
def _trie() -> dict[str, TrieNode[str, tuple[CueWord, Start]]]:
    """The first cue words letter by letter (the same entries, in the same order, as
    :func:`_index`): at the node of a word's last letter, the cues it starts."""
    trie: Trie[str, tuple[CueWord, Start]] = Trie()
    for head, entries in _index().items():
        trie.insert(head, ((cue[0], (len(cue), sum(len(w) for w, _ in cue), name, cue[1:],
                                     " ".join(c for c, _ in cue)))
                           for name, cue in entries))
    return trie.roots


def _starts(forms: tuple[str, ...]) -> list[Start]:
    """The cues whose first word the forms match, in the order the prefixes find them
    (each form's prefixes from two letters on, shortest first; a prefix met before once)."""
    root = _trie()
    found: list[Start] = []
    seen: set[int] = set()
    for form in forms:
        level = root
        for end, letter in enumerate(form, start=1):
            node = level.get(letter)
            if node is None:
                break
            if end >= 2 and node.values and id(node) not in seen:
                seen.add(id(node))
                # The form starts with each cue's first word: an exact one must be whole.
                found.extend(start for (first, exact), start in node.values
                             if not exact or first in forms)
            level = node.next
    return found


def _later(forms: tuple[str, ...]) -> frozenset[CueWord]:
    later, longest = _later_index()
    matched: set[CueWord] = set()
    for form in forms:
        for end in range(min(len(form), longest) + 1):
            for text, exact in later.get(form[:end], ()):
                if not exact or text == form:
                    matched.add((text, exact))
    return frozenset(matched)


def _winners(found: Sequence[Start]) -> tuple[tuple[str, str], ...]:
    """The longest cues (more words first, then more letters), one per category, in order:
    "روسيا" is a state, not the nationality "روسي"; "مقاتلات" are warplanes, not fighters."""
    if not found:
        return ()
    n = max(f[0] for f in found)
    letters = max(f[1] for f in found if f[0] == n)
    named: dict[str, str] = {}
    for length, size, name, _, text in found:
        if length == n and size == letters and name not in named:
            named[name] = text
    return tuple(named.items())


def _matches(word: Token) -> Matches:
    """How a word meets the lexicon, worked out once and kept on its shared token."""
    found = word.matches
    if found is None:
        found = word.matches = Matches(word)
    return found  # type: ignore[return-value]


def find(ws: Sequence[Word | Token]) -> list[Hit]:
    """Every cue in a sequence of words, in text order (longest cue first at a position)."""
    if ws and not isinstance(ws[0], Token):  # words() as written, with their offsets
        ws = [token(w.surface) for w in ws]
    infos: list[Matches] = [w.matches or _matches(w) for w in ws]  # type: ignore[union-attr]
    hits: list[Hit] = []
    add = hits.append
    covered = -1
    last = len(infos) - 1
    for i, info in enumerate(infos):
        if not info.cued or i <= covered:
            continue
        if info.longer and i < last:
            after = infos[i + 1].later
            longer = [s for s in info.longer if s[3][0] in after
                      and (len(s[3]) == 1 or _followed_by(s[3], infos, i + 1))]
            if longer:
                n = max(s[0] for s in longer)
                surface = " ".join(w.surface for w in ws[i:i + n])
                for name, text in _winners(longer):
                    add(Hit(name, text, surface, i))
                covered = i + n - 1
                continue
        surface = ws[i].surface
        for name, text in info.alone:
            add(Hit(name, text, surface, i))
    return hits


def _followed_by(rest: Cue, infos: Sequence[Matches], at: int) -> bool:
    """True when the words from ``at`` on match a cue's later words."""
    return at + len(rest) <= len(infos) and all(
        cue_word in infos[at + k].later for k, cue_word in enumerate(rest))


def _opening(word: Token) -> str:
    """A paragraph's first word as matched: its key, a leading و or ف taken off."""
    key = word.key
    if word.arabic and len(key) > 2 and key[0] in "وف":
        return key[1:]
    return key


def _lead(ws: Sequence[Token], n: int) -> str:
    """The first ``n`` folded words, a leading و or ف taken off the first."""
    return " ".join([_opening(ws[0]), *(w.key for w in ws[1:n])]) if ws else ""


@cache
def _openers() -> dict[str, tuple[tuple[str, str], ...]]:
    """Opener phrases (folded) and their sections, in order, by the phrase's first word."""
    by_first: dict[str, list[tuple[str, str]]] = {}
    for section, phrases in OPENERS.items():
        for phrase in phrases:
            folded = " ".join(fold(w) for w in phrase.split())
            by_first.setdefault(folded.split(" ")[0], []).append((folded, section))
    return {first: tuple(found) for first, found in by_first.items()}


def opener(ws: Sequence[Token]) -> str | None:
    """The section a scene-setting opener ("ميدانياً، ...") sets, if the text opens on one."""
    phrases = _openers().get(_opening(ws[0])) if ws else None
    if not phrases:
        return None
    lead = _lead(ws, 5) + " "
    for phrase, section in phrases:
        if lead.startswith(phrase + " "):
            return section
    return None


def continues_previous(ws: Sequence[Token], gaps: Sequence[str] = ()) -> bool:
    """True when a paragraph opens on a speech verb with an implied subject: "وأضاف أن",
    "وقال: «...»", "كما كشف أنه" continue the speaker of the paragraphs before.

    ``gaps[i]`` is the text before word ``i`` (:class:`~.normalize.Text`): a colon or a
    quotation mark after the verb also shows the speaker is implied.
    """
    if len(ws) < 2:
        return False
    if _opening(ws[0]) in _LEADING_PARTICLES:
        ws, gaps = ws[1:], gaps[1:]
        if len(ws) < 2:
            return False
    first, second = _opening(ws[0]), ws[1].key
    if first in ("he", "she", "they", "it"):
        return second in _IMPLIED_SUBJECT
    if not any(category == "speech" for category, _ in _matches(ws[0]).alone):
        return False
    gap = gaps[1] if len(gaps) > 1 else ""
    return (first in _ALWAYS_CONTINUES or second in _IMPLIED_SUBJECT
            or any(mark in gap for mark in ':"«“'))
