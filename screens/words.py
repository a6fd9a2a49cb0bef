"""The kiosk's own wording (not the guide's): buttons, hints and notices, in Chinese and English."""

from __future__ import annotations

from kiosk.guide.model import Text

# Welcome
KIOSK_TITLE = Text(zh="江苏省社会保障卡 办事指引", en="Jiangsu Social Security Card: what to bring")
KIOSK_LEAD = Text(
    zh="回答几个简单的问题，就能得到您自己的办事清单：带什么材料、去哪里办、按什么顺序办。",
    en="Answer a few short questions and get your own checklist: what to bring, where to go, and in what order.",
)
PRIVACY = Text(
    zh="不需要姓名、证件号码或电话号码，本机也不会保存。",
    en="No name, ID number or phone number is needed, and none is kept.",
)
START = Text(zh="开始", en="Start")
ELDERLY_ON = Text(
    zh="适老模式：大字、高对比度、自动朗读", en="Elderly-friendly mode: large text, high contrast, read aloud"
)
ELDERLY_OFF = Text(zh="关闭适老模式", en="Turn the elderly-friendly mode off")
HOTLINE = Text(zh="咨询电话：12333", en="Questions? Call the HRSS hotline 12333")

# Choosing a procedure
CHOOSE_HEADING = Text(zh="您要办理什么业务？", en="What have you come to do?")
CHOOSE_HINT = Text(zh="按数字键选择，或用鼠标点击", en="Press a number key, or click your choice")

# One question
PROGRESS = Text(zh="第{number}题，共约{total}题", en="Question {number} of about {total}")
CHOICE_HINT = Text(zh="按数字键 1-{last} 选择，或用鼠标点击", en="Press 1-{last} to choose, or click your choice")
PREVIOUS_CHOICE = Text(zh="（您上次的选择）", en="(your earlier choice)")
NUMBER_HINT = Text(zh="输入数字后按回车键（Enter）", en="Type the number, then press Enter")
NUMBER_PLACEHOLDER = Text(zh="例如 {example}", en="for example {example}")
NEXT = Text(zh="下一步", en="Next")

# Check your answers
REVIEW_HEADING = Text(zh="请核对您的回答", en="Check your answers")
REVIEW_HINT = Text(zh="按数字键修改对应的回答，或用鼠标点击", en="Press a number, or click an answer, to change it")
CHANGE = Text(zh="修改", en="change")
CONFIRM = Text(zh="没错，查看办事清单", en="All correct: show my checklist")

# The checklist
PICKUP_CODE = Text(zh="取件码", en="Pickup code")
PICKUP_HINT = Text(
    zh="请记下或拍下此码，到窗口出示即可调出本清单。",
    en="Note or photograph this code: staff at the counter can open this checklist with it.",
)
SAVE_PROBLEMS: dict[str, Text] = {
    "disk_full": Text(
        zh="本机存储已满，清单未能保存，因此没有取件码。清单就在屏幕上：请拍照，或到窗口出示本屏幕。",
        en="This kiosk's storage is full, so your checklist was not saved and has no pickup code. "
        "It is on screen: take a photo, or show this screen at the counter.",
    ),
    "read_only": Text(
        zh="本机暂时无法保存清单，因此没有取件码。清单就在屏幕上：请拍照，或到窗口出示本屏幕。",
        en="This kiosk cannot save checklists right now, so yours has no pickup code. "
        "It is on screen: take a photo, or show this screen at the counter.",
    ),
    "locked": Text(
        zh="本机正忙，清单未能保存，因此没有取件码。清单就在屏幕上：请拍照，或稍后重新开始再试一次。",
        en="The kiosk is busy and could not save your checklist, so it has no pickup code. "
        "It is on screen: take a photo, or start again in a moment.",
    ),
    "not_a_database": Text(
        zh="本机的清单记录出现问题，清单未能保存，因此没有取件码。清单就在屏幕上：请拍照，或到窗口出示本屏幕。",
        en="The kiosk's records have a problem, so your checklist was not saved and has no pickup code. "
        "It is on screen: take a photo, or show this screen at the counter.",
    ),
    "io": Text(
        zh="清单未能保存，因此没有取件码。清单就在屏幕上：请拍照，或到窗口出示本屏幕。",
        en="Your checklist could not be saved, so it has no pickup code. "
        "It is on screen: take a photo, or show this screen at the counter.",
    ),
}
DONE_START_AGAIN = Text(zh="办完了，重新开始", en="Finished: start again")

# Blocked
DO_FIRST = Text(zh="先办理：{title}", en="Do this first: {title}")
CHANGE_ANSWERS = Text(zh="返回修改回答", en="Back: change my answers")

# The bar of keys at the bottom of every screen
KEY_BACK = Text(zh="返回", en="Back")
KEY_START_AGAIN = Text(zh="重新开始", en="Start again")
KEY_CONTRAST = Text(zh="高对比度", en="Contrast")
KEY_LARGE = Text(zh="大按钮", en="Larger")
# Written in Traditional Chinese whatever the screen's language: it is for those who read it.
TRADITIONAL_OFFER = "繁體中文請按 F3"
TOO_SMALL = Text(
    zh="窗口太小：请把窗口放大（至少 {width}×{height}）",
    en="The window is too small: please make it larger (at least {width}×{height})",
)

# Taking the checklist away: the QR code and the printed slip
KEY_QR_CODE = Text(zh="二维码", en="QR code")
KEY_PRINT = Text(zh="打印清单", en="Print")
PRINTING = Text(zh="正在打印……", en="Printing…")
QR_HEADING = Text(zh="用手机扫码，带走清单", en="Scan with your phone to take the checklist with you")
QR_HINT = Text(
    zh="打开手机相机或微信“扫一扫”，对准左边的二维码。",
    en="Open your phone's camera (or WeChat Scan) and point it at the code on the left.",
)
QR_SHORTENED = Text(
    zh="屏幕放不下完整清单，二维码里是简版。完整清单：请打印。",
    en="The screen cannot fit the whole checklist, so the code holds a shorter one. For all of it, print it.",
)
QR_TOO_SMALL = Text(
    zh="窗口太小，放不下手机能扫的二维码（至少需要 {columns}×{rows}）。请按 F9 打印清单，或拍下清单屏幕。",
    en="The window is too small for a QR code a phone can read (it needs at least {columns}×{rows}). "
    "Press F9 to print the checklist instead, or photograph the checklist screen.",
)

# Read-aloud (F4) and the elderly-friendly mode: what the screens say, made for the ear by kiosk.spoken
KEY_READ_ALOUD = Text(zh="朗读", en="Read aloud")
SAY_PRESS = Text(zh="按{key}，{label}", en="Press {key}: {label}")
SAY_AGAIN = Text(zh="按F4再听一遍", en="Press F4 to hear this again")
SAY_BACK = Text(zh="按Esc返回上一步", en="Press Esc to go back")
SAY_START = Text(zh="按Enter开始", en="Press Enter to start")
SAY_ELDERLY_ON = Text(
    zh="按0开启适老模式：大字、高对比度，每个画面自动朗读",
    en="Press 0 for the elderly-friendly mode: large text, high contrast, and every screen read aloud",
)
SAY_ELDERLY_OFF = Text(zh="适老模式已开启，按0关闭", en="The elderly-friendly mode is on: press 0 to turn it off")
SAY_TYPE_NUMBER = Text(zh="请用数字键输入，然后按Enter", en="Type the number with the number keys, then press Enter")
SAY_TYPED = Text(zh="已输入：{typed}", en="Typed so far: {typed}")
SAY_ANSWER = Text(
    zh="{question}，您的回答：{answer}。要修改，按{key}",
    en="{question} Your answer: {answer}. To change it, press {key}",
)
SAY_CONFIRM = Text(
    zh="回答都对的话，按Enter查看办事清单", en="If every answer is right, press Enter to see your checklist"
)
SAY_STEP = Text(zh="第{number}步，", en="Step {number}: ")
SAY_TAKE_AWAY = Text(
    zh="按F9打印清单，按F8显示二维码，按F5重新开始",
    en="Press F9 to print the checklist, F8 for a QR code, F5 to start again",
)
SAY_QR_KEYS = Text(zh="按F9打印清单，按Esc返回清单", en="Press F9 to print the checklist, Esc to go back to it")
SAY_DO_FIRST = Text(zh="按Enter，{label}", en="Press Enter: {label}")
SAY_CHANGE_ANSWERS = Text(zh="按Esc，返回修改回答", en="Press Esc to go back and change your answers")
SPEECH_MISSING = Text(
    zh="本机没有安装语音朗读，请找工作人员帮忙。",
    en="This kiosk has no speech engine installed: please ask a member of staff.",
)
SPEECH_FAILED = Text(
    zh="语音朗读暂时不能使用，请找工作人员帮忙。",
    en="Read-aloud is not working right now: please ask a member of staff.",
)
