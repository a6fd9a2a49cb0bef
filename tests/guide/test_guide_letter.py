"""The review's cases (issue 21), each with the exact text a visitor reads, written from the guide's sentences."""

from __future__ import annotations

from guide_cases import GUIDE, checklist

from kiosk.guide.render import render_text


def block(text: str, heading: str) -> list[str]:
    """The lines of `text` from `heading` to the next blank line."""
    lines = text.split("\n")
    start = lines.index(heading)
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return lines[start:end]


def test_death_by_someone_else_is_told_the_guide_s_words_and_sent_to_12333() -> None:
    """八(一)1"""
    c = checklist("cancellation", reason="death", who="someone_else")
    text = render_text(c, GUIDE, "zh")
    assert block(text, "注意：") == [
        "注意：",
        (
            "  ⚠ 指南写明：死亡人员卡注销，在人社相关业务办结后，由持卡人监护人或户籍内家庭成员携带本人有效身份证件"
            "原件、需注销的江苏省社会保障卡和公安部门相关证明到人社服务网点办理人社功能注销手续"
        ),
        "  ⚠ 办理注销前，须终止卡片关联的所有人社部门业务并完成结算",
        "  ⚠ 因社会保障卡注销造成的社保待遇损失，由持卡人承担",
    ]
    assert block(text, "指南未说明（请咨询）：") == [
        "指南未说明（请咨询）：",
        "  ? 由监护人或户籍内家庭成员以外的人办理，指南未说明，请先拨打12333咨询",
    ]
    text = render_text(c, GUIDE, "en")
    assert block(text, "Watch out:") == [
        "Watch out:",
        (
            "  ⚠ The guide says: for a deceased person's card, once the HRSS matters are finished, the cardholder's"
            " guardian or a family member in the same household register brings their own valid identity document ("
            "original), the card to be cancelled and the police certificate to an HRSS service outlet to cancel the"
            " HRSS function"
        ),
        "  ⚠ Before cancelling, all HRSS business linked to the card must be ended and settled",
        "  ⚠ Any loss of social insurance benefits caused by cancelling the card is borne by the cardholder",
    ]
    assert block(text, "Not covered by the guide (please ask):") == [
        "Not covered by the guide (please ask):",
        (
            "  ? The guide does not say whether anyone other than the guardian or a family member in the household "
            "register can do it: call 12333 first"
        ),
    ]


def test_a_formal_loss_report_after_a_reissue_is_a_final_bar() -> None:
    """四(四)(2)"""
    c = checklist("cancel_loss_report", loss_kind="formal", reissued="reissued")
    text = render_text(c, GUIDE, "zh")
    assert block(text, "✖ 无法办理：") == [
        "✖ 无法办理：",
        "  ✖ 正式挂失后已办理补卡手续的，不能再办理解除正式挂失业务",
        "    您可以：如有疑问请拨打12333咨询",
    ]
    text = render_text(c, GUIDE, "en")
    assert block(text, "✖ This cannot be done:") == [
        "✖ This cannot be done:",
        (
            "  ✖ Once a new card has been reissued after a formal loss report, the formal loss report can no longer"
            " be cancelled"
        ),
        "    What you can do: Call 12333 with any questions",
    ]
    text = render_text(c, GUIDE, "zh_hant")
    assert block(text, "✖ 無法辦理：") == [
        "✖ 無法辦理：",
        "  ✖ 正式掛失後已辦理補卡手續的，不能再辦理解除正式掛失業務",
        "    您可以：如有疑問請撥打12333諮詢",
    ]


def test_a_reissue_before_a_formal_loss_report_is_not_yet() -> None:
    """五"""
    c = checklist("reissue", formal_loss_report="not_reported")
    text = render_text(c, GUIDE, "zh")
    assert block(text, "✖ 暂时无法办理：") == [
        "✖ 暂时无法办理：",
        "  ✖ 补卡在正式挂失成功后办理",
        "    请先：办理正式挂失（线上渠道或合作银行服务网点），成功后再来补卡",
    ]
    text = render_text(c, GUIDE, "en")
    assert block(text, "✖ Cannot be done yet:") == [
        "✖ Cannot be done yet:",
        "  ✖ A card is reissued after a formal loss report has been made",
        "    First: make a formal loss report (online or at a partner bank outlet), then come back for the reissue",
    ]


def test_cancelling_at_the_bank_outlet_adds_no_other_outlets_cannot() -> None:
    """四(四)(3)"""
    c = checklist("cancel_loss_report", loss_kind="formal", reissued="not_reissued", loss_channel="partner_bank_outlet")
    text = render_text(c, GUIDE, "zh")
    assert block(text, "去哪里办：") == [
        "去哪里办：",
        "  - 原挂失受理的合作银行服务网点：办理人社和金融功能解除正式挂失",
    ]
    assert block(text, "注意：") == [
        "注意：",
        "  ⚠ 通过线下渠道办理正式挂失的，持卡人到原挂失受理的合作银行服务网点办理人社和金融功能解除正式挂失",
    ]
    text = render_text(c, GUIDE, "en")
    assert block(text, "Where to go:") == [
        "Where to go:",
        (
            "  - the partner bank outlet that took the loss report: Cancel the formal loss report of both the HRSS "
            "function and the bank account"
        ),
    ]
    assert block(text, "Watch out:") == [
        "Watch out:",
        (
            "  ⚠ A formal loss report made at a partner bank outlet is cancelled, for both the HRSS function and th"
            "e bank account, at the partner bank outlet that took it"
        ),
    ]


def test_a_loss_report_at_the_bank_outlet_ties_separately_and_at_the_same_time() -> None:
    """四; 四(三)(2)"""
    c = checklist("report_loss", loss_kind="formal", loss_channel="partner_bank_outlet")
    text = render_text(c, GUIDE, "zh")
    assert block(text, "去哪里办：") == [
        "去哪里办：",
        "  - 合作银行服务网点：同时办理人社功能和金融功能正式挂失",
    ]
    assert block(text, "注意：") == [
        "注意：",
        "  ⚠ 持卡人应分别办理人社功能挂失和金融账户挂失；在合作银行服务网点，两者的正式挂失可同时办理",
        "  ⚠ 以后解除正式挂失，持卡人到原挂失受理的合作银行服务网点办理",
        "  ⚠ 正式挂失后已办理补卡手续的，不能再解除正式挂失",
    ]
    text = render_text(c, GUIDE, "en")
    assert block(text, "Where to go:") == [
        "Where to go:",
        (
            "  - partner bank outlet: Make the formal loss report of both the HRSS function and the bank account at"
            " the same time"
        ),
    ]
    assert block(text, "Watch out:") == [
        "Watch out:",
        (
            "  ⚠ The HRSS function and the bank account are each reported as lost; at a partner bank outlet, the fo"
            "rmal loss report of both is made at the same time"
        ),
        "  ⚠ To cancel this formal loss report later, the cardholder goes to the partner bank outlet that took it",
        (
            "  ⚠ Once a reissue has been made after a formal loss report, the formal loss report can no longer be c"
            "ancelled"
        ),
    ]


def test_a_formal_loss_report_online_sends_the_bank_account_to_a_partner_bank_outlet() -> None:
    """四(三)(1), 四(三)(2)"""
    c = checklist("report_loss", loss_kind="formal", loss_channel="online")
    text = render_text(c, GUIDE, "zh")
    assert block(text, "去哪里办（指南未规定先后顺序）：") == [
        "去哪里办（指南未规定先后顺序）：",
        "  - 线上渠道：通过人社线上服务渠道办理人社功能正式挂失",
        "  - 合作银行服务网点：办理金融功能正式挂失",
    ]
    assert block(text, "须知：") == [
        "须知：",
        "  ℹ 人社功能的正式挂失可在线上办理；金融账户的正式挂失，指南写明的办理渠道是合作银行服务网点",
    ]
    text = render_text(c, GUIDE, "en")
    assert block(text, "Where to go (the guide sets no order):") == [
        "Where to go (the guide sets no order):",
        "  - online channels: Make the formal loss report of the HRSS function through the HRSS online channels",
        "  - partner bank outlet: Make the formal loss report of the bank account",
    ]
    assert block(text, "Good to know:") == [
        "Good to know:",
        (
            "  ℹ The HRSS function's formal loss report can be made online; for the bank account, the way the guide"
            " gives is a partner bank outlet"
        ),
    ]


def test_the_two_temporary_reports_are_a_list_in_no_order() -> None:
    """四(一), 四(二)"""
    c = checklist("report_loss", loss_kind="temporary")
    text = render_text(c, GUIDE, "zh")
    assert block(text, "去哪里办（指南未规定先后顺序）：") == [
        "去哪里办（指南未规定先后顺序）：",
        "  - 12333咨询服务电话：拨打12333，办理人社功能临时挂失",
        "  - 合作银行（按其相关规定）：按合作银行相关规定办理金融账户临时挂失",
    ]
    text = render_text(c, GUIDE, "en")
    assert block(text, "Where to go (the guide sets no order):") == [
        "Where to go (the guide sets no order):",
        "  - HRSS hotline 12333 (phone): Call 12333 to report the HRSS function as lost (temporary)",
        "  - partner bank (by its own rules): Report the bank account as lost (temporary) by your partner bank's rules",
    ]


def test_the_two_passwords_are_a_list_in_no_order() -> None:
    """七(一), 七(二)"""
    c = checklist("password_reset", password="both")
    text = render_text(c, GUIDE, "zh")
    assert block(text, "去哪里办（指南未规定先后顺序）：") == [
        "去哪里办（指南未规定先后顺序）：",
        "  - 人社服务网点：重置人社账户密码",
        "  - 合作银行服务网点：重置银行交易密码",
    ]
    text = render_text(c, GUIDE, "en")
    assert block(text, "Where to go (the guide sets no order):") == [
        "Where to go (the guide sets no order):",
        "  - HRSS service outlet: Reset the HRSS password",
        "  - partner bank outlet: Reset the bank transaction password",
    ]


def test_online_for_a_child_lists_nothing_to_bring_and_says_the_guide_is_silent() -> None:
    """十(四)"""
    c = checklist("first_application", identity="mainland", age=12, channel="online")
    text = render_text(c, GUIDE, "zh")
    assert block(text, "请携带：") == [
        "请携带：",
        "  - 指南未列出需携带的材料",
    ]
    assert block(text, "去哪里办：") == [
        "去哪里办：",
        (
            "  - 线上渠道：登录江苏省人力资源和社会保障厅网上办事服务大厅（https://rs.jshrss.jiangsu.gov.cn/index/"
            "）、江苏智慧人社APP或“江苏智慧人社”微信小程序、苏州人社发布微信公众号、苏周到APP，完成实人实名认证后根"
            "据提示信息完成首次申请办卡流程"
        ),
    ]
    assert block(text, "指南未说明（请咨询）：") == [
        "指南未说明（请咨询）：",
        (
            "  ? 线上申请：指南写明完成实人实名认证后根据提示信息完成首次申请办卡流程，未说明需提供哪些材料；请按线"
            "上提示办理，或拨打12333咨询"
        ),
        "  ? 指南未说明监护人或代办人能否在线上为他人申领，请先拨打12333咨询",
    ]
    text = render_text(c, GUIDE, "en")
    assert block(text, "Bring these:") == [
        "Bring these:",
        "  - The guide lists nothing to bring for this",
    ]
    assert block(text, "Where to go:") == [
        "Where to go:",
        (
            "  - online channels: Log in to the Jiangsu HRSS online service hall (https://rs.jshrss.jiangsu.gov.cn/"
            "index/), the Jiangsu Smart HRSS app or the “Jiangsu Smart HRSS” WeChat mini program, the Suzhou HRSS W"
            "eChat account, or the Suzhoudao app; complete real-name identity verification, then follow the prompts"
            " to finish the first application"
        ),
    ]
    assert block(text, "Not covered by the guide (please ask):") == [
        "Not covered by the guide (please ask):",
        (
            "  ? Online: the guide says you complete real-name identity verification and then follow the prompts; i"
            "t does not say which documents you need: follow the prompts, or call 12333"
        ),
        "  ? The guide does not say whether a guardian or an agent can apply online for someone else: call 12333 first",
    ]


def test_an_agent_s_other_documents_say_no_owner() -> None:
    """二(一)3"""
    c = checklist("first_application", identity="mainland", age=80, applicant="agent", channel="express_outlet")
    text = render_text(c, GUIDE, "zh")
    assert block(text, "请携带：") == [
        "请携带：",
        "  [ ] 申请人本人的有效身份证件（原件）：二代居民身份证",
        (
            "  [ ] 代办人的有效身份证件（原件），以下任一：二代居民身份证、社会保障卡、台湾居民来往大陆通行证、港澳"
            "居民来往内地通行证、港澳台居民居住证、外国人永久居留证、外国人护照"
        ),
        "  [ ] 其他相关证明材料（指南未说明原件或复印件）；指南未列明具体材料，也未说明是谁的证明，请先拨打12333咨询",
    ]
    text = render_text(c, GUIDE, "en")
    assert block(text, "Bring these:") == [
        "Bring these:",
        "  [ ] the applicant's valid identity document (original): Resident Identity Card (2nd generation)",
        (
            "  [ ] the entrusted agent's valid identity document (original), any one of: Resident Identity Card (2n"
            "d generation); social security card; Mainland Travel Permit for Taiwan Residents; Mainland Travel Perm"
            "it for Hong Kong and Macao Residents; Residence Permit for Hong Kong, Macao and Taiwan Residents; Fore"
            "ign Permanent Resident ID Card; foreign passport"
        ),
        (
            "  [ ] other relevant supporting documents (the guide does not say original or copy) — The guide does n"
            "ot list them or say whose they are: call 12333 before you go"
        ),
    ]


def test_a_child_s_guardian_brings_examples_and_a_lone_document_has_no_any_one_of() -> None:
    """二(一)2, 三(三)"""
    c = checklist("first_application", identity="mainland", age=16, channel="instant_outlet")
    text = render_text(c, GUIDE, "zh")
    assert block(text, "请携带：") == [
        "请携带：",
        "  [ ] 申请人本人的有效身份证件（原件）：二代居民身份证",
        (
            "  [ ] 法定监护人的有效身份证件（原件），以下任一：二代居民身份证、社会保障卡、台湾居民来往大陆通行证、"
            "港澳居民来往内地通行证、港澳台居民居住证、外国人永久居留证、外国人护照"
        ),
        (
            "  [ ] 法定监护人的可证明法定监护关系的材料（指南未说明原件或复印件），例如：可直接体现父子、母子关系的"
            "户口簿、出生医学证明"
        ),
    ]
    text = render_text(c, GUIDE, "en")
    assert block(text, "Bring these:") == [
        "Bring these:",
        "  [ ] the applicant's valid identity document (original): Resident Identity Card (2nd generation)",
        (
            "  [ ] the legal guardian's valid identity document (original), any one of: Resident Identity Card (2nd"
            " generation); social security card; Mainland Travel Permit for Taiwan Residents; Mainland Travel Permi"
            "t for Hong Kong and Macao Residents; Residence Permit for Hong Kong, Macao and Taiwan Residents; Forei"
            "gn Permanent Resident ID Card; foreign passport"
        ),
        (
            "  [ ] the legal guardian's proof of guardianship (the guide does not say original or copy), for exampl"
            "e: household register that shows the parent–child relationship; Medical Certificate of Birth"
        ),
    ]


def test_batch_delivery_says_how_the_guide_leaves_it_and_adds_no_rules() -> None:
    """三(一), 三(二), 三(三)2"""
    c = checklist("batch_application", collection="delivery")
    text = render_text(c, GUIDE, "zh")
    assert block(text, "请携带：") == [
        "请携带：",
        "  [ ] 单位的法人社会信用代码证或申请单位授权委托书（指南未说明原件或复印件）",
        (
            "  [ ] 职工个人的有效身份证件（原件），以下任一：二代居民身份证、社会保障卡、户口簿（仅限不满16周岁人员"
            "）、台湾居民来往大陆通行证、港澳居民来往内地通行证、港澳台居民居住证、外国人永久居留证、外国人护照"
        ),
        "  [ ] 《江苏省社会保障卡申领登记表》",
    ]
    assert block(text, "去哪里、按什么顺序办：") == [
        "去哪里、按什么顺序办：",
        "  1. 合作银行服务网点：单位代理人携带上述材料办理申领",
        "  2. 物流寄送：卡片通过物流寄送",
    ]
    assert block(text, "指南未说明（请咨询）：") == [
        "指南未说明（请咨询）：",
        (
            "  ? 指南写明领卡可“通过物流寄送”，又写明须由单位代理人统一领卡；寄送时如何由单位代理人统一领卡，指南未"
            "说明，请咨询合作银行"
        ),
        "  ? 指南未说明物流寄送的邮费由谁承担，请咨询合作银行",
    ]
    text = render_text(c, GUIDE, "en")
    assert block(text, "Bring these:") == [
        "Bring these:",
        (
            "  [ ] the employer's Unified Social Credit Code certificate or employer's letter of authorization (the"
            " guide does not say original or copy)"
        ),
        (
            "  [ ] each employee's valid identity document (original), any one of: Resident Identity Card (2nd gene"
            "ration); social security card; household register (hukou booklet; under 16 only); Mainland Travel Perm"
            "it for Taiwan Residents; Mainland Travel Permit for Hong Kong and Macao Residents; Residence Permit fo"
            "r Hong Kong, Macao and Taiwan Residents; Foreign Permanent Resident ID Card; foreign passport"
        ),
        "  [ ] Jiangsu Social Security Card application form",
    ]
    assert block(text, "Where to go, in this order:") == [
        "Where to go, in this order:",
        "  1. partner bank outlet: The employer's agent brings the documents above and applies",
        "  2. delivery: The cards are sent by delivery",
    ]
    assert block(text, "Not covered by the guide (please ask):") == [
        "Not covered by the guide (please ask):",
        (
            "  ? The guide says the cards can be “sent by delivery”, and also that the employer's agent must collec"
            "t them together; it does not say how the two go together for delivery: ask the partner bank"
        ),
        "  ? The guide does not say who pays for delivery: ask the partner bank",
    ]


def test_bad_faith_replacement_and_the_suzhou_card_in_english() -> None:
    """六(四), 二(三)2"""
    c = checklist("reissue", formal_loss_report="formal_done")
    text = render_text(c, GUIDE, "en")
    assert block(text, "Watch out:") == [
        "Watch out:",
        (
            "  ⚠ More than 3 reissues or replacements in a month brings a text-message warning; replacing cards in "
            "bad faith goes on your HRSS credit record and affects your other HRSS business"
        ),
    ]


def test_the_suzhou_note_can_cancel_by_activating() -> None:
    """二(三)2"""
    c = checklist("first_application", identity="foreign", age=30, applicant="self")
    text = render_text(c, GUIDE, "en")
    assert block(text, "Good to know:") == [
        "Good to know:",
        (
            "  ℹ If your Jiangsu Social Security Card (third-generation social security card) is issued by the Bank"
            " of Suzhou, you can cancel the HRSS and bank functions of your old Suzhou citizen card at the same tim"
            "e by activating its Bank of Suzhou account"
        ),
    ]


def test_wrong_details_say_what_others_bring_is_not_given_and_who_may_do_it() -> None:
    """六(二), 六"""
    c = checklist("replacement", reason="wrong_details")
    text = render_text(c, GUIDE, "zh")
    assert block(text, "指南未说明（请咨询）：") == [
        "指南未说明（请咨询）：",
        "  ? 指南未说明换卡的办理时限，请咨询办理网点或12333",
        "  ? 指南未说明换卡能否委托他人代办，请咨询12333或合作银行",
        (
            "  ? 指南要求户籍地派出所出具的身份证变更证明；外国人士、港澳台居民卡面信息有误时需提供什么证明，指南未"
            "说明，请咨询12333"
        ),
    ]
    text = render_text(c, GUIDE, "en")
    assert block(text, "Not covered by the guide (please ask):") == [
        "Not covered by the guide (please ask):",
        "  ? The guide does not say how long a replacement takes: ask the outlet or 12333",
        "  ? The guide does not say whether someone else can replace the card for you: ask 12333 or your partner bank",
        (
            "  ? The guide asks for an ID change certificate from the local police station; it does not say what fo"
            "reign nationals or Hong Kong, Macao and Taiwan residents bring when their card's details are wrong: as"
            "k 12333"
        ),
    ]


def test_another_reason_for_cancelling_goes_to_12333() -> None:
    """八"""
    c = checklist("cancellation", reason="other")
    text = render_text(c, GUIDE, "zh")
    assert block(text, "指南未说明（请咨询）：") == [
        "指南未说明（请咨询）：",
        (
            "  ? 指南列出的注销原因为死亡、出国（境）定居、社保关系跨省转移等；其他原因注销需携带哪些材料、到哪里办"
            "理，指南未说明，请拨打12333咨询"
        ),
    ]
    text = render_text(c, GUIDE, "en")
    assert block(text, "Not covered by the guide (please ask):") == [
        "Not covered by the guide (please ask):",
        (
            "  ? The guide names death, settling abroad and moving social insurance to another province, among othe"
            "r reasons; it does not say what to bring or where to go for another reason: call 12333"
        ),
    ]


def test_a_deceased_person_s_police_certificate_is_nobody_s_own() -> None:
    """八(一)1"""
    c = checklist("cancellation", reason="death", who="family_member")
    text = render_text(c, GUIDE, "zh")
    assert block(text, "请携带：") == [
        "请携带：",
        (
            "  [ ] 办理人的有效身份证件（原件），以下任一：二代居民身份证、社会保障卡、台湾居民来往大陆通行证、港澳"
            "居民来往内地通行证、港澳台居民居住证、外国人永久居留证、外国人护照；指南原文为“本人有效身份证件原件”，"
            "未明确是办理人还是持卡人的证件，请向12333确认"
        ),
        "  [ ] 江苏省社会保障卡；需注销的社保卡",
        "  [ ] 公安部门相关证明（指南未说明原件或复印件）",
    ]
    text = render_text(c, GUIDE, "en")
    assert block(text, "Bring these:") == [
        "Bring these:",
        (
            "  [ ] your own valid identity document (original), any one of: Resident Identity Card (2nd generation)"
            "; social security card; Mainland Travel Permit for Taiwan Residents; Mainland Travel Permit for Hong K"
            "ong and Macao Residents; Residence Permit for Hong Kong, Macao and Taiwan Residents; Foreign Permanent"
            " Resident ID Card; foreign passport — The guide asks for “one's own valid identity document (original)"
            "” without saying whether it means yours or the cardholder's: check with 12333"
        ),
        "  [ ] Jiangsu Social Security Card — the card to be cancelled",
        "  [ ] police certificate (of death) (the guide does not say original or copy)",
    ]


def test_the_three_hotlines_of_section_9_without_added_words() -> None:
    """九"""
    c = checklist("replacement", reason="damaged")
    text = render_text(c, GUIDE, "zh")
    assert block(text, "咨询电话：") == [
        "咨询电话：",
        "  ☎ 人社功能咨询：12333",
        "  ☎ 金融功能咨询：各家合作银行",
        "  ☎ 交通一卡通功能咨询：962026",
    ]
    text = render_text(c, GUIDE, "en")
    assert block(text, "Hotlines:") == [
        "Hotlines:",
        "  ☎ HRSS hotline (social security function): 12333",
        "  ☎ bank account questions: each partner bank",
        "  ☎ transport card hotline: 962026",
    ]
    text = render_text(c, GUIDE, "zh_hant")
    assert block(text, "諮詢電話：") == [
        "諮詢電話：",
        "  ☎ 人社功能諮詢：12333",
        "  ☎ 金融功能諮詢：各家合作銀行",
        "  ☎ 交通一卡通功能諮詢：962026",
    ]
