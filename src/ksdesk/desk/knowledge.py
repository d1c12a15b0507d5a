"""The knowledge base: anonymised FAQ entries, and a search over them and earlier answers.

Search is full text with stemming in Dutch and English on both backends:

* PostgreSQL: to_tsvector('dutch' / 'english', ...) by the document's language, GIN-indexed.
* SQLite: FTS5. English goes through FTS5's Porter stemmer; Dutch is stemmed in Python with
  the Snowball Dutch algorithm (ksdesk.desk.stemming) before indexing and before querying.

The index (desk_search_document plus the FTS5 tables) is written here, in the same transaction
as the entry or answer it describes. FAQ entries are public; "answer" documents (the desk's own
answered questions) are searched only for desk officers (similar_answers).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ksdesk import audit
from ksdesk.accounts.principal import Principal
from ksdesk.db import utcnow
from ksdesk.desk import access, stemming
from ksdesk.desk.models import FaqEntry, Question, QuestionMessage, SearchDocument
from ksdesk.desk.vocab import LANGUAGES, Audience, QuestionStatus
from ksdesk.errors import NotFound, Refusal, ValidationFailed

FAQ, ANSWER = "faq", "answer"
# "Similar to this question" compares the words that characterise the whole question: the
# SIMILAR_TERMS words it uses most (of equal use, the earlier), counted over all of its text, so
# the end of a long question weighs as much as its start. A typed search uses every word it has.
SIMILAR_TERMS = 60
# The longest search a person may type, in characters: a longer one is refused, never cut.
MAX_QUERY = 500
SNIPPET = 280

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w.])(?:\+|00)?\d[\d \t().-]{6,}\d(?![\w.])")
# Name particles are ordinary words; matching them would refuse half of all Dutch sentences.
NAME_PARTICLES = frozenset("van der den de het ter ten te in 't la le du von".split())


# ------------------------------------------------------------------ personal data


def personal_data_problems(value: str, asker_names: list[str]) -> list[str]:
    """What in ``value`` looks like personal data: e-mail addresses, phone numbers, the asker's name."""
    problems = []
    if EMAIL.search(value):
        problems.append("contains an e-mail address")
    if any(sum(ch.isdigit() for ch in m.group()) >= 9 for m in PHONE.finditer(value)):
        problems.append("contains what looks like a phone number")
    for full_name in asker_names:
        parts = [p for p in re.findall(r"\w+", full_name) if len(p) >= 3 and p.lower() not in NAME_PARTICLES]
        candidates = [full_name.strip()] + parts
        if any(c and re.search(rf"(?<!\w){re.escape(c)}(?!\w)", value, re.IGNORECASE) for c in candidates):
            problems.append("contains the asker's name")
            break
    return problems


# ------------------------------------------------------------------ FAQ entries


def _check_entry(title: str, question: str, answer: str, language: str, names: list[str]) -> tuple[str, str, str]:
    fields = {"title": (title or "").strip(), "question": (question or "").strip(), "answer": (answer or "").strip()}
    limits = {"title": 200, "question": 20_000, "answer": 20_000}
    errors: dict[str, Refusal] = {}
    for field, value in fields.items():
        if not value or len(value) > limits[field]:
            errors[field] = Refusal("text_length", f"write between 1 and {limits[field]} characters", {"n": limits[field]})
            continue
        problems = personal_data_problems(value, names)
        if problems:
            errors[field] = Refusal("personal_data", "; ".join(problems) + " - the knowledge base is public and anonymous")
    if language not in LANGUAGES:
        errors["language"] = Refusal("language_unknown", "nl or en")
    if errors:
        raise ValidationFailed("the entry was not published", code="entry_not_published", field_errors=errors)
    return fields["title"], fields["question"], fields["answer"]


def publish_faq(
    session: Session, principal: Principal, *, title: str, question: str, answer: str, language: str,
    source_question_id: int | None = None,
) -> FaqEntry:
    """Publishes an anonymised entry, usually edited from an answered question by an officer."""
    access.require_desk(principal)
    names: list[str] = []
    topics: list[str] = []
    if source_question_id is not None:
        source = session.get(Question, source_question_id)
        if source is None:
            raise NotFound(f"question {source_question_id} not found", code="question_not_found")
        if source.status not in (QuestionStatus.ANSWERED.value, QuestionStatus.CLOSED.value):
            raise ValidationFailed("only an answered question can become a knowledge-base entry", code="not_answered_yet",
                                   field_errors={"source_question_id": Refusal("not_answered_yet", "not answered yet")})
        names = [source.asker_name, source.asker_email.split("@")[0]]
        topics = list(source.topics or [])
    title, question, answer = _check_entry(title, question, answer, language, names)
    entry = FaqEntry(title=title, question=question, answer=answer, language=language, topics=topics,
                     source_question_id=source_question_id, published_by_id=principal.user_id)
    session.add(entry)
    session.flush()
    _index(session, FAQ, entry.id, language, title, f"{question}\n{answer}")
    audit.record(session, principal, "faq.publish", "faq_entry", entry.id,
                 after={"title": title, "language": language, "source_question_id": source_question_id})
    return entry


def withdraw_faq(session: Session, principal: Principal, entry_id: int, reason: str) -> FaqEntry:
    access.require_desk(principal)
    entry = session.get(FaqEntry, entry_id)
    if entry is None or entry.withdrawn_at is not None:
        raise NotFound(f"entry {entry_id} not found", code="entry_not_found")
    entry.withdrawn_at = utcnow()
    _unindex(session, FAQ, entry.id)
    session.flush()
    audit.record(session, principal, "faq.withdraw", "faq_entry", entry.id, reason=reason)
    return entry


def list_faq(session: Session, *, language: str | None = None) -> list[FaqEntry]:
    """Published entries, newest first; public."""
    stmt = select(FaqEntry).where(FaqEntry.withdrawn_at.is_(None)).order_by(FaqEntry.published_at.desc(), FaqEntry.id.desc())
    if language:
        stmt = stmt.where(FaqEntry.language == language)
    return list(session.scalars(stmt))


def get_faq(session: Session, entry_id: int) -> FaqEntry:
    entry = session.get(FaqEntry, entry_id)
    if entry is None or entry.withdrawn_at is not None:
        raise NotFound(f"entry {entry_id} not found", code="entry_not_found")
    return entry


# ------------------------------------------------------------------ index


def index_answer(session: Session, question: Question) -> None:
    """(Re)indexes an answered question with its public replies, for the desk's own search."""
    session.flush()
    replies = session.scalars(
        select(QuestionMessage.body).where(QuestionMessage.question_id == question.id,
                                           QuestionMessage.audience == Audience.PUBLIC.value)
        .order_by(QuestionMessage.id)
    )
    _index(session, ANSWER, question.id, question.language, question.subject,
           "\n".join([question.text, *replies]))


def _index(session: Session, kind: str, object_id: int, language: str, title: str, body: str) -> None:
    doc = session.scalar(select(SearchDocument).where(SearchDocument.kind == kind, SearchDocument.object_id == object_id))
    if doc is None:
        doc = SearchDocument(kind=kind, object_id=object_id)
        session.add(doc)
    doc.language, doc.title, doc.body = language, title, body
    session.flush()
    if _dialect(session) == "sqlite":
        for lang in LANGUAGES:
            session.execute(text(f"DELETE FROM desk_search_fts_{lang} WHERE rowid = :id"), {"id": doc.id})
        indexed = f"{title}\n{body}"
        if language == "nl":
            indexed = stemming.stem_text(indexed)
        session.execute(text(f"INSERT INTO desk_search_fts_{language}(rowid, text) VALUES (:id, :text)"),
                        {"id": doc.id, "text": indexed})


def rebuild_search_index(session: Session) -> int:
    """Refills SQLite's full-text tables from the search documents (after a restore, say).

    PostgreSQL indexes the documents' own columns, so there is nothing to rebuild there.
    """
    if _dialect(session) != "sqlite":
        return 0
    for lang in LANGUAGES:
        session.execute(text(f"DELETE FROM desk_search_fts_{lang}"))
    count = 0
    for doc in session.scalars(select(SearchDocument).order_by(SearchDocument.id)):
        indexed = f"{doc.title}\n{doc.body}"
        if doc.language == "nl":
            indexed = stemming.stem_text(indexed)
        session.execute(text(f"INSERT INTO desk_search_fts_{doc.language}(rowid, text) VALUES (:id, :text)"),
                        {"id": doc.id, "text": indexed})
        count += 1
    return count


def unindex_answer(session: Session, question_id: int) -> None:
    """Takes a question out of the desk's own search (its texts were erased)."""
    _unindex(session, ANSWER, question_id)


def _unindex(session: Session, kind: str, object_id: int) -> None:
    doc = session.scalar(select(SearchDocument).where(SearchDocument.kind == kind, SearchDocument.object_id == object_id))
    if doc is None:
        return
    if _dialect(session) == "sqlite":
        for lang in LANGUAGES:
            session.execute(text(f"DELETE FROM desk_search_fts_{lang} WHERE rowid = :id"), {"id": doc.id})
    session.delete(doc)
    session.flush()


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


# ------------------------------------------------------------------ search


@dataclass
class SearchHit:
    kind: str  # "faq" or "answer"
    object_id: int  # FaqEntry.id or Question.id
    language: str
    title: str
    snippet: str
    score: float  # higher is better, comparable only within one result list


# Must stay identical to the index expression of migration 0002, or PostgreSQL will not use it.
PG_TSVECTOR = (
    "to_tsvector(CASE WHEN language = 'nl' THEN 'dutch'::regconfig ELSE 'english'::regconfig END, "
    "title || ' ' || body)"
)


def _quote_lexeme(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


# A typed search: every lexeme of the query.
_PG_ALL_LEXEMES = "SELECT tsvector_to_array(to_tsvector(CAST(:config AS regconfig), :q))"
# A question compared with earlier ones: its most used lexemes over the whole text (a tsvector
# keeps each lexeme's positions: their number is its use, the first its place).
_PG_CHARACTERISTIC_LEXEMES = (
    "SELECT array_agg(lexeme) FROM (SELECT lexeme FROM unnest(to_tsvector(CAST(:config AS regconfig), :q)) "
    "ORDER BY cardinality(positions) DESC, positions[1], lexeme LIMIT :n) AS most_used"
)


def _pg_search(session: Session, query: str, kinds: tuple[str, ...], any_term: bool, limit: int,
               exclude: tuple[str, int] | None) -> list[tuple[int, float]]:
    operator = " | " if any_term else " & "
    lexemes_of = _PG_CHARACTERISTIC_LEXEMES if any_term else _PG_ALL_LEXEMES
    tsqueries = {}
    for config in ("dutch", "english"):
        lexemes = session.scalar(text(lexemes_of), {"config": config, "q": query, "n": SIMILAR_TERMS}) or []
        tsqueries[config] = operator.join(_quote_lexeme(x) for x in lexemes)
    if not any(tsqueries.values()):
        return []
    parts = [f"to_tsquery('simple', :{c})" for c, q in tsqueries.items() if q]
    tsquery = "(" + " || ".join(parts) + ")"
    sql = (
        f"SELECT id, ts_rank({PG_TSVECTOR}, {tsquery}) AS score FROM desk_search_document "
        f"WHERE {PG_TSVECTOR} @@ {tsquery} AND kind IN :kinds"
        + (" AND NOT (kind = :ex_kind AND object_id = :ex_id)" if exclude else "")
        + " ORDER BY score DESC, id LIMIT :limit"
    )
    params = {**{c: q for c, q in tsqueries.items() if q}, "kinds": kinds, "limit": limit}
    if exclude:
        params.update(ex_kind=exclude[0], ex_id=exclude[1])
    from sqlalchemy import bindparam

    stmt = text(sql).bindparams(bindparam("kinds", expanding=True))
    return [(row.id, float(row.score)) for row in session.execute(stmt, params)]


def characteristic_words(text: str) -> list[str]:
    """The SIMILAR_TERMS words ``text`` uses most, counted over all of it (of equal use, the earlier
    first). Short words are mostly function words that would match everything, so they are left out."""
    counts = Counter(w for w in stemming.words(text) if len(w) > 3)
    return [word for word, _count in counts.most_common(SIMILAR_TERMS)]


def _fts5_match(terms: list[str], any_term: bool) -> str:
    return (" OR " if any_term else " AND ").join(f'"{t}"' for t in terms)


def _sqlite_search(session: Session, query: str, kinds: tuple[str, ...], any_term: bool, limit: int,
                   exclude: tuple[str, int] | None) -> list[tuple[int, float]]:
    words = list(dict.fromkeys(stemming.words(query)))
    if any_term:
        words = characteristic_words(query)
    if not words:
        return []
    scored: dict[int, float] = {}
    for lang, terms in (("en", words), ("nl", list(dict.fromkeys(stemming.stem(w) for w in words)))):
        rows = session.execute(
            text(f"SELECT rowid, bm25(desk_search_fts_{lang}) AS rank FROM desk_search_fts_{lang} "
                 f"WHERE desk_search_fts_{lang} MATCH :match ORDER BY rank LIMIT :limit"),
            {"match": _fts5_match(terms, any_term), "limit": limit * 4},
        )
        for rowid, rank in rows:
            scored[rowid] = max(scored.get(rowid, 0.0), -float(rank))  # bm25: lower is better
    if not scored:
        return []
    docs = session.execute(select(SearchDocument.id, SearchDocument.kind, SearchDocument.object_id)
                           .where(SearchDocument.id.in_(list(scored))))
    keep = [d.id for d in docs if d.kind in kinds and (exclude is None or (d.kind, d.object_id) != exclude)]
    return sorted(((i, scored[i]) for i in keep), key=lambda pair: (-pair[1], pair[0]))[:limit]


def _hits(session: Session, ranked: list[tuple[int, float]]) -> list[SearchHit]:
    if not ranked:
        return []
    docs = {d.id: d for d in session.scalars(select(SearchDocument).where(SearchDocument.id.in_([i for i, _ in ranked])))}
    hits = []
    for doc_id, score in ranked:
        doc = docs[doc_id]
        snippet = " ".join(doc.body.split())
        hits.append(SearchHit(kind=doc.kind, object_id=doc.object_id, language=doc.language, title=doc.title,
                              snippet=snippet[:SNIPPET] + ("…" if len(snippet) > SNIPPET else ""), score=score))
    return hits


def _search(session: Session, query: str, kinds: tuple[str, ...], *, any_term: bool, limit: int,
            exclude: tuple[str, int] | None = None) -> list[SearchHit]:
    query = (query or "").strip()
    if not query:
        return []
    engine = _pg_search if _dialect(session) == "postgresql" else _sqlite_search
    return _hits(session, engine(session, query, kinds, any_term, limit, exclude))


def _typed(query: str) -> str:
    """The search a person typed, refused when longer than MAX_QUERY characters rather than cut short."""
    query = (query or "").strip()
    if len(query) > MAX_QUERY:
        raise ValidationFailed.of_field("q", "text_too_long", f"at most {MAX_QUERY} characters", n=MAX_QUERY)
    return query


def search_faq(session: Session, query: str, *, limit: int = 20) -> list[SearchHit]:
    """Public search of the knowledge base: entries containing all words (stemmed, nl and en)."""
    query = _typed(query)
    return _search(session, query, (FAQ,), any_term=False, limit=limit)


def search_desk(session: Session, principal: Principal, query: str, *, limit: int = 20) -> list[SearchHit]:
    """The desk's search over FAQ entries and its own earlier answers."""
    access.require_desk(principal)
    query = _typed(query)
    return _search(session, query, (FAQ, ANSWER), any_term=False, limit=limit)


def similar_answers(session: Session, principal: Principal, question_id: int, *, limit: int = 5) -> list[SearchHit]:
    """Earlier answers and FAQ entries most like this question, best first, for the officer answering it."""
    access.require_desk(principal)
    question = session.get(Question, question_id)
    if question is None:
        raise NotFound(f"question {question_id} not found", code="question_not_found")
    return _search(session, f"{question.subject}\n{question.text}", (FAQ, ANSWER), any_term=True, limit=limit,
                   exclude=(ANSWER, question.id))
