"""Argument roles: who can be a member. A person stands for the body he led on the event's
date (lexicon ``leads``) only when the text makes the act his organisation's; his own act
is not a membership event. Sentences are the team's own."""

from __future__ import annotations

from tahaluf.lexicon.actors import record_from_dict
from tahaluf.pipeline import analyze
from tahaluf.types import Document


def _events(text: str, published: str) -> set[tuple[str, str | None, str | None]]:
    a = analyze(Document.from_text(text, "t", published=published))
    return {(e.type, e.member, e.coalition) for e in a.events}


def test_leader_announcing_his_bodys_join_gives_the_body() -> None:
    ev = _events("أعلن زهران علوش، في كلمة مسجلة، انضمام جيشه إلى القيادة العسكرية "
                 "الموحدة في الغوطة الشرقية.", "2014-08-10")
    assert ("JOIN", "jaish-al-islam", "unified-military-command-eastern-ghouta") in ev
    assert not any(m == "zahran-alloush" for _, m, _ in ev)


def test_the_body_a_leader_stands_for_depends_on_the_date() -> None:
    rec = record_from_dict({"id": "p", "name_en": "P", "name_ar": "ب", "kind": "person",
                            "leads": [{"actor": "a", "from": 2012, "to": 2014},
                                      {"actor": "b", "from": 2015, "to": None}]})
    assert rec.led_on(2013) == "a"
    assert rec.led_on(2019) == "b"
    assert rec.led_on(2010) is None
    assert rec.led_on(None) is None  # two bodies, no date: not guessed


def test_a_leaders_own_defection_is_not_a_membership_event() -> None:
    ev = _events("قال زهران علوش إنه انضم إلى القيادة العسكرية الموحدة في الغوطة الشرقية.",
                 "2014-08-10")
    assert not any(t == "JOIN" for t, _, _ in ev)


def test_a_person_outside_his_leadership_years_is_dropped() -> None:
    ev = _events("أعلن زهران علوش انضمام جيشه إلى القيادة العسكرية الموحدة في الغوطة الشرقية.",
                 "2009-01-10")
    assert not any(m in ("zahran-alloush", "jaish-al-islam") for _, m, _ in ev)


def test_an_added_list_item_is_not_the_coalition() -> None:
    ev = _events("وانضمت إلى الغرفة فصائل عدة أبرزها فيلق الشام وجيش النصر إضافة لجيش إدلب "
                 "الحر.", "2018-05-28")
    assert not any(c == "jaish-idlib-al-hurr" for _, _, c in ev)


def test_comprised_is_not_admitted() -> None:
    """ضمّ with no "إلى صفوفها"/"إلى C" is what a body comprises, not a join."""
    assert not _events("وضمت هيئة تحرير الشام لواء الحق وجيش السنة.", "2017-02-01")
    ev = _events("وأعلنت هيئة تحرير الشام يوم السبت ضم لواء الحق إلى صفوفها.", "2017-02-01")
    assert ("JOIN", "liwa-al-haqq", "hts") in ev


def test_a_purpose_phrase_names_the_enemy_not_the_new_body() -> None:
    ev = _events("شكلت فصائل من ريف حمص الشرقي غرفة عمليات لمواجهة تنظيم داعش.", "2017-03-02")
    assert not any(c == "isis" for _, _, c in ev)
    ev = _events("أعلنت عشائر دير الزور تشكيل مجلس عسكري لـ«مواجهة قسد» في ريف المحافظة.",
                 "2023-09-02")
    assert not any(t == "FORM" for t, _, _ in ev)


def test_the_body_that_expels_is_not_the_expelled() -> None:
    ev = _events("أعلن الفيلق الثاني في الجيش الوطني السوري فصل مجموعتين تابعتين له من صفوفه.",
                 "2022-04-01")
    assert not any(t == "EXPEL" for t, _, _ in ev)


def _founders(text: str, published: str) -> set[str]:
    a = analyze(Document.from_text(text, "t", published=published))
    return {x for e in a.events if e.type == "FORM" for x in (e.member, *e.participants) if x}


def test_the_enemy_named_in_a_description_is_no_founder() -> None:
    """The regime and foreign states are not founders of a rebel formation, however the
    sentence runs ("بعد تدخل روسيا إلى جانب نظام الأسد نعلن ... تشكيل")."""
    for text in ("وقالت الفصائل في بيانها: «بعد تدخل روسيا إلى جانب نظام الأسد نعلن نحن "
                 "فصائل ريف إدلب الجنوبي تشكيل غرفة عمليات ردع الطغيان».",
                 "وجاء الإعلان عن تشكيل «جيش الوحدة» بعد أن تداعت فصائل ريف حلب الغربي "
                 "لرص صفوفها في وجه نظام الأسد، وأبرزها حركة نور الدين الزنكي."):
        found = _founders(text, "2017-06-11")
        assert not found & {"assad-regime", "russia"}, text


def test_the_enemy_of_a_preparation_is_no_member() -> None:
    """"استعداداً لمواجهات مع X" and "في وجه X" name the enemy: X does not merge or join."""
    ev = _events('أعلنت، يوم الأحد، 7 فصائل مقاتلة عن اندماجها الكامل بـ"جيش المجاهدين" في ريف '
                 'حلب، استعداداً لمواجهات مقبلة مع القوات النظامية وتنظيم "الدولة الإسلامية" '
                 '(داعش).', "2014-05-10")
    assert not any(m in ("isis", "assad-regime") for _, m, _ in ev)


def test_a_partitive_pronoun_is_the_subject_not_the_body_before_it() -> None:
    """"X، التي تضم 20 فصيلاً، بعضها كان في Y وأعلن انفصاله عنها": some of X's groups
    left Y, not X; nor is a subject carried over into "وبعضها الآخر … يعلن انضمامه"."""
    assert not _events("وتضم الجبهة الوطنية للتحرير نحو عشرين فصيلاً، بعضها كان ينتمي إلى جيش "
                       "الفتح، وأعلن انفصاله عنه.", "2018-06-01")
    assert not _events('أبرز هذه التكتلات أطلق عليها اسم "جبهة ثوار الجنوب"، والتي تضم قرابة 15 '
                       "فصيلاً، بعضها كان ينتمي للجبهة الجنوبية، وأعلن انفصاله عنها، وبعضها الآخر "
                       "كان مستقلاً قبل أن يعلن انضمامه لجبهة ثوار الجنوب.", "2018-06-01")


def test_a_role_holders_own_act_is_not_his_bodys() -> None:
    """"أعلن قائد X انشقاقه وانضمامه إلى Y" is the commander's own move; "أعلن قائد X
    الانفصال عن Y" (a bare masdar he announces) and "انضمام فصيله" are the body's."""
    own = _events("وأعلن قائد لواء صقور الجبل انشقاقه عن الجبهة الشامية وانضمامه إلى هيئة "
                  "تحرير الشام.", "2019-01-03")
    assert not any(m == "suqour-al-jabal" for _, m, _ in own)
    body = _events("وأعلن قائد لواء صقور الجبل الانفصال عن الجبهة الشامية.", "2019-01-03")
    assert ("WITHDRAW", "suqour-al-jabal", "al-jabha-al-shamiya") in body


def test_who_expels_and_whom() -> None:
    """An expulsion names the expeller as its subject and the expelled as its object, with
    or without "من C" after: "أعلن C فصل X"، "قرار يقضي بفصل X"، "قال C إنه فصل X وY"."""
    assert ("EXPEL", "jaish-al-ahrar", "hts") in _events(
        "أعلنت هيئة تحرير الشام فصل جيش الأحرار.", "2017-09-14")
    assert ("EXPEL", "suqour-al-jabal", "failaq-al-sham") in _events(
        "أصدر فيلق الشام قراراً يقضي بفصل لواء صقور الجبل التابع للفيلق.", "2019-03-02")
    ev = _events("وقال الفيلق الثاني في بيان إنه فصل فرقة الحمزة وفرقة السلطان مراد.",
                 "2022-10-12")
    assert {("EXPEL", "hamza-division", "second-legion"),
            ("EXPEL", "sultan-murad-division", "second-legion")} <= ev
    assert ("EXPEL", "suqour-al-jabal", "jaish-al-islam") in _events(
        "وأعلن جيش الإسلام طرد لواء صقور الجبل من صفوفه.", "2016-05-02")


def test_a_passive_expulsion_names_the_expelled_as_subject() -> None:
    ev = _events("وقال مصدر إن لواء صقور الجبل أُخرج من جيش الإسلام بعد خلافات.", "2016-05-02")
    assert ("EXPEL", "suqour-al-jabal", "jaish-al-islam") in ev


def test_a_participle_restates_who_joined() -> None:
    """"الفصائل المنضمة إلى C: A، B" and "وتتمثل التشكيلات المنضمة بـA، B" list the members
    of a join; the coalition is named after the participle, or is the one in the news
    (named just before; "إلى «الحرس»" for "الحرس الوطني")."""
    ev = _events("أعلنت فصائل في ريف حلب انضمامها إلى الجبهة الشامية. وتتمثل التشكيلات "
                 "المنضمة بـ لواء صقور الجبل، جيش الأحرار ، حركة نور الدين الزنكي.",
                 "2016-02-01")
    assert {("JOIN", m, "al-jabha-al-shamiya") for m in (
        "suqour-al-jabal", "jaish-al-ahrar", "nour-al-din-al-zenki")} <= ev
    ev = _events("وتضم قائمة الفصائل المنضمة إلى «الجبهة» اليوم الاثنين لواء صقور الجبل "
                 "وجيش الأحرار.", "2016-02-01")
    assert not ev  # "الجبهة" begins no name named before: nothing is guessed


def test_a_participle_without_a_group_noun_is_no_list() -> None:
    assert not _events("وقال القيادي المنضم حديثاً إلى الجبهة الشامية إن لواء صقور الجبل "
                       "يقاتل في ريف حلب.", "2016-02-01")


def test_a_pronoun_in_a_time_phrase_is_not_the_sentence_subject() -> None:
    """"نشر فصيل X بياناً أعلن فيه ضم كتلة، بعد أسابيع من انفصالها عن Y": ها is the
    block, not X; "قبل أن تعلن بعد أقل من شهر انسحابها" is still the subject's act."""
    ev = _events("ونشر فصيل جيش الأحرار بياناً أعلن فيه ضم كتلة عسكرية إلى الفصيل، بعد أسابيع "
                 "من انفصالها عن الجبهة الشامية.", "2023-03-01")
    assert not any(t == "WITHDRAW" for t, _, _ in ev)
    ev = _events("وكانت حركة نور الدين الزنكي أعلنت انضمامها إلى غرفة عمليات حلب، قبل أن تعلن "
                 "بعد أقل من شهر انسحابها من الغرفة.", "2015-02-01")
    assert any(t == "WITHDRAW" and m == "nour-al-din-al-zenki" for t, m, _ in ev)


def test_the_pronoun_agrees_with_the_subjects_head_noun() -> None:
    """"أعلن فصيل X … انفصالها" cannot make the masculine فصيل the one that left."""
    ev = _events("وأعلن فصيل جيش الأحرار، في بيان، أن الكتلة التي يقودها أبو علي أعلنت "
                 "رسمياً انفصالها عن الجبهة الشامية.", "2023-03-01")
    assert ("WITHDRAW", "jaish-al-ahrar", "al-jabha-al-shamiya") not in ev


def test_a_group_noun_before_the_verb_is_its_subject() -> None:
    """"ويتألف الفصيل من عدة مجموعات انشقت عن Y": the groups split, not the faction."""
    ev = _events("ويقود جيش الأحرار أبو علي، ويتألف الفصيل من عدة مجموعات انشقت عن حركة أحرار "
                 "الشام في إدلب.", "2023-03-01")
    assert not any(t == "SPLIT" and m == "jaish-al-ahrar" for t, m, _ in ev)


def test_a_subject_after_the_verb_is_not_the_body_before_it() -> None:
    """Verb–subject order: "كان جيش X، قبل أن ينشق الشيشاني عنه، …" — the commander split,
    not the army; a day word after the verb is no subject."""
    ev = _events("وكان جيش المهاجرين والأنصار، الذي تزعمه في السابق القائد العسكري لتنظيم داعش "
                 "أبو عمر الشيشاني، قبل أن ينشق الشيشاني عنه، يقاتل في حلب.", "2015-09-01")
    assert not any(t == "SPLIT" for t, _, _ in ev)
    ev = _events("وكانت حركة نور الدين الزنكي انسحبت الأحد من الجبهة الشامية.", "2015-09-01")
    assert ("WITHDRAW", "nour-al-din-al-zenki", "al-jabha-al-shamiya") in ev
