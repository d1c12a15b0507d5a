"""Tags: words desk officers give a question, for the desk's own use.

A tag says what kind of question it is in the desk's own words ("dual use", "visiting researcher"),
beside the asker's fixed topics: officers filter the queue on it and the figures count questions per
tag. Tags stay inside the desk: the asker never sees them, the knowledge base never publishes them,
and analysts' figures leave them out (an officer's free word may name an organisation).

Adding and removing are set operations: two officers tagging at once do not overwrite each other,
so no version check is needed. Each change is audited with the tags before and after.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ksdesk import audit
from ksdesk.accounts.principal import Principal
from ksdesk.desk import access, service
from ksdesk.desk.models import QuestionTag
from ksdesk.errors import ValidationFailed

MAX_LENGTH = 40
MAX_PER_QUESTION = 10
# Letters and digits of any script, with spaces and hyphens between: words, not sentences or markup.
ALLOWED = re.compile(r"^\w(?:[\w -]*\w)?$")


def normalise(raw: str) -> str:
    """One spelling per tag: trimmed, single spaces, lower case ("Dual  Use " is "dual use")."""
    return " ".join(str(raw or "").split()).casefold()


def _check(tag: str) -> None:
    if not tag or len(tag) > MAX_LENGTH or "_" in tag or not ALLOWED.fullmatch(tag):
        raise ValidationFailed.of_field("tag", "tag_invalid", f"a tag is 1 to {MAX_LENGTH} letters, digits, spaces or "
                                        "hyphens", n=MAX_LENGTH)


def tags_of(session: Session, question_id: int) -> list[str]:
    return list(session.scalars(select(QuestionTag.tag).where(QuestionTag.question_id == question_id)
                                .order_by(QuestionTag.tag)))


def tags_in_use(session: Session, principal: Principal) -> list[tuple[str, int]]:
    """Every tag with the number of questions that carry it, most used first: offered when tagging,
    so that officers reuse a word rather than spell a new one."""
    access.require_desk(principal)
    count = func.count().label("n")
    return [(tag, n) for tag, n in session.execute(
        select(QuestionTag.tag, count).group_by(QuestionTag.tag).order_by(count.desc(), QuestionTag.tag))]


def add_tag(session: Session, principal: Principal, question_id: int, raw: str) -> list[str]:
    """Gives the question a tag (already there: nothing changes); returns its tags."""
    access.require_desk(principal)
    question = service.get_question(session, principal, question_id)
    tag = normalise(raw)
    _check(tag)
    before = tags_of(session, question.id)
    if tag in before:
        return before
    if len(before) >= MAX_PER_QUESTION:
        raise ValidationFailed.of_field("tag", "tags_too_many", f"at most {MAX_PER_QUESTION} tags on one question",
                                        n=MAX_PER_QUESTION)
    session.add(QuestionTag(question_id=question.id, tag=tag))
    session.flush()
    after = sorted([*before, tag])
    audit.record(session, principal, "question.tag", "question", question.id, before={"tags": before},
                 after={"tags": after}, institution_id=question.institution_id)
    return after


def remove_tag(session: Session, principal: Principal, question_id: int, raw: str) -> list[str]:
    """Takes a tag off the question (not there: nothing changes); returns its tags."""
    access.require_desk(principal)
    question = service.get_question(session, principal, question_id)
    tag = normalise(raw)
    before = tags_of(session, question.id)
    if tag not in before:
        return before
    row = session.get(QuestionTag, (question.id, tag))
    session.delete(row)
    session.flush()
    after = [t for t in before if t != tag]
    audit.record(session, principal, "question.untag", "question", question.id, before={"tags": before},
                 after={"tags": after}, institution_id=question.institution_id)
    return after
