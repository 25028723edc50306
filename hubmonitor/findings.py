"""The catalogue of data findings: stable codes, severity and message templates.

A code never changes meaning once used. ``quarantine`` rows are left out of every figure;
``warning`` rows are used as they are. Templates take ``{value}`` (the offending value).

A finding carries its value only where the value cannot be a company's data: a value from a
company-data column, of a code whose value is an id, or that looks like company data (six digits or
more with at most one separator between two of them, as in a CVR number ``83-50-51-76`` or a company
id, dates and decimal numbers aside; a company form such as ApS; an e-mail address; more than
``MAX_SHOWN`` characters; a control character) is replaced by its mask
(``########``) everywhere: pages, workbook, results JSON and terminal. So is a value that is one of
the data's own companies (``CompanyValues``, compared by ``company_key``). Only ``check-data --csv``
has the value. A file name is masked by the same look (``shown_file_name``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

from hubmonitor.days import MONTH_WORDS, TIME_OF_DAY
from hubmonitor.report import Finding, Severity
from hubmonitor.schema import COMPANY_DATA

EARLY_END_DAYS = 31  # a finished year whose latest activity is more days than this before its end: data-ends-early
SAMPLE_PER_CODE = 50  # findings listed per code (each code is counted in full)

CODES: Final[dict[str, tuple[Severity, str, str]]] = {
    "swapped-date-format": ("warning", "datoerne ser ud til at have dag og måned byttet om i forhold til profilens "
                            "datoformat ({value}): de fleste datoer, som profilens format ikke kan læse, kan læses den "
                            "anden vej. Er det sådan, er hver dato med dag og måned begge højst 12 læst forkert (5. "
                            "marts som 3. maj), og de andre er i karantæne. Er alle eksportens filer skrevet sådan, så "
                            "ret date_formats i profilen; ellers eksportér denne fil igen i profilens format",
                            "the dates appear to have day and month the other way round from the profile's date "
                            "format ({value}): most dates that the profile's format cannot read can be read the other "
                            "way. If so, every date whose day and month are both 12 or less was read wrongly (5 March "
                            "as 3 May), and the others are quarantined. If all the export's files are written so, "
                            "correct date_formats in the profile; otherwise export this file again in the profile's "
                            "format"),
    "bad-date": ("quarantine", "ugyldig dato {value!r} (ikke i datoformatet; kanonisk ÅÅÅÅ-MM-DD)",
                 "invalid date {value!r} (not in the date format; canonical YYYY-MM-DD)"),
    "missing-date": ("quarantine", "dato mangler", "date is missing"),
    "missing-company-id": ("quarantine", "virksomheds-id mangler", "company id is missing"),
    "unknown-municipality": ("quarantine", "ukendt kommune {value!r}", "unknown municipality {value!r}"),
    "missing-municipality": ("quarantine", "kommune mangler", "municipality is missing"),
    "unknown-segment": ("quarantine", "ukendt segment {value!r}", "unknown segment {value!r}"),
    "unknown-activity-type": ("quarantine", "ukendt aktivitetstype {value!r}",
                              "unknown activity type {value!r}"),
    "missing-activity-type": ("quarantine", "aktivitetstype mangler", "activity type is missing"),
    "bad-boolean": ("quarantine", "ugyldig ja/nej-værdi {value!r}", "invalid yes/no value {value!r}"),
    "unknown-answer": ("quarantine", "ukendt svar {value!r}", "unknown answer {value!r}"),
    "bad-nps": ("quarantine", "anbefalingsscore skal være et heltal 0-10, ikke {value!r}",
                "recommendation score must be a whole number 0-10, not {value!r}"),
    "bad-number": ("warning", "{value!r} er ikke et tal i det tilladte interval; cellen tælles som tom",
                   "{value!r} is not a number in the allowed range; the cell counts as empty"),
    "bad-datetime": ("warning", "ugyldig dato eller tidspunkt {value!r} (forventet fx 2024-12-31 eller "
                     "2024-12-31 14:05); cellen tælles som tom",
                     "invalid date or date and time {value!r} (expected e.g. 2024-12-31 or 2024-12-31 14:05); the cell "
                     "counts as empty"),
    "unknown-value": ("warning", "ukendt værdi {value!r}; cellen tælles som tom",
                      "unknown value {value!r}; the cell counts as empty"),
    "duplicate-row": ("warning", "præcis dublet af en tidligere række; tælles én gang",
                      "exact duplicate of an earlier row; counted once"),
    "duplicate-id": ("warning", "id {value!r} står også på en anden række med andet indhold",
                     "id {value!r} also appears on another row with different content"),
    "overlapping-export": ("warning", "mindst halvdelen af filens rækker er præcise kopier af rækker i {value}: "
                           "to eksporter af de samme data i mappen? Kopierne tælles én gang, men en række rettet "
                           "mellem de to (samme id, andet indhold) tælles begge gange; læg kun den nyeste eksport i "
                           "mappen",
                           "at least half of the file's rows are exact copies of rows in {value}: two exports of the "
                           "same data in the folder? The copies count once, but a row corrected between the two (the "
                           "same id, other content) counts twice; keep only the newest export in the folder"),
    "missing-segment": ("warning", "segment mangler", "segment is missing"),
    "bad-cvr-checksum": ("warning", "CVR-nummer {value!r} består ikke modulus 11-kontrollen",
                         "CVR number {value!r} fails the modulus 11 check"),
    "bad-cvr-format": ("warning", "CVR-nummer {value!r} er ikke 8 cifre",
                       "CVR number {value!r} is not 8 digits"),
    "outside-hub": ("warning", "{value} ligger uden for erhvervshusets kommuner; tæller i "
                    "totalerne, ikke i kommunefordelingen",
                    "{value} is outside the hub's municipalities; counted in totals, not in the "
                    "municipal breakdown"),
    "ragged-row": ("quarantine", "rækken har flere felter end overskriften ({value}); rækken bruges ikke",
                   "the row has more fields than the header ({value}); the row is not used"),
    "totals-row": ("quarantine", "rækken ligner en sumrække ({value!r} og ingen dato); den bruges ikke",
                   "the row looks like a totals row ({value!r} and no date); it is not used"),
    "nul-byte": ("quarantine", "rækken har et NUL-tegn (byte 0) i kolonnen {value!r}; filen kan være beskadiget; "
                 "rækken bruges ikke", "the row holds a NUL character (byte 0) in column {value!r}; the file may be "
                 "damaged; the row is not used"),
    "unknown-topic": ("warning", "ukendt emne {value!r}: læses som det står og tæller ikke i mål for et bestemt "
                      "emne; giv stavemåden under values: i profilen", "unknown topic {value!r}: read as it "
                      "stands, it counts in no target on a given topic; map the spelling under values: in the profile"),
    "excel-error": ("quarantine", "Excel-fejlværdi i cellen ({value}); rækken bruges ikke",
                    "Excel error value in the cell ({value}); the row is not used"),
    "mixed-encoding": ("warning", "linjen er gemt som Windows-1252, resten af filen som UTF-8; læst som "
                       "Windows-1252", "the line is saved as Windows-1252, the rest of the file as UTF-8; "
                       "read as Windows-1252"),
    "unread-sheet": ("warning", "arket {value!r} er ikke læst: profilen nævner ingen ark, så kun ét ark læses (det "
                     "synlige ark med kildens kolonner, ellers det første synlige ark)", "sheet {value!r} was not "
                     "read: the profile names no sheets, so one sheet is read (the visible sheet holding the source's "
                     "columns, else the first visible sheet)"),
    "unlisted-sheet": ("warning", "arket {value!r} er ikke læst: profilen nævner det ikke under sheets:; hører dets "
                       "rækker til dataene, så tilføj det dér", "sheet {value!r} was not read: the profile does not "
                       "name it under sheets:; if its rows belong to the data, add it there"),
    "alternative-sheet": ("warning", "arket {value!r} er ikke læst: profilen nævner det under sheets: som et andet "
                          "navn for et ark, der blev læst; skal begge læses, så giv dem hver sin linje under sheets:",
                          "sheet {value!r} was not read: the profile names it under sheets: as another name of a "
                          "sheet that was read; if both are to be read, give each its own line under sheets:"),
    "namesake-column": ("warning", "kolonnen {value!r} læses ikke: en kolonne med samme navn (store/små bogstaver og "
                        "mellemrum tæller ikke) er skrevet som i profilen og læses, og de to holder ikke de samme "
                        "værdier; er den læste den rigtige?", "column {value!r} is not read: a column by the same name "
                        "(case and spaces aside) is written as in the profile and is read, and the two do not hold the "
                        "same values; is the one read the right one?"),
    "skipped-rows": ("info", "rækkerne med {value!r} er udeladt efter profilens skip_rows: de er ikke data og tælles "
                     "ikke som læst", "the rows with {value!r} are left out by the profile's skip_rows: they are not "
                     "data and are not counted as read"),
    "merged-cells": ("warning", "arket har flettede celler i dataområdet ({value}): kun den øverste celle af en "
                     "fletning har værdien, og rækkerne under den læses som tomme (fx uden virksomheds-id); ophæv "
                     "fletningen i Excel og udfyld cellerne", "the sheet has merged cells in its data area ({value}): "
                     "only the top cell of a merge holds the value, and the rows under it are read as empty (e.g. "
                     "without a company id); unmerge the cells in Excel and fill them in"),
    "unmapped-column": ("info", "kolonnen {value!r} svarer ikke til nogen kanonisk kolonne efter profilen og "
                        "læses ikke", "column {value!r} maps to no canonical column under the profile and is not read"),
    "unknown-milestone-municipality": ("warning", "ukendt kommune {value!r} i milepæl",
                                       "unknown municipality {value!r} in milestone"),
    "milestone-without-municipality": ("warning", "punktet i milepælen nævner ingen kommune og tæller ikke med i "
                                       "antallet af kommuner", "the milestone's item names no municipality and does "
                                       "not count in the number of municipalities"),
    "milestone-outside-hub": ("warning", "{value} i milepælen ligger uden for erhvervshusets kommuner og tæller ikke "
                              "med", "{value} in the milestone is outside the hub's municipalities and does not count"),
    "company-id-in-folders": ("warning", "virksomheds-id {value!r} findes i flere datamapper med forskellige "
                              "CVR-numre, men tælles som én virksomhed; har mapperne hver deres id'er?",
                              "company id {value!r} is in several data folders with different CVR numbers, yet "
                              "counted as one company; do the folders have ids of their own?"),
    "data-ends-early": ("warning", "årets seneste aktivitet er fra {value}, mere end "
                        f"{EARLY_END_DAYS} dage før kontraktåret slutter; mangler der data? Målene er opgjort for hele "
                        "året", "the year's latest activity is dated {value}, more than "
                        f"{EARLY_END_DAYS} days before the contract year ends; is data missing? The targets are "
                        "evaluated for the whole year"),
    # a year a target compares with (the year before of the share of new companies): its activities end
    # early or begin late, so that the comparison finds too few companies of it (a review)
    "compared-year-ends-early": ("warning", "et tidligere år, som målene sammenligner med, har sin seneste aktivitet "
                                 f"fra {{value}}, mere end {EARLY_END_DAYS} dage før det år slutter; mangler der data? "
                                 "Så kan sammenligningen give et skævt tal (fx for mange nye virksomheder)",
                                 "an earlier year the targets compare with has its latest activity dated {value}, more "
                                 f"than {EARLY_END_DAYS} days before that year ends; is data missing? The comparison "
                                 "may then give a skewed figure (e.g. too many new companies)"),
    "compared-year-starts-late": ("warning", "et tidligere år, som målene sammenligner med, har sin første aktivitet "
                                  f"fra {{value}}, mere end {EARLY_END_DAYS} dage efter det år begynder; mangler der "
                                  "data? Så kan sammenligningen give et skævt tal (fx for mange nye virksomheder)",
                                  "an earlier year the targets compare with has its first activity dated {value}, "
                                  f"more than {EARLY_END_DAYS} days after that year begins; is data missing? The "
                                  "comparison may then give a skewed figure (e.g. too many new companies)"),
    "dated-after-today": ("warning", "dateret {value}, efter dagen i dag: data regnes kun at gå til og med i dag, så "
                          "rækker dateret senere tælles ikke med (planlagte aktiviteter eller en tastefejl?)",
                          "dated {value}, after today: the data are taken to run to today only, so rows dated "
                          "later are not counted (planned activities, or a typing error?)"),
    "planned-at-export": ("warning", "dateret {value}, efter eksportens seneste registrering, og registreret før "
                          "den dato: var aktiviteten planlagt, da data blev taget ud? Den tælles med; er den ikke "
                          "holdt, så ret eller fjern rækken",
                          "dated {value}, after the export's latest registration, and registered before that date: "
                          "was the activity planned when the data were exported? It is counted; if it did not take "
                          "place, correct or remove the row"),
    "after-data-date": ("warning", "besvarelsen er dateret {value}, efter aktiviteternes seneste dato, som året "
                        "opgøres til: den tælles ikke med; skriv data_date: i hubmonitor.yaml eller brug --as-of for "
                        "en anden dag",
                        "the answer is dated {value}, after the activities' latest date, which the year is "
                        "evaluated to: it is not counted; write data_date: in hubmonitor.yaml or use --as-of for "
                        "another day"),
    "data-ends-before-as-of": ("warning", "data går kun til og med {value}, før dagen der opgøres til (--as-of): "
                               "værdierne tæller til og med {value}, men tempo og forholdsmæssige mål regnes til "
                               "--as-of-datoen; mangler der data, eller skal --as-of være {value}?",
                               "the data run only to {value}, before the day evaluated to (--as-of): the values "
                               "count up to {value}, but the pace and pro-rated targets are worked out to the "
                               "--as-of date; is data missing, or should --as-of be {value}?"),
}


# --- what a finding shows of its value --------------------------------------------------------

# codes whose ``column`` is the export's own heading as written (a column of no field, a heading read twice, the
# heading skip_rows reads), not a canonical column: shown as it is, never through an input's ``headings``
AS_WRITTEN: Final = frozenset({"unmapped-column", "namesake-column", "skipped-rows"})
COMPANY_CODES: Final = frozenset({"bad-cvr-checksum", "bad-cvr-format", "duplicate-id", "duplicate-row"})
MAX_SHOWN = 30  # characters: a longer value is masked (a vocabulary value or its misspelling is shorter)
MASK_LENGTH = 20  # characters of a mask at most (the last one "…" where the value was longer)
HIDDEN = {"da": "værdien vises ikke: kan være virksomhedsdata", "en": "value not shown: may be company data"}
# six digits or more, at most one separator (white space, a dash, a dot or a slash) between two of
# them: a CVR number (86046431, 8604 6431, 83-50-51-76, 8350-5176, 83.50.51.76, DK-86046431), a
# P-number, a phone number, the number of a company id (ACC-108996). Read after NFKC (a no-break
# space is a space then).
_DIGIT_RUN = re.compile(r"\d(?:[\s./\-\u2010-\u2015\u2212]?\d){5,}")
# ... not counting a date or a date and time (2024-13-45, 31.02.2024, 2024/03/01, 1/3/2024,
# 2024-12-31 14:05; also inside a text: "eksport 2024-03-01") that no other digit touches: a date is
# not company data, and a bad date must be seen. The year is 19xx or 20xx (or the placeholders 0000
# and 9999), so that a CVR number written 4-2-2 is not taken for a date. Nor a month of a year
# (2026-01, 01.2026: a monthly export's name), a span of years (2023-2024, 2023/2024) or a date with a
# two-digit year whose day and month are a calendar's (03.02.26, 1/3-26): a review found a director's
# own file name "nordcrm_2026-01.csv" and a bad date "03.02.26" masked as company data.
# A month written as a word, its name or first letters (``days.MONTH_WORDS``), no letter touching it (a
# digit may: 02AUG2023), a dot after it taken with it: "1. jan. 2024", "Oct 3, 2024".
_MONTH_WORDS = {word: month for month, words in enumerate(MONTH_WORDS, start=1) for word in words}
_MONTH_ALTERNATIVES = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
_MONTH_IN = rf"(?<![^\W\d_])(?:{_MONTH_ALTERNATIVES})(?![^\W\d_])"  # inside a pattern: no group
_MONTH_WORD = re.compile(rf"({_MONTH_IN})\.?", re.IGNORECASE)  # group 1: the word
_YEAR = r"(?:19\d\d|20\d\d|0000|9999)"
_MONTH, _DAY = r"(?:0?[1-9]|1[0-2])", r"(?:0?[1-9]|[12]\d|3[01])"
_DATE = re.compile(rf"(?:{_YEAR}([-./])\d{{1,2}}\1\d{{1,2}}|\d{{1,2}}([-./])\d{{1,2}}\2{_YEAR}"
                   rf"|{_YEAR}[-./_]{_MONTH}|{_MONTH}[-./_]{_YEAR}|{_YEAR}[-/]{_YEAR}"
                   rf"|{_DAY}[-./]{_DAY}[-./]\d\d"
                   # the month as a word (a profile's MMM): 1. jan. 2024, 02-AUG-23, Oct 3, 2024, 2024-Jan-01
                   rf"|\d{{1,2}}\.?[\s./-]*{_MONTH_IN}\.?[\s./,-]*(?:{_YEAR}|\d\d)"
                   rf"|{_MONTH_IN}\.?[\s./-]*\d{{1,2}}(?:st|nd|rd|th)?,?[\s./-]*{_YEAR}"
                   rf"|{_YEAR}[\s./-]*{_MONTH_IN}\.?[\s./-]*\d{{1,2}})"
                   r"(?:(?:[ T]|\s+kl\.?\s*)\d{1,2}[:.]\d\d(?:[:.]\d\d(?:[.,]\d{1,6})?)?)?", re.IGNORECASE)
_DATE_IN = re.compile(rf"(?<!\d)(?<!\d[\s./\-]){_DATE.pattern}(?!\d)(?![\s./\-]\d)", re.IGNORECASE)
# ... or a value that is, as a whole, a decimal number: at most five digits before the point and
# three after (1234.56, 7,5), or below 100 with any decimals (3.14159, 0,6666667)
_DECIMAL = re.compile(r"[-+]?(?:\d{1,5}[.,]\d{1,3}|\d{1,2}[.,]\d+)")
_EMAIL = re.compile(r"[^\s@]@[^\s@]")  # name@domain: a person's or a company's address
# a Danish (or common foreign) company form as a word of its own: "Hemmelig ApS", "Lego A/S"
# The company forms (ApS, A/S, Holding …), as a regular expression's alternation in lower case.
COMPANY_FORMS = (r"aps|a/s|i/s|ivs|p/s|k/s|a\.?m\.?b\.?a|s\.?m\.?b\.?a|f\.?m\.?b\.?a|holding|"
                 r"gmbh|ltd|inc|llc")
_COMPANY_FORM = re.compile(rf"(?<!\w)(?:{COMPANY_FORMS})(?!\w)", re.IGNORECASE)


def looks_private(value: str) -> bool:
    """The value may be a company's data (or a person's): six digits or more in a run (``_DIGIT_RUN``:
    not a date, not a decimal number), a company form, an e-mail address (``a@b``), more than
    ``MAX_SHOWN`` characters, or a control or invisible character. Read as a spreadsheet would show it
    (NFKC: full-width and superscript digits are digits)."""
    text = unicodedata.normalize("NFKC", value)
    return len(text.strip()) > MAX_SHOWN or private_look(text)


def private_look(text: str) -> bool:
    """``text`` (NFKC) holds a CVR-like digit run, a company form, an e-mail address or a control or
    invisible character."""
    return _company_marks(text) or _digit_run(text)


def _company_marks(text: str) -> bool:
    """``text`` (NFKC) holds a company form, an e-mail address or a control or invisible character."""
    return (_EMAIL.search(text) is not None or _COMPANY_FORM.search(text) is not None
            or any(unicodedata.category(c)[0] == "C" or c in "\u2028\u2029" for c in text))


def _digit_run(text: str) -> bool:
    """Six digits or more in a run (see ``_DIGIT_RUN``) outside the dates, in a value that is not a
    decimal number as a whole."""
    return _DECIMAL.fullmatch(text.strip()) is None and _DIGIT_RUN.search(_DATE_IN.sub(" ", text)) is not None


def mask(value: str, limit: int = MASK_LENGTH) -> str:
    """The value's shape without its content: each digit ``#``, each letter ``X``, white space one
    space, invisible characters dropped, other characters kept; at most ``limit`` characters.
    ``mask(mask(v)) == mask(v)``."""
    shape = []
    for c in unicodedata.normalize("NFKC", value):
        if c.isdigit():
            shape.append("#")
        elif c.isalpha():
            shape.append("X")
        elif c.isspace():
            shape.append(" ")
        elif unicodedata.category(c)[0] != "C":
            shape.append(c)
    text = re.sub(" {2,}", " ", "".join(shape)).strip()
    return text if len(text) <= limit else text[:limit - 1] + "…"


FILE_MASK_LENGTH = 60  # characters of a file name's mask at most (a name is longer than a cell's value)
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}")


def shown_file_name(name: str, known: CompanyValues | None = None) -> str:
    """A file or folder name of the data folder as a report may show it: each part of the path that
    looks like company data (a CVR-like digit run, a company form, an e-mail address, a control
    character; a long name is not suspect by its length) is masked, its extension kept:
    ``Tilbud Hemmelig ApS 86046431.pdf`` → ``XXXXXX XXXXXXXX XXX ########.pdf``. With ``known`` (the
    data's companies) also a part holding one of their names or ids as words of its own
    (``crm_activities_Nordisk Fjer.csv``, ``Q9.txt``; a review: ``place_words``)."""
    parts = name.split("/")
    return "/".join(_shown_part(part, known) for part in parts)


def _shown_part(part: str, known: CompanyValues | None) -> str:
    stem = _stem(part)
    extension = part[len(stem):]
    if not private_look(unicodedata.normalize("NFKC", stem)) and not (known is not None and known.named_in(stem)):
        return part
    return mask(stem, FILE_MASK_LENGTH) + extension


_WORD = re.compile(r"[^\W_]+")


def place_words(name: str) -> list[str]:
    """The runs of whole words of a file's name, a sheet's or a heading (``crm_activities_Nordisk
    Fjer`` → ``crm``, ``crm activities``, …, ``nordisk fjer``, ``fjer``), each as ``company_key`` has
    it, those holding a letter: what is compared with the data's company names and ids (a name typed
    into a file name, a sheet or a heading is a company's data there too; a year or a month alone is
    never one). At most ``PLACE_WORDS`` words long."""
    words = _WORD.findall(unicodedata.normalize("NFKC", name).casefold())
    runs = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(len(words), i + PLACE_WORDS) + 1)
            if not set(words[i:j]) <= PLACE_COMMON}
    return sorted(key for run in runs if any(c.isalpha() for c in run) and (key := company_key(run)))


# Words an export's file names are made of (the canonical names, crm_activities_2024.csv, evaluations.csv):
# a run of them alone is never taken for a company (a review: a company "CRM ApS" masked every file)
PLACE_COMMON = frozenset({"crm", "activities", "activity", "evaluations", "evaluation", "data", "export", "eksport",
                          "aktiviteter", "evalueringer", "besvarelser", "csv", "xlsx"})


PLACE_WORDS = 6  # words of a name compared as one run, at most (company names are a few words)


def key_words(key: str) -> str:
    """A ``company_key`` as the words of a place are compared (``place_words``): its runs of letters and
    digits, one space apart ("hansen & søn" → "hansen søn", "acc-1234" → "acc 1234")."""
    return " ".join(_WORD.findall(key))


def place_keys(name: str, file: bool = False) -> list[str]:
    """``place_words`` of a sheet's name or a heading, or (``file``) of each part of a file's path
    without its extension: the keys a report's places are compared with the data's companies by."""
    if not file:
        return place_words(name)
    return [key for part in name.split("/") for key in place_words(_stem(part))]


def _stem(part: str) -> str:
    stem, dot, extension = part.rpartition(".")
    return stem if dot and stem and _EXTENSION.fullmatch(dot + extension) is not None else part


# a CVR number in a name: eight digits whole, or in pairs apart ("86 04 64 31"), after "DK" or not (a
# month or a span of years, "2024-03", "2023-2024", "2023/2024", is not one)
_CVR_IN_NAME = re.compile(r"(?<![0-9])(?:[0-9]{8}|[0-9]{2}(?: [0-9]{2}){3})(?![0-9])")


def shown_name(name: str | None, known: CompanyValues | None = None) -> str | None:
    """A sheet's name or a column's heading as a finding shows it: masked where it bears a company's
    marks (a company form, a CVR number, an e-mail address, a control character; a review found a
    heading "Hemmelig Kunde ApS" and a sheet "Novo Nordisk A-S 24256790" shown in the terminal, the
    results, the report and the workbook, while the finding's message masked them), or, with ``known``,
    holds one of the data's company names or ids (a sheet "Nordisk Fjer"). A month or a span of years
    ("2024-03", "Periode 2024-2025") is not masked: a sheet is often named so."""
    if name is None:
        return None
    text = unicodedata.normalize("NFKC", name)
    private = (_company_marks(text) or _CVR_IN_NAME.search(text) is not None
               or (known is not None and known.named_in(name)))
    return mask(name, FILE_MASK_LENGTH) if private else name


def is_hidden(code: str, column: str | None, value: str | None) -> bool:
    """The finding's value is not shown (see the module's docstring)."""
    return value is not None and (column in COMPANY_DATA or code in COMPANY_CODES or looks_private(value))


def hidden_message(code: str, value: str, lang: str, said: str | None = None) -> str:
    """The message of a finding whose value is not shown: its template with the mask, and why (where
    the template shows the value at all). ``said``: the finding's Danish message as made, which tells
    the template a masked value no longer can (a day not in the calendar, ``impossible_day``)."""
    template = _template(code, value, said) if code in CODES else None
    text = (template[2] if lang == "en" else template[1]) if template else None
    if text is not None and "{value" not in text:
        return text
    base = text.format(value=mask(value)) if text is not None else code
    return f"{base} ({HIDDEN['en' if lang == 'en' else 'da']})"


def finding(code: str, file: str, row: int | None = None, column: str | None = None,
            value: str | None = None, sheet: str | None = None, sensitive: bool = False,
            detail: tuple[str | None, str | None] = (None, None), month_words: bool = False) -> Finding:
    """A finding; ``sensitive``: the value is a company's own data (a column a data: block marks
    company data). A value that is, or may be, company data is masked and the finding marked
    sensitive. ``detail``: where else to look (Danish, English; ``Finding.detail``). ``month_words``: the
    profile reads months written as words (its date formats have MMM): no hint to write MMM."""
    severity, da, en = _template(code, value)
    hidden = value is not None and (sensitive or is_hidden(code, column, value))
    sheet, column = shown_name(sheet), shown_name(column)
    if hidden:
        assert value is not None
        return Finding(code=code, severity=severity, file=file, sheet=sheet, row=row, column=column,
                       value=mask(value), message=hidden_message(code, value, "da"),
                       message_en=hidden_message(code, value, "en"), sensitive=True,
                       detail=detail[0], detail_en=detail[1])
    shown = (value, value) if value is not None else (_Unread("[se cellen]"), _Unread("[see the cell]"))
    hint = (None if (severity, da, en) == _NO_SUCH_DAY  # the calendar's, not the format's to blame
            else next((h for h in HINTS.get(code, ()) if value is not None and h[0].fullmatch(value)
                       and not (month_words and h is _MONTH_WORD_HINT)), None))
    more = hint[1:] if hint is not None else ("", "")
    return Finding(code=code, severity=severity, file=file, sheet=sheet, row=row, column=column, value=value,
                   message=da.format(value=shown[0]) + more[0], message_en=en.format(value=shown[1]) + more[1],
                   sensitive=sensitive, detail=detail[0], detail_en=detail[1])


# a month written as a word beside two numbers, a day and a year (a review: "1. jan. 2024" could not be read by
# any format); not said where the profile reads month words already (``finding``'s ``month_words``)
_MONTH_WORD_HINT: Final = (
    re.compile(r"(?=(?:.*?(?<!\d)\d+(?!\d)){2}).*?" + _MONTH_WORD.pattern + ".*", re.IGNORECASE | re.DOTALL),
    " (måneden skrevet som ord? skriv MMM i profilens date_formats dér, hvor måneden står: DD. MMM YYYY for "
    "1. jan. 2024, MMM DD, YYYY for Oct 3, 2024)",
    " (the month written as a word? write MMM in the profile's date_formats where the month stands: DD. MMM "
    "YYYY for 1. jan. 2024, MMM DD, YYYY for Oct 3, 2024)")


# A word of how to read a value of a common shape, after a finding's message: a number with a decimal
# comma ('5,5', as Danish Excel saves it) where the profile reads a point (a review found 69 such
# cells counted as empty, with no word of the profile's ``decimal: ','``).
HINTS: Final[dict[str, tuple[tuple[re.Pattern[str], str, str], ...]]] = {
    "bad-date": (
        # a date cell's serial day number (45352 is 2024-03-01) where the profile does not read them
        (re.compile(r"\s*\d{5}(?:[.,]0+)?\s*"),
         " (Excels dagnummer for en dato? det læses, når date_formats i profilen nævner EXCEL og datoen ligger i "
         "1900–2099)",
         " (Excel's day number of a date? it is read when date_formats in the profile names EXCEL and the date lies "
         "in 1900–2099)"),
        _MONTH_WORD_HINT,
    ),
    "bad-number": ((re.compile(r"\s*-?\d+,\d+\s*"),
                    " (komma som decimaltegn? skriv decimal: ',' under kilden i en profil)",
                    " (a decimal comma? write decimal: ',' under the source in a profile)"),),
    # a survey tool's label on the scale's end points (a review: half of SurveyXact's answers quarantined)
    "bad-nps": ((re.compile(r"\s*\d{1,2}\s*[-–:.]\s*\S.*"),
                 " (et tal med en tekst? giv stavemåden under values: nps: i profilen, fx '10 - Meget sandsynligt': "
                 "10)",
                 " (a number with a label? give the spelling under values: nps: in the profile, e.g. '10 - Meget "
                 "sandsynligt': 10)"),),
}


# a date written in a date's shape whose day is not in the calendar (30 February): not the profile's format
# to blame (a review: "ikke i datoformatet" sent a director to correct a profile that was right)
_NO_SUCH_DAY_WORDS = "(dagen findes ikke i kalenderen)"
_NO_SUCH_DAY: Final[tuple[Severity, str, str]] = (
    "quarantine", f"ugyldig dato {{value!r}} {_NO_SUCH_DAY_WORDS}",
    "invalid date {value!r} (no such day in the calendar)")


def _template(code: str, value: str | None, said: str | None = None) -> tuple[Severity, str, str]:
    """The code's (severity, Danish, English) template for ``value``: ``bad-date`` of a day not in the
    calendar has its own words (``impossible_day``; ``said``, the Danish message as made, tells it of a
    value masked since)."""
    if code == "bad-date" and ((value is not None and impossible_day(value))
                               or (said is not None and _NO_SUCH_DAY_WORDS in said)):
        return _NO_SUCH_DAY
    return CODES[code]
_DATE_SHAPE = re.compile(r"\s*(\d{1,4})([-./])(\d{1,2})\2(\d{1,4})(?:[ T].*)?\s*")


def impossible_day(value: str) -> bool:
    """Is ``value`` a date in one of the usual shapes (year first, or day and month first, either way
    round) that no reading makes a day of the calendar, while some reading has a month of 1–12 and a
    day of 1–31: 2025-02-30, 30.02.2025, 31/04/2024, 29-02-2023. A value some reading makes a real day
    (12/25/2024 under DD/MM/YYYY) is a matter of the format, not of the calendar."""
    worded = _month_word_day(value)
    if worded is not None:
        year, month, day = worded
        try:
            date(year, month, day)
        except ValueError:
            return 1 <= day <= 31
        return False
    found = _DATE_SHAPE.fullmatch(value)
    if found is None:
        return False
    first, separator, middle, last = found.groups()
    a, b, c = int(first), int(middle), int(last)
    if len(first) == 4 and len(last) <= 2:
        readings = [(a, b, c)]
    elif len(last) == 4 and len(first) <= 2:
        readings = [(c, b, a), (c, a, b)]
    elif len(first) == 2 and len(last) == 2 and len(middle) <= 2:  # a year of two digits (DD.MM.YY), this
        # century's: at the end, or with dashes also first (YY-MM-DD; dotted dates are written day first)
        readings = [(2000 + c, b, a), (2000 + c, a, b), *([(2000 + a, b, c)] if separator == "-" else [])]
    else:
        return False
    plausible = [(y, m, d) for y, m, d in readings if 1 <= m <= 12 and 1 <= d <= 31 and y >= 1]
    if not plausible:
        return False
    for y, m, d in plausible:
        try:
            date(y, m, d)
        except ValueError:
            continue
        return False
    return True


# a time of day after a date, as the date column reads it ("kl. 14:05", " 10:00", "T10:00:00")
_TIME_AFTER = re.compile(rf"(?<=[0-9])(?:T|,?\s+(?:kl\.?\s*)?){TIME_OF_DAY}\s*$", re.IGNORECASE)


def _month_word_day(value: str) -> tuple[int, int, int] | None:
    """The year, month and day of a date with its month as a word ("31. feb. 2024", "Feb 31, 2024", "31-feb-24"):
    one month word, a year of four digits and a day of one or two (or the day, the word and a year of two
    digits, in that order), nothing else but separators."""
    value = _TIME_AFTER.sub("", value)  # "31. feb. 2024 kl. 14:05": the date's
    words = _MONTH_WORD.findall(value)
    rest = _MONTH_WORD.sub(" ", value)
    numbers = re.findall(r"\d+", rest)
    if len(words) != 1 or len(numbers) != 2 or re.search(r"[^\d\s.,/-]", rest):
        return None
    years, days = [n for n in numbers if len(n) == 4], [n for n in numbers if len(n) <= 2]
    if not years and len(days) == 2 and re.fullmatch(rf"\W*\d{{1,2}}\W*{_MONTH_IN}\.?\W*\d\d\W*", value,
                                                    re.IGNORECASE):
        year = int(days[1])  # "31-feb-24": the day first, the year of two digits as the parse reads %y
        return year + (2000 if year < 69 else 1900), _MONTH_WORDS[words[0].lower()], int(days[0])
    if len(years) != 1 or len(days) != 1:
        return None
    return int(years[0]), _MONTH_WORDS[words[0].lower()], int(days[0])


class _Unread(str):
    """The words for a value the finding does not have (an example taken from the typed rows, where a
    cell that could not be read is empty): shown as they are, not quoted, never as "None"."""

    def __repr__(self) -> str:
        return str(self)


MIN_NAME_KEY = 3  # characters of a company name's key at least, to mask a value equal to it


def company_key(value: str) -> str:
    """How a value is compared with the data's companies (one rule, for the findings' values and for
    the data's ids and names): NFKC, case folded, company-form words (ApS, A/S, Holding …) left out,
    white space collapsed, punctuation at either end stripped. ``Jensens Tømrer ApS``, ``jensens
    tømrer.`` and ``JENSENS  TØMRER`` are all ``jensens tømrer``."""
    text = _COMPANY_FORM.sub(" ", unicodedata.normalize("NFKC", value).casefold())
    return _ENDS.sub("", " ".join(text.split()))


ENDS = r"^[\W_]+|[\W_]+$"  # anything but letters and digits at either end
# A character on which polars' lower case and ``company_key`` (NFKC, case folding) may disagree: a
# value holding one is always compared by ``company_key`` itself (printable ASCII and the Latin-1
# letters but ß are safe). A regular expression for polars.
UNSAFE_CASE = r"[^\x20-\x7e\u00c0-\u00d6\u00d8-\u00de\u00e0-\u00f6\u00f8-\u00fe]"
_ENDS = re.compile(ENDS)


def _never(_key: str) -> bool:
    return False


@dataclass(frozen=True)
class CompanyValues:
    """A data folder's company ids, CVR numbers and names, to hide a finding's value that is one of
    them (typed into another column) or has the exact shape of one of its ids (``ACC-108996``:
    ``aaa-999999``); ids without a digit give no shape (too like a word). Compared by
    ``company_key``. An id counts whatever its length; a name only when its key has ``MIN_NAME_KEY``
    characters or more and is no word of the vocabulary (``common``: a municipality, a segment …): a
    company called ``Aarhus ApS`` does not hide the municipality ``Aarhus``."""

    keys: frozenset[str] = frozenset()
    shapes: frozenset[str] = frozenset()

    @classmethod
    def of(cls, ids: Iterable[str], names: Iterable[str] = (), common: Callable[[str], bool] = _never
           ) -> CompanyValues:
        id_keys = {company_key(i) for i in ids if i and i.strip()}
        name_keys = {k for k in (company_key(n) for n in names if n) if len(k) >= MIN_NAME_KEY and not common(k)}
        return cls(frozenset((id_keys | name_keys) - {""}),
                   frozenset(_shape(k) for k in id_keys if any(c.isdigit() for c in k)))

    def joined(self, other: CompanyValues) -> CompanyValues:
        """Both sets of values (``of`` of two lists of ids and names is ``of`` of the lists joined)."""
        return CompanyValues(self.keys | other.keys, self.shapes | other.shapes)

    def holds(self, value: str) -> bool:
        key = company_key(value)
        return key in self.keys or _shape(key) in self.shapes

    def named_in(self, name: str) -> bool:
        """Does a file's name, a sheet's or a heading hold one of the names or ids as words of its own
        (``place_words``; by key only, not by an id's shape: "2024" is no company for having four digits),
        the key's punctuation set aside as the place's is ("Hansen & Søn", "ACC-1234"; a review)."""
        keys = {key_words(k) for k in self.keys}
        return any(run in keys for run in place_words(name))


def hide_company_places(findings: Iterable[Finding], known: CompanyValues, places: Mapping[str, str] | None = None,
                        columns: frozenset[str] = frozenset()) -> list[Finding]:
    """``findings`` with each file, sheet and column that holds one of ``known`` masked
    (``shown_file_name``, ``shown_name``), and in their details each place of ``places`` (as shown when
    read → as shown now): told apart from the rows they name only once the year's findings are chosen
    (``engine.quality``), so done last. ``columns``: the schema's own column names, never a company's
    (a review: "segment" masked beside a company "Segment ApS")."""
    out = []
    for f in findings:
        column = f.column if f.column in columns else shown_name(f.column, known)
        shown: dict[str, str | None] = {"file": shown_file_name(f.file, known), "sheet": shown_name(f.sheet, known),
                                        "column": column}
        for field in ("detail", "detail_en"):
            text = getattr(f, field)
            for before, after in (places or {}).items():
                text = text.replace(before, after) if text else text
            shown[field] = text
        same = all(getattr(f, key) == value for key, value in shown.items())
        out.append(f if same else f.model_copy(update=shown))
    return out


def shown_place(file: str, sheet: str | None, known: CompanyValues | None = None) -> str:
    """Another row's file (and sheet) as a finding's detail names it: a company's marks masked, and with
    ``known`` its names and ids (``shown_file_name``, ``shown_name``; a sheet "Novo Nordisk A-S 24256790"
    was named in full, a review)."""
    name = shown_file_name(file, known)
    return f"{name} [{shown_name(sheet, known)}]" if sheet else name


def _shape(key: str) -> str:
    return "".join("9" if c.isdigit() else "a" if c.isalpha() else c for c in key)


def hide_company_values(findings: Iterable[Finding], known: CompanyValues) -> list[Finding]:
    """``findings`` with every shown value that is one of ``known`` (or has an id's shape) masked."""
    return [f if f.value is None or f.sensitive or not known.holds(f.value) else
            finding(f.code, f.file, f.row, f.column, f.value, f.sheet, sensitive=True, detail=(f.detail, f.detail_en))
            for f in findings]


# a code's summary where its message has more than one form
_DESCRIBED: Final = {"bad-date": ("ugyldig dato '…' (ikke i datoformatet, eller dagen findes ikke i kalenderen)",
                                  "invalid date '…' (not in the date format, or no such day in the calendar)")}


def describe(code: str, lang: str = "da") -> str | None:
    """The code's message template with the value left out ("…"), or None for an unknown code; a code whose
    message has more than one form is said with each (``bad-date``: not in the format, or no such day: a
    review found "ikke i datoformatet" over seven days that were not in the calendar)."""
    if code in _DESCRIBED:
        return _DESCRIBED[code][lang == "en"]
    template = CODES.get(code)
    return (template[2] if lang == "en" else template[1]).format(value="…") if template else None
