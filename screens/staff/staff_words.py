"""The wording of counter staff mode (the visitor's is in `words`), in Chinese and English."""

from __future__ import annotations

from kiosk.guide.model import Text

# Staff home
STAFF_TITLE = Text(zh="窗口工作人员模式", en="Counter staff mode")
STAFF_LEAD = Text(
    zh="打开访客在自助机上得到的清单、在本屏幕上陪同访客办理，或查看大厅的办事需求。",
    en="Open a checklist a visitor made at the kiosk, walk a visitor through on this screen, "
    "or see the lobby's demand.",
)
CHOICES: dict[str, tuple[Text, Text]] = {
    "open": (
        Text(zh="按取件码打开清单", en="Open a checklist by its pickup code"),
        Text(
            zh="看访客的回答、每一行的原因和指南出处，并标记为已办结",
            en="See the answers, why each line is there, and mark it handled",
        ),
    ),
    "walk": (
        Text(zh="陪同访客办理", en="Walk a visitor through"),
        Text(
            zh="在本屏幕上回答问题；保存为窗口办理，每一行显示原因和指南出处",
            en="The questions on this screen; saved as a counter walkthrough",
        ),
    ),
    "stats": (
        Text(zh="办事统计", en="Statistics"),
        Text(zh="每天各业务的清单数，以及访客在哪一题放弃", en="Walkthroughs per day, and where visitors gave up"),
    ),
    "lock": (
        Text(zh="锁定", en="Lock"),
        Text(zh="离开座位时使用；需要再次输入 PIN", en="When you leave the desk; the PIN is asked again"),
    ),
    "leave": (
        Text(zh="退出工作人员模式", en="Leave staff mode"),
        Text(zh="", en=""),
    ),
}
HOME_HINT = Text(zh="按数字键 1-{last} 选择，或用鼠标点击", en="Press 1-{last} to choose, or click")
LOCKS_AFTER = Text(zh="无操作 {seconds} 秒后自动锁定。", en="Locks itself after {seconds} seconds without input.")

# Open by code
OPEN_HEADING = Text(zh="按取件码打开清单", en="Open a checklist by its pickup code")
CODE_HINT = Text(
    zh="输入 6 位取件码（如 K7M-Q4X），大小写、空格、横线均可，然后按回车键（Enter）",
    en="Type the 6-character pickup code (e.g. K7M-Q4X; any case, spaces or dashes), then press Enter",
)
CODE_PLACEHOLDER = Text(zh="取件码", en="pickup code")
OPEN = Text(zh="打开", en="Open")
NOT_A_CODE = Text(
    zh="“{typed}”不是取件码：取件码由 6 个字母或数字组成（如 K7M-Q4X），不含 0、O、1、I、L。请核对后重新输入。",
    en="“{typed}” is not a pickup code: a code is 6 letters or digits (like K7M-Q4X) and never has 0, O, 1, I "
    "or L. Check it and type it again.",
)
UNKNOWN_CODE = Text(
    zh="没有取件码为 {code} 的清单，最近 {days} 天也没有过。请与访客核对取件码（打印单、照片或二维码上的），"
    "可能有字符看错或输错；核对无误，请陪同访客重新办理。",
    en="No checklist has the code {code}, and none had it in the last {days} days. Check the code against the "
    "visitor's slip, photo or QR code (a character may be misread or mistyped); if it is right, walk the visitor "
    "through again.",
)
EXPIRED_CODE = Text(
    zh="取件码 {code} 的清单已过期：它保存于 {day}，超过 {retention} 天的保存期后已删除（其中的回答一概不保留）。"
    "取件码没有错：请告诉访客清单已过期，并陪同访客重新办理，生成新的清单和取件码。",
    en="The checklist {code} has expired: it was saved on {day} and deleted after the {retention}-day retention "
    "period (none of its answers are kept). The code is right: tell the visitor it expired, and walk them "
    "through again for a new checklist and code.",
)
CANNOT_REBUILD = Text(
    zh="取件码 {code} 的清单保存于指南更新之前，且当时未保存完整清单；按现行指南这些回答已不完整。请陪同访客重新办理。",
    en="The checklist {code} was saved before the guide changed, without its full text, and its answers no longer "
    "complete a path in today's guide. Walk the visitor through again.",
)
LOOKUP_FAILED = Text(
    zh="暂时无法读取清单记录，请稍后再试；如果一直这样，请联系技术支持。",
    en="The checklist records cannot be read right now; try again in a moment, and call support if it persists.",
)

# A saved checklist
SAVED_HEADING = Text(zh="取件码 {code}", en="Pickup code {code}")
SAVED_AT = Text(
    zh="保存于 {when}（{channel}，访客语言：{lang}）", en="Saved {when} ({channel}; visitor's language: {lang})"
)
CHANNELS = {"kiosk": Text(zh="自助机", en="at the kiosk"), "counter": Text(zh="窗口办理", en="at the counter")}
LANG_NAMES = {"zh": "简体中文", "en": "English", "zh_hant": "繁體中文"}
STATUS_NEW = Text(zh="状态：未办结", en="Status: not handled yet")
STATUS_HANDLED = Text(zh="状态：已办结 ✔", en="Status: handled ✔")
MARK_HANDLED = Text(zh="标记为已办结", en="Mark handled")
FOR_VISITOR = Text(zh="给访客（二维码、打印单）的语言：", en="For the visitor (QR code, slip):")
OTHER_LANGUAGE = Text(zh="换语言", en="change")
TAKEAWAY_AS_SAVED = Text(
    zh="⚠ 二维码和打印单是保存时的清单，不是现行指南的；要按现行指南办理，请陪同访客重新办理。",
    en="⚠ The QR code and slip are the checklist as saved, not today's guide's; for today's, walk the visitor "
    "through again.",
)
SAME_GUIDE = Text(zh="按当前指南（版本 {version}）保存。", en="Saved under the current guide (version {version}).")
GUIDE_CHANGED = Text(
    zh="指南已更新：此清单按旧版指南（{saved}）保存，按原样显示。现行指南（{current}）对同样的回答：",
    en="The guide has changed since: this checklist was saved under guide {saved} and is shown as saved. "
    "Today's guide ({current}) for the same answers:",
)
REBUILT = Text(
    zh="此记录未保存完整清单；以下按同一版指南根据访客的回答重新生成，与访客看到的一致。",
    en="This record kept only the answers; the checklist below is rebuilt from them under the same guide, "
    "so it is what the visitor saw.",
)
REBUILT_CHANGED = Text(
    zh="此记录未保存完整清单，且指南已更新（保存时 {saved}，现行 {current}）：以下按现行指南根据访客的回答重新生成，"
    "可能与访客当时看到的不同。",
    en="This record kept only the answers, and the guide has changed since (saved under {saved}, now {current}): "
    "the checklist below is rebuilt from the answers by today's guide and may differ from what the visitor saw.",
)
SAME_LINES = Text(zh="清单内容相同。", en="gives the same checklist.")
ADDED = Text(zh="新增：", en="adds:")
REMOVED = Text(zh="不再列出：", en="no longer lists:")
NO_LONGER_ASKED = Text(zh="不再询问：", en="no longer asks:")
NOW_ASKS = Text(
    zh="这些回答已不完整，现在还要问：{question}", en="needs more than these answers; it now also asks: {question}"
)
PROCEDURE_GONE = Text(zh="已不再包含此项业务。", en="no longer has this procedure.")

# Statistics
STATS_HEADING = Text(zh="办事统计：最近 {days} 天", en="Statistics: the last {days} days")
PERIOD_KEYS = Text(zh="按 1：最近 7 天　按 2：最近 30 天", en="Press 1: last 7 days   2: last 30 days")
DAY = Text(zh="日期", en="Day")
PROCEDURE = Text(zh="业务", en="Procedure")
QUESTION = Text(zh="放弃时的问题", en="Question given up at")
COUNT = Text(zh="数量", en="Count")
VISITS = Text(zh="人次", en="Visits")

# The store's file was damaged: told once, on the staff home
STORE_RESTARTED = Text(
    zh="本机存储文件已损坏，已重新建立空白存储：此前保存的取件码在本机无法打开。原文件已移至 {path}，请联系技术人员。",
    en="This kiosk's store file was damaged and a fresh one was started: codes saved before cannot be opened "
    "here. The old file was moved to {path}; please tell the IT staff.",
)
