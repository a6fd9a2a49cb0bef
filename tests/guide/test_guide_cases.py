"""Cases written from the official guide, line by line; each test names the guide section it checks.

`bring` lists what a visitor sees under "Bring these": (whose, what, original or copy, documents that count).
"""

from __future__ import annotations

import pytest
from guide_cases import EVERY_CHECKLIST, GLOSSARY, GUIDE, all_text, checklist, notes, place_ids, the_item

from kiosk.guide.model import Checklist

ALL_EIGHT_ID_TYPES = (
    "resident_id_card",
    "social_security_card",
    "household_register",
    "taiwan_travel_permit",
    "hk_macao_travel_permit",
    "hmt_residence_permit",
    "foreign_permanent_residence_card",
    "foreign_passport",
)
# A guardian's or agent's own document: an adult, so not the household register (under 16 only).
ADULT_ID_TYPES = tuple(m for m in ALL_EIGHT_ID_TYPES if m != "household_register")
# The cardholder's own document when the card itself is lost, replaced or being cancelled.
CARDHOLDER_ID_TYPES = tuple(m for m in ALL_EIGHT_ID_TYPES if m != "social_security_card")
SUZHOU = (
    "发卡行为苏州银行的江苏省社会保障卡（第三代社会保障卡）可通过激活苏州银行金融账户，"
    "同步注销原苏州市社会保障·市民卡人社功能和金融功能"
)
PHOTO = "7周岁以上人员需采集照片信息"
MINOR = "未成年人由法定监护人代办"
NO_ONLINE = "外国人士、港澳台居民暂不支持线上申办社会保障卡，需到合作银行服务网点办理"
ONLINE_DOCUMENTS = (
    "线上申请：指南写明完成实人实名认证后根据提示信息完成首次申请办卡流程，未说明需提供哪些材料；"
    "请按线上提示办理，或拨打12333咨询"
)
ONLINE_FOR_OTHERS = "指南未说明监护人或代办人能否在线上为他人申领，请先拨打12333咨询"
BANK_TIMING = "指南未说明合作银行网点是即时制卡还是5个工作日内制卡，请咨询该银行或12333"
MORE_THAN_3 = (
    "对一个月内补换卡超过3次的持卡人，将发短信提醒规范补换卡行为；"
    "恶意换卡的，将计入人社信用记录并影响其经办相关人社业务"
)


def bring(c: Checklist) -> list[tuple[str, str, str, tuple[str, ...]]]:
    return [(i.whose, i.material, i.form, tuple(m.id for m in i.accepted)) for i in c.items]


# --- 一 who can get a card; 九 hotlines; 十 outlets and online channels -----------------------


def test_card_is_issued_to_chinese_citizens_and_foreign_nationals() -> None:
    """一"""
    c = checklist("information")
    assert notes(c, "info")[0] == "江苏省社会保障卡发行对象：中国公民和外籍人员"
    assert [o.id for o in GUIDE.procedure("first_application").questions[0].options] == [  # type: ignore[union-attr]
        "mainland",
        "hk_macao",
        "taiwan",
        "foreign",
    ]


def test_hotlines_are_12333_the_partner_banks_and_962026() -> None:
    """九"""
    c = checklist("information")
    assert [(h.id, h.number.zh, h.name.zh) for h in c.hotlines] == [
        ("hrss", "12333", "人社功能咨询"),
        ("partner_bank", "各家合作银行", "金融功能咨询"),
        ("transport", "962026", "交通一卡通功能咨询"),
    ]


def test_information_names_the_online_channels_and_says_addresses_are_not_listed() -> None:
    """十(四), 十(一)-(三): the guide lists the channels, but no outlet addresses."""
    c = checklist("information")
    online = notes(c, "info")[3]
    for channel in (
        "https://rs.jshrss.jiangsu.gov.cn/index/",
        "江苏智慧人社APP",
        "微信小程序",
        "苏州人社发布",
        "苏周到",
    ):
        assert channel in online
    assert notes(c, "guide_silent") == ["指南未列出各服务网点的地址，请拨打12333或咨询合作银行"]
    assert c.steps == () and c.items == () and c.blockers == ()


# --- 二 first application ---------------------------------------------------------------------


def test_adult_at_an_instant_outlet_brings_own_resident_id_card_and_waits_for_the_card() -> None:
    """二(一)1, 二(二), 三(三): 16 or over, only the resident ID card counts."""
    c = checklist("first_application", identity="mainland", age=30, applicant="self", channel="instant_outlet")
    assert bring(c) == [("applicant", "identity_document", "original", ("resident_id_card",))]
    assert place_ids(c) == ["instant_outlet"]
    assert notes(c, "time_limit") == ["即时制卡网点立等可取"]
    assert notes(c, "warning") == [PHOTO]
    assert notes(c, "info") == [SUZHOU]
    assert notes(c, "guide_silent") == []


def test_express_outlet_makes_the_card_within_5_working_days() -> None:
    """二(二)"""
    c = checklist("first_application", identity="mainland", age=45, applicant="self", channel="express_outlet")
    assert place_ids(c) == ["express_outlet"]
    assert notes(c, "time_limit") == ["快速制卡网点办理时限为5个工作日内"]


def test_online_application_takes_15_working_days_and_you_pay_postage() -> None:
    """十(四): real-name verification online, done within 15 working days, postage at your cost."""
    c = checklist("first_application", identity="mainland", age=30, applicant="self", channel="online")
    assert place_ids(c) == ["online"]
    assert "完成实人实名认证" in c.steps[0].action.zh
    assert notes(c, "time_limit") == ["线上申请15个工作日内办结"]
    assert notes(c, "warning")[0] == "线上渠道需自行承担邮费；合作银行提供的网上申办渠道是否要承担邮费，请咨询相关银行"
    assert bring(c) == []  # an adult applying for themselves online brings nothing to a counter


def test_child_under_16_may_show_the_household_register() -> None:
    """二(一)2, 三(三): household register only for under-16s."""
    c = checklist("first_application", identity="mainland", age=15, channel="express_outlet")
    assert the_item(c, "identity_document", "applicant").accepted[1].id == "household_register"
    assert [m.id for m in the_item(c, "identity_document", "applicant").accepted] == [
        "resident_id_card",
        "household_register",
    ]
    c16 = checklist("first_application", identity="mainland", age=16, channel="express_outlet")
    assert [m.id for m in the_item(c16, "identity_document", "applicant").accepted] == ["resident_id_card"]


def test_minor_needs_guardian_documents() -> None:
    """二(一)2: the guardian brings the child's document, their own, and proof of guardianship."""
    c = checklist("first_application", identity="mainland", age=5, channel="instant_outlet")
    assert bring(c) == [
        ("applicant", "identity_document", "original", ("resident_id_card", "household_register")),
        ("guardian", "identity_document", "original", ADULT_ID_TYPES),
        ("guardian", "guardianship_proof", "unspecified", ("household_register_relation", "birth_certificate")),
    ]
    assert notes(c, "warning") == [MINOR]  # no photo note under 7


def test_proof_of_guardianship_examples_are_marked_as_examples() -> None:
    """二(一)2: "如：可直接体现父子、母子关系的户口簿、出生医学证明等" are examples, form not stated."""
    item = the_item(checklist("first_application", identity="taiwan", age=10), "guardianship_proof", "guardian")
    assert [m.name.zh for m in item.accepted] == ["可直接体现父子、母子关系的户口簿", "出生医学证明"]
    assert item.form == "unspecified"
    assert item.examples and item.note is None


def test_adult_without_full_capacity_applies_through_a_guardian() -> None:
    """二(一)2: 不具备完全民事行为能力的人, of any age."""
    c = checklist("first_application", identity="mainland", age=40, applicant="guardian", channel="express_outlet")
    assert bring(c) == [
        ("applicant", "identity_document", "original", ("resident_id_card",)),
        ("guardian", "identity_document", "original", ADULT_ID_TYPES),
        ("guardian", "guardianship_proof", "unspecified", ("household_register_relation", "birth_certificate")),
    ]
    assert MINOR not in notes(c, "warning")


def test_elderly_or_disabled_person_entrusts_an_agent_with_both_documents() -> None:
    """二(一)3: 委托他人携带双方有效身份证件原件和其他相关证明材料代办."""
    c = checklist("first_application", identity="mainland", age=82, applicant="agent", channel="instant_outlet")
    assert bring(c) == [
        ("applicant", "identity_document", "original", ("resident_id_card",)),
        ("agent", "identity_document", "original", ADULT_ID_TYPES),
        ("unnamed", "agent_supporting_documents", "unspecified", ()),  # 二(一)3 does not say whose
    ]
    assert not [i for i in c.items if i.whose == "guardian"]


def test_agent_supporting_documents_are_not_listed_by_the_guide_so_call_12333() -> None:
    """二(一)3: "其他相关证明材料" is not spelled out; the kiosk says so instead of guessing."""
    c = checklist("first_application", identity="foreign", age=75, applicant="agent")
    item = the_item(c, "agent_supporting_documents", "unnamed")
    assert item.note is not None and item.note.zh == "指南未列明具体材料，也未说明是谁的证明，请先拨打12333咨询"


def test_photo_is_taken_from_age_7_not_at_6() -> None:
    """二(三)1: 7周岁以上 includes 7."""
    assert PHOTO not in notes(checklist("first_application", identity="hk_macao", age=6), "warning")
    assert PHOTO in notes(checklist("first_application", identity="hk_macao", age=7), "warning")


def test_bank_of_suzhou_note_is_on_every_first_application() -> None:
    """二(三)2"""
    for answers in (
        {"identity": "mainland", "age": 3, "channel": "online"},
        {"identity": "foreign", "age": 30, "applicant": "self"},
    ):
        assert notes(checklist("first_application", **answers), "info") == [SUZHOU]  # type: ignore[arg-type]


def test_foreigner_cannot_apply_online_and_goes_to_a_partner_bank_with_passport() -> None:
    """二(三)3, 三(三): foreign permanent resident ID card or foreign passport."""
    c = checklist("first_application", identity="foreign", age=30, applicant="self")
    assert "channel" not in [a.question for a in c.answers]
    assert bring(c) == [
        ("applicant", "identity_document", "original", ("foreign_permanent_residence_card", "foreign_passport"))
    ]
    assert place_ids(c) == ["partner_bank_outlet"]
    assert NO_ONLINE in notes(c, "warning")


def test_hong_kong_or_macao_resident_applies_at_a_partner_bank_with_travel_or_residence_permit() -> None:
    """二(三)3, 三(三)"""
    c = checklist("first_application", identity="hk_macao", age=25, applicant="self")
    assert bring(c) == [
        ("applicant", "identity_document", "original", ("hk_macao_travel_permit", "hmt_residence_permit"))
    ]
    assert place_ids(c) == ["partner_bank_outlet"]
    assert NO_ONLINE in notes(c, "warning")


def test_taiwan_resident_applies_at_a_partner_bank_with_travel_or_residence_permit() -> None:
    """二(三)3, 三(三)"""
    c = checklist("first_application", identity="taiwan", age=25, applicant="self")
    assert bring(c) == [
        ("applicant", "identity_document", "original", ("taiwan_travel_permit", "hmt_residence_permit"))
    ]
    assert place_ids(c) == ["partner_bank_outlet"]


def test_guide_does_not_say_how_fast_a_partner_bank_makes_the_card() -> None:
    """二(二): only instant and express outlets have times; for the partner bank the kiosk says it is not known."""
    c = checklist("first_application", identity="taiwan", age=25, applicant="self")
    assert notes(c, "guide_silent") == [BANK_TIMING]
    assert notes(c, "time_limit") == []


def test_guide_does_not_say_whether_a_guardian_or_agent_can_apply_online() -> None:
    """十(四), 二(一)2: a guide_silent note pointing to 12333, and the guardian's documents are still listed."""
    c = checklist("first_application", identity="mainland", age=12, channel="online")
    assert notes(c, "guide_silent") == [ONLINE_DOCUMENTS, ONLINE_FOR_OTHERS]
    assert c.items == ()  # the guide names no documents for the online channels (十(四))
    adult_self = checklist("first_application", identity="mainland", age=30, applicant="self", channel="online")
    assert notes(adult_self, "guide_silent") == [ONLINE_DOCUMENTS]


def test_hong_kong_minor_needs_guardian_documents_at_the_partner_bank() -> None:
    """二(一)2, 二(三)3"""
    c = checklist("first_application", identity="hk_macao", age=10)
    assert [(w, m) for w, m, *_ in bring(c)] == [
        ("applicant", "identity_document"),
        ("guardian", "identity_document"),
        ("guardian", "guardianship_proof"),
    ]
    assert place_ids(c) == ["partner_bank_outlet"]
    assert notes(c, "warning") == [NO_ONLINE, MINOR, PHOTO]
    assert c.steps_ordered is False  # one step: no order to claim


# --- 三 employer batch application -------------------------------------------------------------


def test_batch_employer_brings_credit_code_certificate_or_letter_of_authorization() -> None:
    """三(一): 法人社会信用代码证或申请单位授权委托书: one line, in the guide's words, no list of alternatives."""
    item = the_item(checklist("batch_application", collection="agent_collects"), "employer_document", "employer")
    assert item.name.zh == "法人社会信用代码证或申请单位授权委托书"
    assert item.accepted == () and item.note is None


def test_batch_each_employee_s_original_identity_document_any_of_the_eight_types() -> None:
    """三(一), 三(三): the full list of valid identity documents."""
    item = the_item(checklist("batch_application", collection="delivery"), "identity_document", "employee")
    assert item.form == "original"
    assert tuple(m.id for m in item.accepted) == ALL_EIGHT_ID_TYPES


def test_batch_needs_the_application_form_for_each_employee() -> None:
    """三(一): 《江苏省社会保障卡申领登记表》."""
    c = checklist("batch_application", collection="agent_collects")
    assert the_item(c, "application_form", "unnamed").name.zh == "《江苏省社会保障卡申领登记表》"
    assert [m for _, m, *_ in bring(c)] == ["employer_document", "identity_document", "application_form"]


def test_batch_agent_applies_then_collects_at_the_designated_partner_bank_outlet() -> None:
    """三(一), 三(二)"""
    c = checklist("batch_application", collection="agent_collects")
    assert place_ids(c) == ["partner_bank_outlet", "partner_bank_outlet"]
    assert c.steps[1].place_note is not None and c.steps[1].place_note.zh == "合作银行指定网点"
    assert "在规定时限内" in c.steps[1].action.zh
    assert notes(c, "guide_silent") == ["指南未说明领卡的“规定时限”是多久，请咨询合作银行"]  # 三(二) gives no time


def test_batch_cards_sent_by_delivery_and_postage_is_not_covered() -> None:
    """三(二): 通过物流寄送; who pays is not said."""
    c = checklist("batch_application", collection="delivery")
    assert place_ids(c) == ["partner_bank_outlet", "delivery"]
    assert c.steps[1].action.zh == "卡片通过物流寄送"
    assert notes(c, "guide_silent") == [
        "指南写明领卡可“通过物流寄送”，又写明须由单位代理人统一领卡；寄送时如何由单位代理人统一领卡，"
        "指南未说明，请咨询合作银行",
        "指南未说明物流寄送的邮费由谁承担，请咨询合作银行",
    ]


def test_batch_is_not_instant_and_takes_up_to_30_days() -> None:
    """三(三)1"""
    c = checklist("batch_application", collection="agent_collects")
    assert notes(c, "time_limit") == ["单位申领办理时限为30天内"]
    assert notes(c, "warning")[0] == "单位申领不支持即时制卡"


def test_batch_cards_are_collected_together_by_the_employer_s_agent() -> None:
    """三(三)2"""
    c = checklist("batch_application", collection="delivery")
    assert notes(c, "warning")[1] == "单位批量申请办卡须由单位代理人统一领卡"
    assert c.notes[2].section == "三(三)2"


# --- 四 loss report and its cancellation -----------------------------------------------------


def test_temporary_loss_report_is_12333_for_hrss_then_the_bank_s_own_rules() -> None:
    """四(一), 四(二)"""
    c = checklist("report_loss", loss_kind="temporary")
    assert place_ids(c) == ["hotline_12333", "partner_bank"]
    assert [s.section for s in c.steps] == ["四(一)", "四(二)"]
    assert bring(c) == []


def test_temporary_loss_report_lasts_7_days_then_ends_by_itself() -> None:
    """四(四)(1)"""
    c = checklist("report_loss", loss_kind="temporary")
    assert notes(c, "time_limit") == ["人社功能临时挂失有效期为7天，逾期自动解挂"]
    assert notes(c, "info") == ["如需补办新卡，须先办理正式挂失"]


def test_temporary_loss_option_does_not_promise_the_bank_part_by_phone() -> None:
    """四(二), 四(四)(1): only the HRSS part is by 12333 and expires after 7 days."""
    option = GUIDE.procedure("report_loss").question("loss_kind").option("temporary")  # type: ignore[union-attr]
    assert option is not None
    assert "人社功能拨打12333" in option.label.zh and "金融账户按银行规定" in option.label.zh


def test_hrss_function_and_bank_account_are_reported_separately() -> None:
    """四: 分别办理人社功能挂失和金融账户挂失."""
    for answers in ({"loss_kind": "temporary"}, {"loss_kind": "formal", "loss_channel": "online"}):
        assert notes(checklist("report_loss", **answers), "warning")[0] == "持卡人应分别办理人社功能挂失和金融账户挂失"


def test_formal_loss_report_online_is_hrss_only_and_the_bank_is_separate() -> None:
    """四(三)(1)"""
    c = checklist("report_loss", loss_kind="formal", loss_channel="online")
    assert place_ids(c) == ["online", "partner_bank_outlet"]  # the bank account's formal way: 四(三)(2)
    assert [s.action.zh for s in c.steps] == ["通过人社线上服务渠道办理人社功能正式挂失", "办理金融功能正式挂失"]
    assert c.steps[1].section == "四; 四(三)(2)"
    assert notes(c, "warning") == [
        "持卡人应分别办理人社功能挂失和金融账户挂失",
        "正式挂失后已办理补卡手续的，不能再解除正式挂失",
    ]


def test_formal_loss_report_at_a_partner_bank_covers_both() -> None:
    """四(三)(2), 四(四)(3)"""
    c = checklist("report_loss", loss_kind="formal", loss_channel="partner_bank_outlet")
    assert place_ids(c) == ["partner_bank_outlet"]
    assert c.steps[0].action.zh == "同时办理人社功能和金融功能正式挂失"
    assert notes(c, "warning")[0] == (
        "持卡人应分别办理人社功能挂失和金融账户挂失；在合作银行服务网点，两者的正式挂失可同时办理"
    )
    assert "以后解除正式挂失，持卡人到原挂失受理的合作银行服务网点办理" in notes(c, "warning")


def test_guide_does_not_say_what_to_bring_for_a_loss_report() -> None:
    """四: nothing is listed; the kiosk points to 12333 or the bank instead of inventing a list."""
    c = checklist("report_loss", loss_kind="formal", loss_channel="partner_bank_outlet")
    assert bring(c) == []
    assert notes(c, "guide_silent") == ["指南未说明挂失需携带或提供哪些材料，请咨询12333或合作银行"]


def test_cancel_temporary_loss_report_by_12333_and_the_bank() -> None:
    """四(一), 四(二), 四(四)(1)"""
    c = checklist("cancel_loss_report", loss_kind="temporary")
    assert place_ids(c) == ["hotline_12333", "partner_bank"]
    assert notes(c, "info") == ["人社功能临时挂失有效期为7天，逾期自动解挂"]


def test_formal_loss_report_cannot_be_cancelled_after_a_reissue() -> None:
    """四(四)(2)"""
    c = checklist("cancel_loss_report", loss_kind="formal", reissued="reissued")
    assert [b.reason.zh for b in c.blockers] == ["正式挂失后已办理补卡手续的，不能再办理解除正式挂失业务"]
    assert c.steps == () and c.items == ()
    assert "12333" in c.blockers[0].instead.zh


def test_formal_loss_report_made_at_a_bank_is_cancelled_at_that_same_outlet() -> None:
    """四(四)(3)"""
    c = checklist("cancel_loss_report", loss_kind="formal", reissued="not_reissued", loss_channel="partner_bank_outlet")
    assert place_ids(c) == ["partner_bank_outlet"]
    assert c.steps[0].place_note is not None and c.steps[0].place_note.zh == "原挂失受理的合作银行服务网点"
    assert notes(c, "warning") == [
        "通过线下渠道办理正式挂失的，持卡人到原挂失受理的合作银行服务网点办理人社和金融功能解除正式挂失"
    ]


def test_formal_loss_report_made_online_is_cancelled_online() -> None:
    """四(三)(1)"""
    c = checklist("cancel_loss_report", loss_kind="formal", reissued="not_reissued", loss_channel="online")
    assert place_ids(c) == ["online", "partner_bank_outlet"]
    assert [s.action.zh for s in c.steps] == ["通过人社线上服务渠道办理人社功能正式解挂", "办理金融功能正式解挂"]
    assert notes(c, "guide_silent") == ["指南未说明解除挂失需携带哪些材料，请咨询12333或合作银行"]


# --- 五 reissue ----------------------------------------------------------------------------------


def test_reissue_after_a_formal_loss_report_at_a_card_service_outlet() -> None:
    """五: 携带有效身份证件原件到社保卡服务网点办理."""
    c = checklist("reissue", formal_loss_report="formal_done")
    assert bring(c) == [("cardholder", "identity_document", "original", CARDHOLDER_ID_TYPES)]
    assert place_ids(c) == ["card_outlet"]
    assert notes(c, "guide_silent") == ["指南未说明补卡能否委托他人代办，请咨询12333"]


def test_reissue_after_only_a_temporary_loss_report_is_blocked_report_loss_first() -> None:
    """五: 正式挂失成功后 — a call to 12333 is not enough."""
    c = checklist("reissue", formal_loss_report="temporary_only")
    assert [(b.kind, b.reason.zh, b.instead_procedure) for b in c.blockers] == [
        ("not_yet", "补卡在正式挂失成功后办理", "report_loss")
    ]
    assert c.blockers[0].instead_title is not None and c.blockers[0].instead_title.zh == "挂失"
    assert c.steps == () and c.items == ()


def test_reissue_of_a_card_not_yet_reported_is_blocked() -> None:
    """五"""
    c = checklist("reissue", formal_loss_report="not_reported")
    assert [b.instead_procedure for b in c.blockers] == ["report_loss"]
    assert "正式挂失" in c.blockers[0].instead.zh


def test_reissue_warns_about_more_than_3_reissues_or_replacements_a_month() -> None:
    """六(四) applies to 补换卡, so to reissues too."""
    assert MORE_THAN_3 in notes(checklist("reissue", formal_loss_report="formal_done"), "warning")


# --- 六 replacement ----------------------------------------------------------------------------


def test_replacement_of_a_damaged_card_at_a_partner_bank_with_the_identity_document() -> None:
    """六(一)"""
    c = checklist("replacement", reason="damaged")
    assert bring(c) == [("cardholder", "identity_document", "original", CARDHOLDER_ID_TYPES)]
    assert place_ids(c) == ["partner_bank_outlet"]


def test_replacement_wrong_details_two_steps_records_window_then_bank() -> None:
    """六(二)1, 六(二)2: the police station's certificate and the card, both times."""
    c = checklist("replacement", reason="wrong_details")
    assert bring(c) == [
        ("cardholder", "identity_document", "original", CARDHOLDER_ID_TYPES),
        ("cardholder", "id_change_certificate", "unspecified", ()),
        ("cardholder", "card", "not_applicable", ()),
    ]
    assert the_item(c, "id_change_certificate", "cardholder").name.zh == "户籍地派出所出具的身份证变更证明"
    assert place_ids(c) == ["records_window", "partner_bank_outlet"]
    assert [s.section for s in c.steps] == ["六(二)1", "六(二)2"]
    assert "参保所在地" in c.steps[0].place.name.zh and "信息更正" in c.steps[0].action.zh


def test_replacement_when_changing_bank_old_bank_first_then_new_bank() -> None:
    """六(三)1, 六(三)2"""
    c = checklist("replacement", reason="change_bank")
    assert place_ids(c) == ["partner_bank_outlet", "partner_bank_outlet"]
    assert [s.place_note.zh for s in c.steps if s.place_note] == ["原合作银行服务网点", "新合作银行服务网点"]
    assert c.steps[0].action.zh == "办理金融功能正式挂失或注销手续"
    assert bring(c) == [("cardholder", "identity_document", "original", CARDHOLDER_ID_TYPES)]


def test_replacement_warns_about_more_than_3_a_month_and_says_its_time_is_not_given() -> None:
    """六(四), 六: the guide gives no time for a replacement."""
    c = checklist("replacement", reason="damaged")
    assert notes(c, "warning") == [MORE_THAN_3]
    assert notes(c, "guide_silent") == [
        "指南未说明换卡的办理时限，请咨询办理网点或12333",
        "指南未说明换卡能否委托他人代办，请咨询12333或合作银行",
    ]
    assert notes(c, "time_limit") == []


# --- 七 password reset -------------------------------------------------------------------------


def test_hrss_password_is_reset_at_an_hrss_outlet_with_the_document_and_the_card() -> None:
    """七(一)"""
    c = checklist("password_reset", password="hrss")
    assert bring(c) == [
        ("cardholder", "identity_document", "original", CARDHOLDER_ID_TYPES),
        ("cardholder", "card", "not_applicable", ()),
    ]
    assert place_ids(c) == ["hrss_outlet"]


def test_bank_password_is_reset_at_a_partner_bank() -> None:
    """七(二)"""
    assert place_ids(checklist("password_reset", password="bank")) == ["partner_bank_outlet"]


def test_both_passwords_mean_two_different_places() -> None:
    """七: 分别设有人社账户密码和金融账户密码."""
    c = checklist("password_reset", password="both")
    assert place_ids(c) == ["hrss_outlet", "partner_bank_outlet"]
    assert notes(c, "warning")[0].startswith("两个密码分别在不同网点重置")
    assert "委托他人代办" in notes(c, "guide_silent")[0]


# --- 八 cancellation ------------------------------------------------------------------------


def test_deceased_cardholder_s_card_is_cancelled_by_a_family_member_with_the_police_certificate() -> None:
    """八(一)1: own ID, the card to cancel, the police certificate; at an HRSS outlet after HRSS matters end."""
    c = checklist("cancellation", reason="death", who="family_member")
    assert bring(c) == [
        ("family_member", "identity_document", "original", ADULT_ID_TYPES),
        ("unnamed", "card", "not_applicable", ()),  # 需注销的江苏省社会保障卡: the deceased's card
        ("unnamed", "police_certificate", "unspecified", ()),  # of the death, not "the cardholder's own"
    ]
    assert place_ids(c) == ["before_you_go", "hrss_outlet", "partner_bank"]
    note = the_item(c, "identity_document", "family_member").note
    assert note is not None and "12333" in note.zh  # "本人" is ambiguous in the guide


def test_deceased_cardholder_s_guardian_may_also_cancel_the_card() -> None:
    """八(一)1: 持卡人监护人或户籍内家庭成员."""
    guardian = checklist("cancellation", reason="death", who="guardian")
    family = checklist("cancellation", reason="death", who="family_member")
    assert bring(guardian) == bring(family)
    assert guardian.blockers == ()


def test_someone_else_for_a_deceased_person_is_told_what_the_guide_says_and_to_call_12333() -> None:
    """八(一)1 says who does it; it bars nobody: a warning with its words, and 12333 for everyone else."""
    c = checklist("cancellation", reason="death", who="someone_else")
    assert c.blockers == () and c.steps == () and c.items == ()
    assert [n.section for n in c.notes if n.section == "八(一)1"] == ["八(一)1", "八(一)1"]
    assert notes(c, "guide_silent") == ["由监护人或户籍内家庭成员以外的人办理，指南未说明，请先拨打12333咨询"]


def test_bank_account_of_a_cancelled_card_follows_the_bank_s_rules() -> None:
    """八(一)2, 八(二)2: and the guide does not say what to bring to the bank."""
    for answers in ({"reason": "death", "who": "guardian"}, {"reason": "transfer"}):
        c = checklist("cancellation", **answers)
        assert c.steps[-1].action.zh == "金融账户注销按照合作银行相关规定办理"
        assert notes(c, "guide_silent") == ["指南未说明注销金融账户需携带的材料，请咨询合作银行"]


def test_settling_abroad_needs_the_transfer_certificate_and_the_card() -> None:
    """八(二)1"""
    c = checklist("cancellation", reason="emigration")
    assert bring(c) == [
        ("cardholder", "identity_document", "original", CARDHOLDER_ID_TYPES),
        ("cardholder", "insurance_transfer_certificate", "unspecified", ()),
        ("cardholder", "card", "not_applicable", ()),
    ]
    assert place_ids(c) == ["before_you_go", "hrss_outlet", "partner_bank"]


def test_moving_social_insurance_to_another_province_is_the_same_as_settling_abroad() -> None:
    """八(二)1"""
    assert bring(checklist("cancellation", reason="transfer")) == bring(checklist("cancellation", reason="emigration"))


def test_cancellation_settles_hrss_business_first_and_the_cardholder_bears_any_loss() -> None:
    """八(三)"""
    c = checklist("cancellation", reason="transfer")
    assert notes(c, "warning") == [
        "办理注销前，须终止卡片关联的所有人社部门业务并完成结算",
        "因社会保障卡注销造成的社保待遇损失，由持卡人承担",
    ]
    assert c.steps[0].place.id == "before_you_go" and "完成结算" in c.steps[0].action.zh


def test_every_checklist_gives_the_three_hotlines_of_section_9() -> None:
    """九: 12333, each partner bank and the transport card's 962026 are the card's hotlines, on every checklist."""
    for path, _, c in EVERY_CHECKLIST:
        assert [h.number.zh for h in c.hotlines] == ["12333", "各家合作银行", "962026"], path
        assert "962026" not in all_text(c)


@pytest.mark.skipif(not GLOSSARY.exists(), reason="the glossary is not beside the project")
def test_english_names_follow_the_glossary() -> None:
    """GLOSSARY.md: one English name per term, kept in the data (a name may add detail after it)."""
    rows = [line.split("|") for line in GLOSSARY.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    named: dict[str, str] = {}
    for row in rows:
        ids = [part.strip().strip("`") for part in row[3].split(" / ") if part.strip().startswith("`")]
        names = [part.strip() for part in row[2].split(" / ")]
        # "legal guardian / proof of guardianship" pairs with `guardian` / `guardianship_proof`
        named |= dict(zip(ids, names if len(names) == len(ids) else names[:1] * len(ids), strict=True))
    checked = 0
    for table in (GUIDE.materials, GUIDE.places):
        for key, thing in table.items():
            english = named.get(key, "").removesuffix(" (original)")
            if english:
                assert thing.name.en.lower().startswith(english.lower()), (key, thing.name.en, english)
                checked += 1
    assert checked >= 25
