"""The command line's own words, in the language `--lang` asks for (Traditional Chinese is derived)."""

from __future__ import annotations

import argparse

from kiosk.guide.model import Clause, Procedure, Question, Text

# `--lang` takes the kiosk's own names and the usual language tags (BCP 47, any case, - or _).
LANG_TAGS = {
    "zh": "zh",
    "zh-hans": "zh",
    "zh-cn": "zh",
    "zh-sg": "zh",
    "zh_hant": "zh_hant",
    "zh-hant": "zh_hant",
    "zh-tw": "zh_hant",
    "zh-hk": "zh_hant",
    "zh-mo": "zh_hant",
    "en": "en",
}


def lang_tag(raw: str) -> str:
    """`--lang`'s value as the kiosk's language: zh, en or zh_hant."""
    tag = raw.strip().lower().replace("_", "-")
    found = LANG_TAGS.get(tag) or LANG_TAGS.get(tag.replace("-", "_")) or ("en" if tag.startswith("en-") else None)
    if found is None:
        raise argparse.ArgumentTypeError(f"'{raw}' is not a language; use zh (or zh-Hans), zh_hant (or zh-Hant) or en")
    return found


WORDS: dict[str, Text] = {
    "unknown_procedure": Text(
        zh="没有“{procedure}”这项业务；可选的业务：{valid}",
        en="unknown procedure '{procedure}'; valid procedures: {valid}",
    ),
    "not_question_value": Text(zh="“{raw}”不是“问题=答案”（QUESTION=VALUE）的写法", en="'{raw}' is not QUESTION=VALUE"),
    "not_a_question": Text(
        zh="“{question}”不是{procedure}的问题；可用的问题：{valid}",
        en="'{question}' is not a question of {procedure}; valid questions: {valid}",
    ),
    "no_questions": Text(zh="（此业务不问任何问题）", en="(this procedure asks no questions)"),
    "answered_twice": Text(
        zh="{question}回答了两次；每个问题只给一个回答",
        en="{question} is answered twice; give each question one answer",
    ),
    "bad_number": Text(zh="{question}：{problem}", en="{question}: {problem}"),
    "not_an_option": Text(
        zh="“{value}”不是{question}的选项；可选：{valid}",
        en="'{value}' is not an option of {question}; valid options: {valid}",
    ),
    "not_possible": Text(
        zh="按前面的回答，{question}不能选“{value}”；此处可选：{valid}",
        en="'{value}' is not possible for {question} after the earlier answers; valid here: {valid}",
    ),
    "not_asked": Text(
        zh="注意：按这些回答不问{question}（{why}），已忽略这个回答",
        en="note: {question} is not asked for these answers ({why}) and was ignored",
    ),
    "asked_only_when": Text(zh="只在{condition}时询问", en="it is asked only when {condition}"),
    "missing": Text(
        zh="缺少回答：--answer {question}=答案（{text}）；答案：{hint}",
        en="missing answer: --answer {question}=VALUE ({text}); VALUE: {hint}",
    ),
    "a_number": Text(zh="{low}到{high}的数字", en="a number {low}-{high}"),
    "json_and_format": Text(
        zh="--json 和 --format {format} 要的输出不同；请只用一个",
        en="--json and --format {format} ask for different output; use one",
    ),
    "bad_date": Text(
        zh="--date “{raw}”不是日期；请写成 2026-03-05 或 '2026-03-05 09:30'",
        en="--date '{raw}' is not a date; write e.g. 2026-03-05 or '2026-03-05 09:30'",
    ),
    "guide_broken": Text(
        zh="指南数据有错，自助机不会启动：{error}", en="the guide is broken and the kiosk will not start: {error}"
    ),
}


def say(key: str, lang: str, **values: object) -> str:
    """The message `key` in `lang`, with `values` filled in."""
    return WORDS[key].get(lang).format(**values)


def _clause(procedure: Procedure, clause: Clause, lang: str) -> str:
    question = procedure.question(clause.question)
    name = question.text.get(lang).rstrip("？?") if question else clause.question
    if clause.any_of or clause.none_of:
        labels = [
            (o.label.get(lang) if question and (o := question.option(option_id)) else option_id)
            for option_id in (clause.any_of or clause.none_of)
        ]
        joined = ("、" if lang != "en" else " or ").join(labels)
        if lang == "en":
            return f"{name} is {'not ' if clause.none_of else ''}{joined}"
        return f"{name}{'不是' if clause.none_of else '为'}{joined}"
    bounds = []
    if clause.at_least is not None:
        bounds.append(f"{clause.at_least}以上" if lang != "en" else f"at least {clause.at_least}")
    if clause.below is not None:
        bounds.append(f"不满{clause.below}" if lang != "en" else f"below {clause.below}")
    return f"{name}{'、'.join(bounds)}" if lang != "en" else f"{name} is {' and '.join(bounds)}"


def why_not_asked(procedure: Procedure, question: Question, lang: str) -> str:
    """Why `question` is not asked: the guide's reason the data gives, else the answers it is asked for."""
    if question.not_asked is not None:
        return question.not_asked.get(lang)
    groups = [
        ("；" if lang != "en" else "; or ").join(_clause(procedure, c, lang) for c in group)
        for group in question.when.groups
    ]
    return say("asked_only_when", lang, condition=("，且" if lang != "en" else ", and ").join(groups))
