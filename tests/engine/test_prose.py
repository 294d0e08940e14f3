"""The NER gate: which lines of realistic pastes are read by the model."""

from __future__ import annotations

import itertools

import pytest

from dlpguard.engine.prose import CODE, COMMENT, PROSE, is_prose_line, line_kind, prose_segments


def prose_lines(text: str) -> list[str]:
    """The non-blank lines inside the segments NER would read."""
    segments, _ = prose_segments(text)
    out = []
    for seg in segments:
        out.extend(line for line in text[seg.start : seg.end].splitlines() if line.strip())
    return out


EMAIL = """\
From: Maria Keller <maria.keller@globex.de>
To: support@acme.io
Subject: Invoice export fails

Hi Priya,

thanks for the quick call yesterday. Our accountant Thomas Becker reported that the export
fails since Monday. He can be reached on 030 12345678.

Best regards,
Maria Keller
Head of Finance | Globex GmbH | Friedrichstraße 12 | 10117 Berlin
"""

TICKET = """\
Ticket #4821 - Login broken
Reporter: Lukas Becker
2025-12-22 09:12  Wei Ivanova: Customer Ana Souza cannot log in since Tuesday.
2025-12-22 09:40  Wei Ivanova: Reproduced on staging.
Steps:
1. Open the login page
2. Enter the one-time code sent to Ana's phone

Thanks, Maria
"""

HR_NOTE = """\
Exit interview notes – Javier Achebe
Interviewer: Santiago Abdullah

- Leaving for a role closer to family in Leeds.
- Would recommend the team to friends; praised Mehmet's mentoring.
"""

MEETING = """\
Attendees: Maria Keller, John Smith, Priya Raman
- John will send the revised budget to Carlos Ruiz by Friday.
10:30 - 11:00 budget review with Sabine Wagner
> Priya: can we move the migration to Frankfurt?
"""

CODE_PY = """\
import os
from billing.models import Customer


class PersonService:
    def get_user_name(self, user_id: int) -> str:
        # ask Johnson about the retry policy
        user = self.repo.find(user_id)
        if user is None:
            raise KeyError(f"no user {user_id}")
        return user.name
"""

TRACE = """\
Traceback (most recent call last):
  File "/srv/app/handlers.py", line 42, in handle
    return self.process(request)
ValueError: invalid literal for int() with base 10: 'Smith'
java.lang.NullPointerException: Cannot invoke "String.length()" because "name" is null
\tat com.acme.billing.JohnsonFilter.doFilter(JohnsonFilter.java:57)
\tat com.acme.billing.Smith_Parser.parse(Smith_Parser.java:12)
Caused by: java.io.IOException: closed
    at Object.<anonymous> (/app/index.js:10:5)
"""

LOGS = """\
2024-03-15 10:23:45,123 INFO [worker-1] request id=12345678 from 10.0.3.17 took 12ms
2024-03-15T10:23:46Z ERROR Failed to send invoice to Maria Keller
Mar 15 10:23:45 web01 sshd[812]: Accepted publickey for deploy from 10.0.0.5 port 22
10:23:47 WARN retrying in 5s
web-1  | Starting server on port 8080
"""

DATA = """\
id,name,email,city
1,Ana Souza,ana@globex.com,Berlin
{"id": 4821, "name": "Ana Souza", "email": "ana@globex.com"}
  "name": "Ana Souza",
apiVersion: apps/v1
  - name: api
name: Ana Souza
DB_HOST=10.0.4.12
export API_KEY=abc123
| Ana Souza | Sales | Berlin |
0   Sunita Eze   se@live.co.uk   Helsinki   2795.30
SELECT name FROM users WHERE id = 4;
$ kubectl get pods -n billing
"""


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            EMAIL,
            [
                "From: Maria Keller <maria.keller@globex.de>",
                "Subject: Invoice export fails",
                "Hi Priya,",
                "thanks for the quick call yesterday. Our accountant Thomas Becker reported that the export",
                "fails since Monday. He can be reached on 030 12345678.",
                "Best regards,",
                "Maria Keller",
                "Head of Finance | Globex GmbH | Friedrichstraße 12 | 10117 Berlin",
            ],
        ),
        (
            TICKET,
            [
                "Ticket #4821 - Login broken",
                "Reporter: Lukas Becker",
                "2025-12-22 09:12  Wei Ivanova: Customer Ana Souza cannot log in since Tuesday.",
                "2025-12-22 09:40  Wei Ivanova: Reproduced on staging.",
                "1. Open the login page",
                "2. Enter the one-time code sent to Ana's phone",
                "Thanks, Maria",
            ],
        ),
        (
            HR_NOTE,
            [
                "Exit interview notes – Javier Achebe",
                "Interviewer: Santiago Abdullah",
                "- Leaving for a role closer to family in Leeds.",
                "- Would recommend the team to friends; praised Mehmet's mentoring.",
            ],
        ),
        (MEETING, MEETING.splitlines()),
    ],
)
def test_prose_in_emails_tickets_hr_and_meeting_notes_is_kept_with_its_short_lines(text, expected):
    assert prose_lines(text) == expected


@pytest.mark.parametrize("text", [CODE_PY, TRACE, LOGS, DATA])
def test_code_traces_logs_and_structured_data_are_skipped(text):
    assert prose_lines(text) == []


@pytest.mark.parametrize(
    "line, kind",
    [
        ("Thanks, Maria", PROSE),
        ("Best regards,", PROSE),
        ("John Smith", PROSE),
        ("If the export fails, call Maria.", PROSE),
        ("let me know if Maria agrees", PROSE),  # English words that are also keywords
        ("return the laptop to Maria by Friday", PROSE),
        ("export fails since the update on Monday. Could you ask Jean?", PROSE),
        ("Please run `make build` and tell Maria.", PROSE),
        ("// TODO ask Maria about the retry logic here", COMMENT),
        ('"""Looks up people by id; Maria wrote the cache layer."""', COMMENT),
        ("   * Returns the user's display name.", COMMENT),
        ("PersonService", CODE),
        ("getUserName", CODE),
        ("return user", CODE),
        ("import os", CODE),
        ("class Foo(Base):", CODE),
        ("public static void main(String[] args) {", CODE),
        ("use std::io;", CODE),
        ("ERROR Failed to send invoice to Maria Keller", CODE),
        ("Start date: 2024-01-11    Manager: Inés Ortega", PROSE),
    ],
)
def test_line_kinds(line, kind):
    assert line_kind(line) == kind


def test_a_comment_counts_as_prose_only_next_to_prose():
    in_code = "x = 1\n# ask Johnson about the retries in the new client\ny = 2\n"
    in_notes = "# Notes from the call with Maria\nMaria will send the contract on Monday.\n"
    assert prose_lines(in_code) == []
    assert prose_lines(in_notes) == in_notes.splitlines()


def test_blank_lines_and_signature_delimiters_keep_a_letter_in_one_segment():
    text = "Hi Priya,\n\nthe report is attached and ready.\n\nKind regards,\n-- \nJean Dupont\n"
    segments, skipped = prose_segments(text)
    assert [(s.start, s.end) for s in segments] == [(0, len(text))]
    assert skipped == 0


def test_in_a_mixed_paste_segments_never_overlap_and_hold_no_code_or_log_line():
    text = EMAIL + CODE_PY + TICKET + LOGS + MEETING
    segments, _ = prose_segments(text)
    assert all(a.end <= b.start for a, b in itertools.pairwise(segments))
    read = "".join(text[s.start : s.end] for s in segments)
    assert not any(line in read for line in (CODE_PY + LOGS).splitlines() if line.strip())
    assert prose_lines(text) == prose_lines(EMAIL) + prose_lines(TICKET) + prose_lines(MEETING)


def test_the_budget_cuts_at_a_line_end_and_reports_what_it_skipped():
    line = "Maria Keller called about the invoice again today.\n"
    text = line * 10
    segments, skipped = prose_segments(text, limit=len(line) * 3 + 10)
    assert [(s.start, s.end) for s in segments] == [(0, len(line) * 3)]
    assert skipped == len(line) * 7


def test_a_single_long_paragraph_is_cut_at_a_word_not_dropped():
    text = "Maria Keller called about the invoice again. " * 100
    segments, skipped = prose_segments(text, limit=200)
    assert len(segments) == 1 and 150 < segments[0].end <= 200 and text[segments[0].end - 1] == " "
    assert skipped == len(text) - segments[0].end


def test_is_prose_line_agrees_with_line_kind():
    assert is_prose_line("Thanks, Maria") and is_prose_line("// ask Maria about the retries today")
    assert not is_prose_line("x = getUserName()")
