"""Cue words of the extractors: attribution verbs, function words, number words, nouns.

Words are written here as a reader would write them and folded once at import with
:func:`briefing.text.normalize.word_set` (as the classifier's word lists are), so the lists
stay readable and match any spelling of alef, hamza or ta marbuta. Names of actors live in
the gazetteer, not here.
"""

from __future__ import annotations

from ..text.normalize import word_set
from ..text.tokens import Memo, bare, fold, lemma_set

_set = word_set


_MASCULINE: set[str] = set()
_FEMININE: set[str] = set()


def _past(stems: str) -> frozenset[str]:
    """Past-tense forms of regular verbs: he, she, they two, they (قال قالت قالا قالوا)."""
    out: set[str] = set()
    for stem in stems.split():
        s = fold(stem)
        out |= {s, s + "ت", s + "ا", s + "وا", s + "تا"}
        _MASCULINE.add(s)
        _FEMININE.add(s + "ت")
    return frozenset(out)


#: Verbs that introduce words as spoken ("قال «...»" needs no "أن").
SAY = _past("قال أضاف تابع أردف استطرد كتب غرد صرح ختم ردد هتف استدرك تحدث مضى") | _set(
    "يقول تقول يقولون تقولان يضيف تضيف يتابع يصرح يكتب تكتب قائلا قائلة قائلين مضيفا "
    "مضيفة متابعا مردفا مستطردا مختتما كاتبا قول رد ردت")
#: Verbs that report a claim or position ("أكد أن ...", "أعلن مقتل ...").
CLAIM = _past(
    "أكد اعتبر شدد أعلن أفاد أشار لفت ذكر أوضح حذر أعرب تعهد طالب ندد أدان وصف اتهم زعم "
    "اعترف نوه علق انتقد رحب أبلغ أشاد هدد توعد حث ناشد رجح قدر كشف أفصح نبه "
    "أبدى لاحظ استهجن سأل أجاب أقر أورد شرح طلب") | _set(
    "رأى رأت رأيا رأوا نفى نفت نفيا نفوا دعا دعت دعوا أبدت روى روت "
    "يؤكد تؤكد يرى ترى يشير تشير يعتبر تعتبر يوضح توضح يعلن تعلن يتهم تتهم يحذر تحذر "
    "يشدد تشدد يزعم تزعم يرون يؤكدون ينفي تنفي يدعو تدعو يفيد تفيد")
#: Adverbial participles: the subject of the sentence goes on speaking ("مضيفاً أن").
PARTICIPLES = _set(
    "قائلا قائلة مضيفا مضيفة مشيرا مشيرة مؤكدا مؤكدة معتبرا معتبرة موضحا موضحة لافتا "
    "لافتة محذرا محذرة مشددا مشددة معربا معربة مطالبا مطالبة داعيا داعية متهما متهمة "
    "واصفا واصفة منوها منوهة متابعا مردفا مستطردا مختتما متعهدا متعهدة منددا مبديا "
    "مستدركا مشككا مشككة موضحا زاعما زاعمة")
#: Cues that tell the speaker's grammatical gender: "قالت" is never a man, "قال" never a
#: woman or a state. Continuations skip speakers that do not agree.
FEMININE = frozenset(_FEMININE) | _set(
    "رأت نفت دعت أبدت روت تقول تضيف تؤكد ترى تشير تعتبر توضح تعلن تتهم تحذر تشدد تزعم "
    "تنفي تدعو") | frozenset(p for p in PARTICIPLES if p.endswith("ه"))
MASCULINE = frozenset(_MASCULINE) | _set(
    "رأى نفى دعا أبدى روى يقول يضيف يؤكد يرى يشير يعتبر يوضح يعلن يتهم يحذر يشدد يزعم "
    "ينفي يدعو") | frozenset(p for p in PARTICIPLES if p.endswith("ا"))
#: "نقل X عن Y": Y is the speaker, X the source.
RELAY = _past("نقل")
#: Cues that are also common nouns ("رفض طلب X", "في رد على"): only a verb when written with
#: its conjunction ("وطلب") or opening the sentence.
NOUN_LIKE = _set("طلب طلبت رد ردت شرح شرحت")
#: Verbs whose next noun is usually their object ("اتهم X بـ", "وصف X بأنه"): it is taken for
#: the speaker only when it is a known actor or title.
OBJECT_VERBS = _past("اتهم وصف انتقد أدان ندد حث ناشد طالب رحب هدد حذر أبلغ") | _set(
    "دعا دعت")
#: Texts that speak for their author: "تغريدة تقول", "بيان للكرملين", "تقرير لمنظمة العفو".
TEXTS = _set("بيان بيانا بيانات البيان تصريح تصريحات تقرير التقرير تقارير رسالة تغريدة "
             "مقال افتتاحية كلمة")
#: "وجاء في البيان أن", "ورد في التقرير": the text named after "في" speaks.
STATED = _set("جاء ورد")
#: "نقل X عن Y": how far after the verb "عن" may come.
RELAY_REACH = 10
#: "بحسب X", "وفقاً لـX": X is the source of what follows (or precedes).
ACCORDING = _set("بحسب حسب وفق وفقا طبقا حسبما بحسبما نقلا")
ATTRIBUTION_VERBS = SAY | CLAIM | PARTICIPLES | RELAY

COMPLEMENTIZERS = _set(
    "أن إن أنه إنه أنها إنها أنهم إنهم أنهما إنهما أننا إننا أنني إنني بأن بأنه بأنها بأنهم "
    "بأنهما بأننا")
RELATIVES = _set("الذي التي الذين اللذين اللذان اللتين اللتان اللواتي اللاتي")
#: Words that end a speaker's noun phrase (prepositions, adverbs, conjunctions).
STOPS = _set(
    "في فى خلال مع أمام عقب بعد قبل عبر لدى حول على علي إلى الى عن من منذ حيث أثناء ضمن "
    "وسط تجاه بشأن إزاء عند بين إذ لكن لكنه لكنها غير ثم حتى كما بينما فيما وهو وهي هو هي "
    "بدوره بدورها أيضا كذلك مجددا ردا لاحقا سابقا مؤخرا حينها تعليقا إثر جراء بسبب "
    "نحو أكثر أقل يجب قد لم لن لا ما قوله قولها قولهم")
#: Prepositions with a pronoun ("قال لنا", "قال عنه"): skipped before a speaker, end it after.
PRONOUN_PREPS = _set(
    "فيه فيها فيهم عليه عليها عليهم منه منها منهم عنه عنها عنهم إليه إليها إليهم له لها لهم "
    "لنا لي لكم به بها بهم معه معها لديه لديها")
#: "أبلغ رويترز": the agency after this verb was told, it did not speak.
TOLD = _set("أبلغ أبلغت أبلغوا أبلغا")
#: Time words: skipped before a speaker, end a speaker's phrase after it.
TIME = _set(
    "أمس اليوم الليلة غدا الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت يوم "
    "مساء صباح ليل فجر ظهر عصر الماضي الماضية الجاري")
#: Words skipped at the start of a clause before a nominal subject ("وكان X صرح ...").
CLAUSE_OPENERS = _set("كان كانت كانوا قد وقد بينما فيما كما لكن أما إلا بيد غير")
#: "ذكر الأخير": the person named last.
LATTER = _set("الأخير الأخيرة")
#: Statements: "بيان للكرملين", "في بيان مشترك".
STATEMENT = _set("بيان بيانا بيانات البيان بيانها بيانه تصريح تصريحات")
JOINT = _set("مشترك مشتركا المشترك")
#: A quoted span right after one of these is a name ("وكالة «رويترز»"), not a quotation.
NAME_CUES = _set(
    "وكالة صحيفة قناة موقع تنظيم حركة جبهة جماعة فصيل لواء فيلق كتيبة كتائب سرايا هيئة "
    "عملية معركة اتفاق اتفاقية مؤتمر قاعدة مطار طراز اسم شركة حزب منظمة مجموعة تحالف ائتلاف "
    "غرفة مسار منصة برنامج مبادرة مركز مستشفى بلدة مدينة قرية حي مخيم شعار هاشتاغ وسم "
    "صفحة حساب فيلم كتاب مجلة تلفزيون إذاعة راديو قانون لقب عنوان منطقة محافظة ريف جسر "
    "تجمع شبكة رابطة اتحاد جمعية مؤسسة مجلس مبنى سجن مدرسة جامعة نظام صاروخ صواريخ "
    "منظومة طائرة طائرات دبابة دبابات بعنوان تسمية")
#: First words of names of armed groups and bodies («جيش الإسلام», «وحدات حماية الشعب»).
NAME_HEADS = _set(
    "جيش الجيش حركة جبهة لواء فيلق كتيبة كتائب تنظيم هيئة وحدات قوات مجلس اتفاق اتفاقية "
    "عملية منظمة حزب تجمع مجموعة غرفة سرايا جماعة تحالف شبكة مركز الدولة دولة أنصار "
    "جند أحرار فتح")

# --- figures -------------------------------------------------------------------------------

UNITS = {
    "واحد": 1, "واحدة": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2,
    "اثنتا": 2, "ثلاث": 3, "ثلاثة": 3, "أربع": 4, "أربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6,
    "ستة": 6, "سبع": 7, "سبعة": 7, "ثمان": 8, "ثماني": 8, "ثمانية": 8, "تسع": 9, "تسعة": 9,
    "عشر": 10, "عشرة": 10, "أحد": 1, "إحدى": 1,
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "أربعون": 40, "أربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
    "مئة": 100, "مائة": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200,
    "مئتا": 200, "مئتي": 200, "مائتا": 200, "مائتي": 200,  # before a noun: "مئتي ألف"
    "ثلاثمئة": 300, "ثلاثمائة": 300, "أربعمئة": 400, "أربعمائة": 400, "خمسمئة": 500,
    "خمسمائة": 500, "ستمئة": 600, "ستمائة": 600, "سبعمئة": 700, "سبعمائة": 700,
    "ثمانمئة": 800, "ثمانمائة": 800, "تسعمئة": 900, "تسعمائة": 900,
}
NUMBER_WORDS: dict[str, int] = {fold(k): v for k, v in UNITS.items()}
MULTIPLIERS: dict[str, int] = {fold(k): v for k, v in {
    "ألف": 1000, "آلاف": 1000, "ألفا": 1000, "ألفان": 2000, "ألفين": 2000, "الاف": 1000,
    "مليون": 10**6, "ملايين": 10**6, "مليونا": 10**6, "مليونان": 2 * 10**6,
    "مليونين": 2 * 10**6, "مليار": 10**9, "مليارات": 10**9, "مليارا": 10**9,
}.items()}
#: Words that alone are not a number to report ("واحد" in "في آن واحد").
WEAK_NUMBER_WORDS = _set("واحد واحدة أحد إحدى عشر ست سبع")

QUALIFIERS: tuple[tuple[str, str], ...] = (
    ("ما لا يقل عن", "at least"), ("لا يقل عن", "at least"), ("ما يزيد على", "more than"),
    ("ما يزيد عن", "more than"), ("ما يربو على", "more than"), ("ما يقارب", "nearly"),
    ("ما يقرب من", "nearly"), ("ما يصل إلى", "up to"), ("يصل إلى", "up to"),
    ("أكثر من", "more than"), ("أزيد من", "more than"), ("أقل من", "fewer than"),
    ("نحو", "about"), ("حوالي", "about"), ("حوالى", "about"),
    ("قرابة", "nearly"), ("زهاء", "about"), ("يقارب", "nearly"), ("تقريبا", "about"),
    ("حتى", "up to"),
)
#: After the counted noun: "20 مدنياً على الأقل".
QUALIFIERS_AFTER: tuple[tuple[str, str], ...] = (
    ("على الأقل", "at least"), ("تقريبا", "about"), ("فقط", "only"),
)

#: Event cues near a count -> what happened to the people counted.
EVENTS: dict[str, str] = {fold(k): v for k, v in {
    "مقتل": "killed", "قتل": "killed", "قتلت": "killed", "قتلوا": "killed", "قتلى": "killed",
    "لقي": "killed", "لقوا": "killed", "مصرع": "killed", "سقوط": "killed", "وفاة": "killed",
    "توفي": "killed", "حتفهم": "killed", "مقتلهم": "killed", "قضى": "killed",
    "قضوا": "killed", "استشهاد": "killed", "استشهد": "killed", "ضحايا": "killed",
    "إصابة": "wounded", "أصيب": "wounded", "أصيبوا": "wounded", "جرح": "wounded",
    "إصابات": "wounded", "جرحى": "wounded", "مصابين": "wounded",
    "نزوح": "displaced", "نزح": "displaced", "نزحوا": "displaced", "تهجير": "displaced",
    "فرار": "displaced", "فر": "displaced", "فروا": "displaced", "تشريد": "displaced",
    "هرب": "displaced", "هربوا": "displaced",
    "اعتقال": "detained", "اعتقل": "detained", "اعتقلت": "detained", "احتجاز": "detained",
    "اختطاف": "detained", "خطف": "detained", "أسر": "detained",
    "إجلاء": "evacuated", "أجلي": "evacuated", "خروج": "evacuated", "مغادرة": "evacuated",
    "إخراج": "evacuated",
    "فقدان": "missing", "فقد": "missing", "مفقودين": "missing",
    "الإفراج": "released", "أفرج": "released", "سراح": "released",
}.items()}
EVENT_EN = {"killed": "killed", "wounded": "wounded", "displaced": "displaced",
            "detained": "detained", "evacuated": "evacuated", "missing": "missing",
            "released": "released"}

#: Counted nouns: folded forms -> (English, kind, implied event).
#: kind: people (key figures), count (things), duration, money, measure.
_NOUNS: tuple[tuple[str, str, str, str | None], ...] = (
    ("شخص أشخاص شخصا", "people", "people", None),
    ("مدني مدنيين مدنيا مدنيون مدنية", "civilians", "people", None),
    ("مسلح مسلحين مسلحا مسلحون", "fighters", "people", None),
    ("مقاتل مقاتلين مقاتلا مقاتلون", "fighters", "people", None),
    ("عنصر عناصر عنصرا", "fighters", "people", None),
    ("جندي جنود جنديا", "soldiers", "people", None),
    ("عسكري عسكريين عسكريا عسكريون", "military personnel", "people", None),
    ("ضابط ضباط ضابطا", "officers", "people", None),
    ("طفل أطفال طفلا", "children", "people", None),
    ("امرأة نساء سيدة سيدات", "women", "people", None),
    ("رجل رجال رجلا", "men", "people", None),
    ("قتيل قتلى قتيلا", "dead", "people", "killed"),
    # "3 شهداء": the Syrian army's and state media's word for its dead.
    ("شهيد شهداء شهيدا", "dead", "people", "killed"),
    ("جريح جرحى جريحا", "wounded", "people", "wounded"),
    ("مصاب مصابين مصابا", "injured", "people", "wounded"),
    ("نازح نازحين نازحا نازحون", "displaced people", "people", "displaced"),
    ("لاجئ لاجئين لاجئا لاجئون", "refugees", "people", None),
    ("معتقل معتقلين معتقلا", "detainees", "people", "detained"),
    ("سجين سجناء", "prisoners", "people", "detained"),
    ("أسير أسرى", "prisoners", "people", "detained"),
    ("ضحية ضحايا", "victims", "people", "killed"),
    ("مواطن مواطنين مواطنا", "citizens", "people", None),
    ("ساكن سكان نسمة", "residents", "people", None),
    ("مستشار مستشارين", "advisers", "people", None),
    ("خبير خبراء", "experts", "people", None),
    ("صحفي صحفيين صحفيا", "journalists", "people", None),
    ("متطوع متطوعين", "volunteers", "people", None),
    ("مسعف مسعفين", "medics", "people", None),
    ("جهادي جهاديين جهاديا", "jihadists", "people", None),
    ("إرهابي إرهابيين إرهابيا", "'terrorists'", "people", None),
    ("متشدد متشددين", "militants", "people", None),
    ("متمرد متمردين", "rebels", "people", None),
    ("أجنبي أجانب", "foreigners", "people", None),
    ("عائلة عائلات أسرة أسر", "families", "people", None),
    ("غارة غارات", "air strikes", "count", None),
    ("ضربة ضربات", "strikes", "count", None),
    ("صاروخ صواريخ صاروخا", "missiles", "count", None),
    ("قذيفة قذائف", "shells", "count", None),
    ("برميل براميل برميلا", "barrel bombs", "count", None),
    ("طائرة طائرات", "aircraft", "count", None),
    # "28 مقاتلة إسرائيلية": fighter jets (the fighters are "مقاتل", "مقاتلين").
    ("مقاتلة مقاتلات", "aircraft", "count", None),
    ("شاحنة شاحنات", "trucks", "count", None),
    ("حافلة حافلات", "buses", "count", None),
    ("قافلة قوافل", "convoys", "count", None),
    ("دبابة دبابات", "tanks", "count", None),
    ("هجوم هجمات هجوما", "attacks", "count", None),
    ("موقع مواقع موقعا", "positions", "count", None),
    ("قرية قرى", "villages", "count", None),
    ("بلدة بلدات", "towns", "count", None),
    ("مدينة مدن", "cities", "count", None),
    ("مستشفى مستشفيات", "hospitals", "count", None),
    ("مدرسة مدارس", "schools", "count", None),
    ("منزل منازل منزلا", "houses", "count", None),
    ("مبنى مبان", "buildings", "count", None),
    ("فصيل فصائل فصيلا", "factions", "count", None),
    ("دولة دول", "countries", "count", None),
    ("صوت أصوات صوتا", "votes", "count", None),
    ("جيب جيوب", "pockets", "count", None),
    ("جزء أجزاء", "parts", "count", None),
    ("مرة مرات", "times", "count", None),
    ("حالة حالات", "cases", "count", None),
    ("عام أعوام عاما سنة سنوات سنين", "years", "duration", None),
    ("شهر أشهر شهرا شهور", "months", "duration", None),
    ("أسبوع أسابيع أسبوعا", "weeks", "duration", None),
    ("يوم أيام يوما", "days", "duration", None),
    ("ساعة ساعات", "hours", "duration", None),
    ("دقيقة دقائق", "minutes", "duration", None),
    ("عقد عقود", "decades", "duration", None),
    ("دولار دولارا دولارات", "dollars", "money", None),
    ("يورو", "euros", "money", None),
    ("ليرة", "pounds", "money", None),
    ("كيلومتر كيلومترا كيلومترات كلم كم", "km", "measure", None),
    ("متر مترا أمتار", "metres", "measure", None),
    ("ميل أميال", "miles", "measure", None),
    ("طن أطنان طنا", "tonnes", "measure", None),
    ("هكتار", "hectares", "measure", None),
)
NOUNS: dict[str, tuple[str, str, str | None]] = {
    fold(word): (en, kind, event) for words, en, kind, event in _NOUNS for word in words.split()
}


def _duals() -> dict[str, tuple[str, str, str | None]]:
    """Dual forms of the counted nouns ("حافلتين", "صاروخان", "بلدتي"): two of them. A form
    that is also a listed plural ("مدنيين") is the plural, never a dual."""
    out: dict[str, tuple[str, str, str | None]] = {}
    for words, en, kind, event in _NOUNS:
        if kind == "duration":
            continue  # "يومين", "عامين": how long, never a count to report
        singular = fold(words.split()[0])
        stem = singular[:-1] + "ت" if singular.endswith("ه") else singular
        endings = ("ين", "ان", "ي") if singular.endswith("ه") else ("ين", "ان")
        for ending in endings:
            form = stem + ending
            if form not in NOUNS and len(stem) >= 3:
                out[form] = (en, kind, event)
    return out


#: Dual nouns: a count of two written in the noun itself.
DUALS = _duals()
#: A number before one of these is a percentage.
PERCENT = ("%", "في المئة", "في المائة", "بالمئة", "بالمائة", "بالمائه")
MONTHS = _set(
    "يناير فبراير مارس أبريل ابريل إبريل مايو يونيو يونيه يوليو يوليه أغسطس اغسطس سبتمبر "
    "أكتوبر اكتوبر نوفمبر ديسمبر كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين")
#: A number after one of these is a label, not a quantity ("القرار 2254", "الساعة 10").
NUMBER_LABELS = _set(
    "قرار القرار رقم الرقم المادة البند الفقرة طريق الطريق الساعة ساعة الفرقة اللواء "
    "الكتيبة عام العام سنة السنة العامين مطلع أواخر أوائل منتصف نهاية بداية صيف شتاء "
    "ربيع خريف الدورة النسخة الطبعة المرحلة الحلقة الجولة القمة المؤتمر حزب الفيلق الأسطول")
#: "بينهم أجانب" -> including; "غالبيتهم من المسلحين" -> mostly.
INCLUDING = _set("بينهم منهم بينهن منهن")
MOSTLY = _set("غالبيتهم معظمهم أغلبهم أكثرهم جلهم غالبيتها معظمها")


def cue_kind(norm: str) -> str | None:
    """say | claim | participle | according | relay | stated when the word is an attribution
    cue ("stated" only counts when "في" follows: see speakers.py)."""
    return CUE_KINDS[norm]


def _cue_kind(norm: str) -> str | None:
    forms = {norm, bare(norm)}
    if forms & STATED:
        return "stated"
    if forms & ACCORDING:
        return "according"
    if forms & RELAY:
        return "relay"
    if forms & PARTICIPLES:
        return "participle"
    if forms & SAY:
        return "say"
    if forms & CLAIM:
        return "claim"
    return None


#: :func:`cue_kind` by normalised word, for the loops over every token.
CUE_KINDS: Memo[str | None] = Memo(_cue_kind)
#: Per normalised word: a statement ("بيان", "تصريحات"), whatever its clitics.
STATEMENT_WORDS: Memo[bool] = Memo(lambda norm: not lemma_set(norm).isdisjoint(STATEMENT))
