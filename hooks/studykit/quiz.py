"""The practice-quiz question bank (`data/quiz.yml`): load, validate, check links.

The bank is a YAML list of questions (schema in CONTRIBUTING.md, "Quiz questions"). Loading
keeps the line of every entry and field, so each problem is reported as
`file:line: id: what is wrong (fix: what to do)`, the shape the glossary uses, and every
problem in the file is reported at once, not only the first. Whether a
`learn_more` page and anchor exist is only known once the site's pages are rendered, so that
check is a separate function (`check_learn_more`) which the adapter calls with the anchors it
collected. No MkDocs imports here.
"""
from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from studykit.datafile import DataFileError, LineMapping, Problem, load_yaml_with_lines, read_data_file
from studykit.guide_map import GUIDE_OBJECTIVES

# Exam domains of the 2020 guide, in order: page slug (docs/domains/<slug>.md) -> id prefix.
DOMAIN_PREFIXES: dict[str, str] = {
    "problem-framing": "pf",
    "solution-architecture": "sa",
    "data-preparation": "dp",
    "model-development": "md",
    "pipeline-automation": "pa",
    "monitoring": "mo",
}
OPTION_KEYS = ("A", "B", "C", "D")
REQUIRED_FIELDS = ("id", "domain", "objective_2026", "question", "options", "answer", "why", "learn_more")
FIELDS = REQUIRED_FIELDS + ("sources",)
OBJECTIVES_2026 = tuple(o for objectives in GUIDE_OBJECTIVES.values() for o in objectives)

# Names of Google Cloud products and libraries: a question that names one must say which
# documentation page it rests on (`sources`), so that it can be checked when the product changes.
PRODUCT_RE = re.compile(
    r"\b(?:BigQuery|Agent Platform|Vertex AI|Gemini|Imagen|Veo|Model Garden|Model Armor|AutoML|"
    r"Dataflow|Dataproc|Managed Service for Apache|Cloud Storage|Pub/Sub|Cloud Run|GKE|"
    r"Kubernetes Engine|Cloud Build|Artifact Registry|Cloud Logging|Cloud Monitoring|"
    r"Document AI|Vision API|Translation|Speech-to-Text|Natural Language API|Agent Search|"
    r"Sensitive Data Protection|Cloud DLP|VPC Service Controls|Private Service Connect|"
    r"Cloud KMS|Bigtable|Spanner|Cloud SQL|Memorystore|Looker|Dataplex|Cloud Composer|"
    r"Feature Store|Model Registry|Model Monitoring|Workbench|Colab Enterprise|Vizier|"
    r"TensorFlow|Keras|TFX|Kubeflow|KFP|Cloud TPU|TPU)\b")

ID_RE = re.compile(r"^(?P<prefix>[a-z]{2})-\d{2,3}$")  # pf-01 ... mo-123
LEARN_MORE_RE = re.compile(
    r"^(?P<page>[A-Za-z0-9_./-]+\.md)"  # docs-relative page, e.g. domains/monitoring.md
    r"#(?P<anchor>[A-Za-z0-9_:.-]+)$"  # required anchor of the section that teaches it
)


class QuizError(DataFileError):
    """The bank cannot be used; `problems` lists every reason, in line order."""


@dataclass(frozen=True)
class Source:
    url: str  # the documentation page the question rests on
    checked: datetime.date  # when someone last checked the question against it


@dataclass(frozen=True)
class Question:
    id: str
    domain: str
    question: str
    options: dict[str, str]
    answer: str
    why: dict[str, str]
    learn_more: str
    line: int  # line of the entry in the bank, for messages
    learn_more_line: int = 0  # line of its learn_more field (0: unknown, use `line`)
    objective_2026: str = ""  # sub-objective of the June 2026 guide, "N.M"
    sources: tuple[Source, ...] = ()

    @property
    def section_2026(self) -> int:
        return int(self.objective_2026.split(".")[0])

    @property
    def learn_more_page(self) -> str:
        return self.learn_more.split("#", 1)[0]

    @property
    def learn_more_anchor(self) -> str:
        return self.learn_more.split("#", 1)[1]


_FIX = {
    "id": "set 'id:' to the domain prefix, '-' and two digits, e.g. 'pf-07' for problem-framing",
    "domain": "set 'domain:' to one of: " + ", ".join(DOMAIN_PREFIXES),
    "question": "set 'question:' to the scenario and what it asks",
    "options": "set 'options:' to exactly four keys A, B, C and D, each with its text",
    "answer": "set 'answer:' to the key (A, B, C or D) of the correct option",
    "why": "set 'why:' to one line per option (A to D) saying why it is right or wrong",
    "learn_more": "set 'learn_more:' to the page and anchor that teach it, e.g. domains/monitoring.md#obj-6-1",
    "objective_2026": "set 'objective_2026:' to the June 2026 sub-objective it tests, quoted, one of: "
                      + ", ".join(OBJECTIVES_2026),
    "sources": "list the documentation it rests on: 'sources:' then '- url: https://...' and "
               "'checked: YYYY-MM-DD' (the day you checked it)",
}


def load_quiz(path: Path, source: str | None = None) -> list[Question]:
    """Read and validate the bank at `path`; `source` is the name used in messages.

    Raises:
        QuizError: the file is missing, is not YAML, or breaks the schema.
    """
    source = source or str(path)
    return parse_quiz(read_data_file(path, source, "Quiz questions", QuizError), source)


def parse_quiz(text: str, source: str) -> list[Question]:
    """Validate the YAML text of a bank and return its questions, in file order.

    Raises:
        QuizError: with every problem found, each naming its line and a fix.
    """
    data, duplicate_keys = load_yaml_with_lines(text, source, QuizError)
    if not isinstance(data, list) or not data:
        raise QuizError([Problem(source, 1, "the bank must be a non-empty YAML list of questions",
                                 "start every question with '- id: ...'")])

    problems = [Problem(source, line, f"field '{key}' appears twice in one question", f"keep one '{key}'")
                for line, key in duplicate_keys]
    questions: list[Question] = []
    first_line_of: dict[str, int] = {}
    for index, entry in enumerate(data, start=1):
        if not isinstance(entry, LineMapping):
            problems.append(Problem(source, 1, f"question {index} is not a mapping of fields",
                                    "write each question as '- id: ...' followed by its fields"))
            continue
        question, entry_problems = _parse_entry(entry, index, source)
        problems += entry_problems
        if question is None:
            continue
        if question.id in first_line_of:
            problems.append(Problem(source, entry.key_lines.get("id", entry.line),
                                    f"duplicate id '{question.id}' (first used at line {first_line_of[question.id]})",
                                    "give this question the next free number of its domain"))
        else:
            first_line_of[question.id] = entry.line
        questions.append(question)
    if problems:
        raise QuizError(problems)
    return questions


def _parse_entry(entry: LineMapping, index: int, source: str) -> tuple[Question | None, list[Problem]]:
    """Check one question; returns it (None if unusable) and its problems."""
    name = entry.get("id") if isinstance(entry.get("id"), str) else f"question {index}"
    problems: list[Problem] = []

    def report(field: str | None, message: str, fix: str) -> None:
        line = entry.key_lines.get(field, entry.line) if field else entry.line
        problems.append(Problem(source, line, f"{name}: {message}", fix))

    for key in entry:
        if key not in FIELDS:
            close = difflib.get_close_matches(str(key), FIELDS, n=1)
            report(str(key), f"unknown field '{key}'",
                   (f"did you mean '{close[0]}'? " if close else "") + f"allowed fields: {', '.join(FIELDS)}")
    for field in REQUIRED_FIELDS:
        if entry.get(field) in (None, ""):
            report(None, f"no '{field}'", _FIX[field])

    qid, domain = entry.get("id"), entry.get("domain")
    if qid is not None:
        match = ID_RE.match(qid) if isinstance(qid, str) else None
        if match is None:
            report("id", f"id {qid!r} is not valid", _FIX["id"])
        elif domain in DOMAIN_PREFIXES and match["prefix"] != DOMAIN_PREFIXES[domain]:
            report("id", f"id '{qid}' does not match domain '{domain}'",
                   f"start the id with '{DOMAIN_PREFIXES[domain]}-', or fix the domain")
    if domain is not None and domain not in DOMAIN_PREFIXES:
        report("domain", f"unknown domain {domain!r}", "use one of: " + ", ".join(DOMAIN_PREFIXES))
    for field in ("question", "learn_more"):
        if entry.get(field) is not None and not _is_text(entry[field]):
            report(field, f"'{field}' must be text", _FIX[field])

    options = _keyed_text(entry, "options", report)
    why = _keyed_text(entry, "why", report)
    if options is not None and sorted(options) != list(OPTION_KEYS):
        report("options", f"options are {', '.join(options) or 'empty'}", _FIX["options"])
    answer = entry.get("answer")
    if answer is not None and options is not None and answer not in options:
        report("answer", f"answer {answer!r} is not one of the options ({', '.join(options)})", _FIX["answer"])
    if why is not None and options is not None:
        for key in options:
            if key not in why:
                report("why", f"'why' says nothing about option {key}",
                       f"add '{key}: ...' under 'why:', saying why option {key} is right or wrong")
        for key in why:
            if key not in options:
                report("why", f"'why' explains option {key}, which is not among the options",
                       f"remove '{key}' from 'why', or add option {key}")

    learn_more = entry.get("learn_more")
    if _is_text(learn_more) and not LEARN_MORE_RE.match(learn_more):
        report("learn_more", f"learn_more {learn_more!r} is not a page and anchor", _FIX["learn_more"])
    objective = entry.get("objective_2026")
    if objective is not None and objective not in OBJECTIVES_2026:
        report("objective_2026", f"objective_2026 {objective!r} is not a sub-objective of the June 2026 guide"
               + (" (write it quoted, e.g. \"3.2\": unquoted YAML reads it as a number)"
                  if isinstance(objective, float) else ""), _FIX["objective_2026"])
    sources = _sources(entry, report)
    if not entry.get("sources") and not problems:
        named = _product_named(entry["question"], options.get(answer, ""))
        if named:
            report(None, f"the question names {named} but has no 'sources'", _FIX["sources"])
    if problems:
        return None, problems
    return Question(id=qid, domain=domain, question=entry["question"].strip(),
                    options={k: options[k].strip() for k in OPTION_KEYS}, answer=answer,
                    why={k: why[k].strip() for k in OPTION_KEYS}, learn_more=learn_more,
                    line=entry.line, learn_more_line=entry.key_lines.get("learn_more", entry.line),
                    objective_2026=objective, sources=sources), []


def _product_named(question: str, key: str) -> str | None:
    """The first product name in the question or the correct option, or None.

    A product named only in a wrong option is not what the question rests on.
    """
    for text in (question, key):
        match = PRODUCT_RE.search(text)
        if match:
            return f"'{match[0]}'"
    return None


def _sources(entry: LineMapping, report) -> tuple[Source, ...]:
    """The `sources` list: each an https URL with a host and the date it was checked."""
    value = entry.get("sources")
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        report("sources", "'sources' must be a list of documentation pages", _FIX["sources"])
        return ()
    found = []
    for item in value:
        url = item.get("url") if isinstance(item, dict) else None
        checked = item.get("checked") if isinstance(item, dict) else None
        line = item.line if isinstance(item, LineMapping) else None
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or parts.scheme != "https" or not parts.hostname or any(c.isspace() for c in url):
            report("sources", f"source {url!r} is not an https URL" + (f" (line {line})" if line else ""),
                   "give the documentation page's full address, starting https://")
        elif not isinstance(checked, datetime.date) or isinstance(checked, datetime.datetime):
            report("sources", f"source {url} has no 'checked:' date" + (f" (line {line})" if line else ""),
                   "add 'checked: YYYY-MM-DD', the day you checked the question against the page")
        elif checked > datetime.date.today():
            report("sources", f"source {url} is dated in the future ({checked})", "use the day you checked it")
        else:
            found.append(Source(url, checked))
    return tuple(found)


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _keyed_text(entry: LineMapping, field: str, report) -> dict[str, str] | None:
    """`options` and `why` map an option key to non-empty text; None when unusable."""
    value = entry.get(field)
    if value is None or value == "":
        return None
    if not isinstance(value, dict):
        report(field, f"'{field}' is not a mapping", _FIX[field])
        return None
    for key, text in value.items():
        if not _is_text(text):
            report(field, f"'{field}' has no text for {key}", f"write the text after '{key}:'")
    return {str(k): v for k, v in value.items()}


def check_learn_more(questions: list[Question], source: str,
                     anchors_by_page: Mapping[str, set[str] | None]) -> list[Problem]:
    """Problems for every `learn_more` whose page or anchor does not exist.

    Args:
        questions: the validated bank.
        source: the bank's name in messages.
        anchors_by_page: docs-relative page path -> ids present on the rendered page (None when
            the page exists but was not rendered).
    """
    problems = []
    for q in questions:
        page, anchor = q.learn_more_page, q.learn_more_anchor
        line = q.learn_more_line or q.line
        if page not in anchors_by_page:
            problems.append(Problem(source, line, f"{q.id}: learn_more page '{page}' does not exist",
                                    "use a page path relative to docs/, e.g. domains/monitoring.md#obj-6-1"))
        elif anchors_by_page[page] is not None and anchor not in anchors_by_page[page]:
            close = difflib.get_close_matches(anchor, sorted(anchors_by_page[page]), n=1)
            hint = f"did you mean '#{close[0]}'? " if close else ""
            problems.append(Problem(source, line, f"{q.id}: learn_more anchor '#{anchor}' is not on '{page}'",
                                    f"{hint}link to the id of a heading on that page, e.g. #obj-1-2"))
    return problems
