"""``docs/input-formats.md``, generated from the input schema (``hubmonitor.schema``), the findings
catalogue, the target kinds' ``reads()``, the profile model and the canonical profile (fixed texts
and examples: ``input_texts.py``), so that it cannot say what the readers do not do;
``tests/test_input_formats.py`` fails when the committed file drifts. The prose is Danish; ``lang``
picks the language of the schema's and the catalogue's texts. Regenerate with
``python -m hubmonitor.render.input_formats > docs/input-formats.md``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any, get_args

from hubmonitor.contract.targets import TARGET_KINDS
from hubmonitor.extension import ADDABLE, ColumnSpec
from hubmonitor.extension import INVALID_CODE as ADDED_CODES
from hubmonitor.findings import CODES, describe
from hubmonitor.profile.loader import SETTINGS_FILE, builtin_names, builtin_profile
from hubmonitor.profile.model import TEXT_SUFFIXES, WORKBOOK_SUFFIXES, SourceMapping
from hubmonitor.render.input_texts import EXAMPLE_DATA, EXAMPLE_EXTERNAL, EXAMPLE_PROFILE, KINDS, PROFILE_KEYS
from hubmonitor.report import LEVEL
from hubmonitor.schema import SCHEMA, Column, Kind, Source, SourceSchema
from hubmonitor.vocabulary import FALSE_WORDS, TRUE_WORDS

COMMAND = "python -m hubmonitor.render.input_formats > docs/input-formats.md"
SEVERITY = {"quarantine": "karantæne", "warning": "advarsel", "info": "info"}
CONSEQUENCE = {"quarantine": "rækken sættes i karantæne", "warning": "rækken bruges, med en advarsel",
               "info": "rækken bruges"}
ROW: dict[str, str] = {Source.ACTIVITIES: "aktivitet", Source.EVALUATIONS: "besvarelse"}
OPTIONAL = "kan mangle — de mål der læser den, siger 'mangler data'"

# A target of each kind with no `where`, `guided`, … of its own: what its reads() adds by itself.
EMPTY: dict[str, Any] = {"answer": "", "numerator": {}, "denominator": [], "guided": {}}


def _c(text: object) -> str:
    return f"`{text}`"


def _cs(items: Iterable[object]) -> str:
    return ", ".join(_c(i) for i in items)


def _table(header: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(v.replace("|", "\\|") for v in row) + " |" for row in rows]


def _yes_no(words: frozenset[str]) -> str:
    return _cs(sorted(words, key=lambda w: (w not in ("ja", "nej"), w)))


def _with_aliases(values: Iterable[str], aliases: dict[str, str]) -> str:
    def one(value: str) -> str:
        others = [a for a, target in aliases.items() if target == value and a != value]
        return _c(value) + (f" (også {_cs(others)})" if others else "")
    return ", ".join(one(v) for v in values)


def _range(column: Column) -> str:
    low, high = column.minimum, column.maximum
    both = low is not None and high is not None
    return f" fra {low:g} til {high:g}" if both else f" mindst {low:g}" if low is not None else (
        f" højst {high:g}" if high is not None else "")


def _values(column: Column, mapping: SourceMapping) -> str:
    """The column's kind and the spellings it accepts, in words."""
    kind, aliases = column.kind, dict(column.aliases)
    words = {
        Kind.ID: "tekst; mellemrum før og efter fjernes",
        Kind.TEXT: "fri tekst",
        Kind.DATE: f"dato som {_cs(mapping.date_formats)}; en profil kan give andre formater (`date_formats`, fx "
                   "`DD.MM.YYYY`), og `YYYY-MM-DD` læses altid; en datocelle i et regneark læses som dato",
        Kind.DATETIME: "dato og klokkeslæt, `YYYY-MM-DD HH:MM` (med eller uden sekunder, også med `T`), eller "
                       "en dato i profilens formater fulgt af klokkeslættet",
        Kind.MUNICIPALITY: "kommunenavn eller kommunekode: `Aarhus`, `Aarhus Kommune`, `751`, `0751` eller "
                           "`751.0`; store og små bogstaver, `å`/`aa`, `ø`/`o`/`oe`, `æ`/`ae` og bindestreger er "
                           "ligegyldige",
        Kind.CVR: "8 cifre der består modulus 11-kontrollen (også `12345678.0` fra et regneark)",
        Kind.ENUM: "én af " + _with_aliases(column.values, aliases),
        Kind.BOOLEAN: f"ja/nej: ja = {_yes_no(TRUE_WORDS)}; nej = {_yes_no(FALSE_WORDS)}",
        Kind.INTEGER: f"heltal{_range(column)} (også `7.0` eller `7,0` fra et regneark)",
        Kind.NUMBER: f"tal{_range(column)}, med profilens decimaltegn (`decimal`)",
        Kind.TAGS: f"emner adskilt af {_c(mapping.list_separator)} (profilens `list_separator`): "
                   f"{_with_aliases(dict.fromkeys(aliases.values()), aliases)}; andre emner læses som de står, "
                   "med små bogstaver, og giver en advarsel (`unknown-topic`); de tæller ikke i mål for et "
                   "bestemt emne",
    }
    return f"{_c(kind)}: {words[kind]}"


def _blank(column: Column) -> str:
    if column.blank == "missing" and column.missing:
        return f"{CONSEQUENCE[CODES[column.missing][0]]} ({_c(column.missing)})"
    if column.blank == "invalid" and column.invalid:
        return f"som en ulæselig værdi: {CONSEQUENCE[CODES[column.invalid][0]]} ({_c(column.invalid)})"
    return "nej" if column.blank == "false" else "ingen værdi; rækken bruges"


def _source(schema: SourceSchema, mapping: SourceMapping, lang: str) -> list[str]:
    rows = [(_c(c.name), f"{c.label(lang)} — {c.description(lang)}", _values(c, mapping),
             "skal findes" if c.required else OPTIONAL, "ja" if c.company_data else "nej", _blank(c),
             ", ".join(f"{_c(code)} ({SEVERITY[CODES[code][0]]})" for code in c.codes) or "—")
             for c in schema.columns]
    filterable = [c.name for c in schema.columns if c.filterable]
    return [f"## {schema.label(lang)}: `{schema.source}`", "",
            f"Filer: {_cs(mapping.patterns)}. Én række pr. {ROW.get(schema.source, 'post')}, "
            f"alle perioder (der filtreres på `date`). Rækkens id er `{schema.id_column}`.", "",
            *_table(("kolonne", "betydning", "værdier", "skal findes?", "virksomhedsdata", "tom celle",
                     "fundkoder"), rows), "",
            f"Et måls `where:` kan filtrere på {_cs(filterable)}.", ""]


def _kinds() -> list[str]:
    rows = []
    for cls in TARGET_KINDS:
        kind = get_args(cls.model_fields["kind"].annotation)[0]
        empty = {k: v for k, v in EMPTY.items() if k in cls.model_fields}
        reads = cls.model_construct(**empty).reads()
        what, more = KINDS.get(kind, ("—", "—"))  # a new kind: tests/test_input_formats.py says
        rows.append((_c(kind), what, _cs(reads) or "—",
                     "; ".join(_cs(sorted(filter(None, cols))) for cols in reads.values()) or "—", more))
    return ["## Hvilke mål læser hvilke kolonner", "",
            "Hver slags mål (`kind`) læser de faste kolonner nedenfor og desuden de kolonner kontrakten nævner. "
            "Mangler en af dem i eksporten (profilens `absent:`, eller kolonnen er ikke i filen), får målet "
            "status 'mangler data' med en begrundelse der nævner kolonnen; de øvrige mål beregnes som normalt.",
            "", *_table(("`kind`", "måler", "kilde", "læser altid", "læser desuden"), rows), ""]


def _profiles() -> list[str]:
    rows = []
    for key, field in SourceMapping.model_fields.items():
        default = None if field.is_required() else field.get_default(call_default_factory=True)
        shown = f"[{', '.join(default)}]" if isinstance(default, list) else str(default)
        rows.append((_c(key), PROFILE_KEYS.get(key, "—"), "skal angives" if field.is_required()
                     else _c(shown) if default not in (None, [], {}) else "—"))
    return ["## Profiler: når eksporten ikke har det kanoniske format", "",
            "En profil (YAML) siger hvordan en eksport svarer til de kanoniske kolonner. Den har `document: "
            "profile`, `name` (små bogstaver, tal og bindestreg), `title`, evt. `description` og `data` "
            "(nedenfor), og under `sources` en blok pr. kilde (`activities`, `evaluations`) med nøglerne "
            "nedenfor; en kilde profilen ikke nævner, læses i det kanoniske format, og en kilde skrevet `null` "
            "(fx `evaluations: null`) har eksporten ikke: de mål der læser den, siger 'mangler data'. "
            "Indbyggede profiler: "
            f"{_cs(builtin_names())} (`hubmonitor/profile/builtin/`). Tjek en profil med "
            "`hubmonitor validate min-profil.yaml`: ukendte nøgler, ukendte kolonner og værdier uden for "
            "ordforrådet er fejl med fil og linje.", "",
            *_table(("nøgle", "hvad den gør", "standard"), rows), "",
            "Eksempel: en semikolonsepareret CSV i Windows-1252 med danske overskrifter og datoer som "
            "`DD.MM.YYYY`, uden aktivitets-id, vækstforløb, henvisning og emner:", "",
            "```yaml", *EXAMPLE_PROFILE.splitlines(), "```", "",
            "Mål der læser `growth_programme`, `referred` eller `topics`, siger her 'mangler data'; uden "
            "`activity_id` er en helt ens række en kopi.", "",
            "### Mere end standardeksporten: `data:`", "",
            "En profil (og en kontrakt) kan under `data:` give en enum-kolonne flere værdier (`values`), en kilde "
            "flere kolonner (`columns`) eller beskrive en ny kilde (`label`, `columns`; den skal have en kolonne "
            "`date` med `kind: date`, og uden en kolonne `id` er en helt ens række en kopi). En kolonne har "
            f"nøglerne {_cs(ColumnSpec.model_fields)}; `kind` er en af {_cs(ADDABLE)}. En tilføjet kolonne sætter "
            "aldrig en række i karantæne: en værdi den ikke kan læse, giver en advarsel "
            f"({_cs(sorted(set(ADDED_CODES.values())))}) og tælles som en tom celle. En ny kilde læses fra "
            "`<kilde>*.csv` og `<kilde>*.xlsx`, medmindre profilens `sources:` siger andet. Et mål i en kontrakt "
            "kan kun læse hvad standardeksporten og kontraktens egen `data:` (og rammeaftalens) beskriver, så "
            "en stavefejl findes af `hubmonitor validate`; `evaluate` læser data med både profilens og "
            "kontraktens `data:` (`check-data` kender ingen kontrakt, kun profilens).", "",
            "```yaml", *EXAMPLE_DATA.splitlines(), "```", ""]


def _external_and_settings() -> list[str]:
    return ["## `external-<år>.yaml`: tal opgjort af andre og milepæle", "",
            "Én fil pr. kontraktår (`external-2024.yaml`, også `.yml`). Alle blokke er valgfri, og deres navne er "
            "frie; kontrakten nævner dem. En blok (undtagen `milestones`) giver navne tal: et tal, "
            f"`{{value, low, high}}` (et interval målt af andre; `level` kan angives, standard {LEVEL:g}) "
            "og/eller `{value, n}` (stikprøvens størrelse). Et mål læser `figure: blok.navn` eller "
            "`numerator`/`denominator` (en andel; er nævneren et helt antal adspurgte, får andelen et 95 % "
            "Wilson-interval). De nationale kontrakter læser `awareness.aware`/`awareness.respondents`, "
            "`green_awareness.aware_of_green`/`green_awareness.respondents` og "
            "`effect_study.revenue_growth_pp`, `employment_growth_pp` og `productivity_growth_pp`. "
            "Et tal der er en optælling af alle (140 af 140 skemaer vurderet) skrives `{value: 140, census: true}`, "
            "eller `census: true` i blokken for alle dens tal (`census: false` på et tal gælder før blokkens): "
            "intet interval, intet mindste antal svar (`min_answers`) og aldrig 'usikker'. Uden `census` er et "
            "tal en stikprøve.", "",
            "`milestones` giver hver milepæl (kontraktens `evidence`) enten en liste af datoer eller "
            "`{date, municipality, note}` (kommunen som navn eller kode; et mål, der tæller kommuner, tæller kun "
            "erhvervshusets egne: en ukendt giver `unknown-milestone-municipality`, en uden for erhvervshuset "
            "`milestone-outside-hub` og et punkt uden kommune `milestone-without-municipality`, hver med sin "
            "linje), eller et flag `{done: true/false, date, note}`. Datoer skrives "
            "`YYYY-MM-DD`. Mangler filen, siger målene der læser den 'mangler data'; en fejl i filen stopper "
            "kørslen med fil og linje.", "",
            "```yaml", *EXAMPLE_EXTERNAL.splitlines(), "```", "",
            f"## `{SETTINGS_FILE}`: mappens profil og datadato", "",
            "Valgfri. Den indeholder `profile:` og/eller `data_date:`, intet andet:", "", "```yaml",
            "profile: escrm-excel", "data_date: 2025-09-30", "```", "",
            f"`profile:` er en indbygget profil ({_cs(builtin_names())}) eller en sti til en profilfil (med `/` "
            "eller endelsen `.yaml`/`.yml`), relativt til datamappen. `--profile` på kommandolinjen går forud; "
            "uden begge læses det kanoniske format.", "",
            "`data_date:` er dagen eksporten blev taget (`ÅÅÅÅ-MM-DD`). Et kontraktår, der ikke er slut, "
            "opgøres til og med denne dato, også når kalenderen siden er gået forbi årets udgang (et "
            "øjebliksbillede, som demoens). Uden den bruges den seneste dato på en brugbar aktivitet, og et år, "
            "hvis udgang kalenderen er gået forbi, opgøres for hele året. Data går aldrig længere end til i dag "
            "(`HUBMONITOR_TODAY=ÅÅÅÅ-MM-DD` sætter dagen): rækker dateret senere giver advarslen "
            "`dated-after-today` og tælles ikke med. `--as-of` på kommandolinjen går forud. Et afsluttet år, hvis "
            "aktiviteter slutter mere end 31 dage før årets udgang, giver advarslen `data-ends-early`; et år, der "
            "opgøres med `--as-of` til en dag efter datadatoen, giver advarslen `data-ends-before-as-of`. Et "
            "tidligere år, som et mål sammenligner med (fx året før for andelen af nye virksomheder), og hvis "
            "aktiviteter slutter mere end 31 dage før dets udgang eller begynder mere end 31 dage efter dets "
            "begyndelse, giver advarslen `compared-year-ends-early` eller `compared-year-starts-late`.", ""]


def input_formats(lang: str = "da") -> str:
    """The whole Markdown document (deterministic: no dates, no paths of this machine)."""
    canonical = builtin_profile("canonical")
    mappings = {source: mapping for source in SCHEMA if (mapping := canonical.sources[source]) is not None}
    folder = [(f"DIR/{'|'.join(m.patterns)}", f"{SCHEMA[s].label(lang)} (`{s}`)") for s, m in mappings.items()]
    folder += [("DIR/external-<år>.yaml", "tal opgjort af andre og milepæle, én pr. år"),
               (f"DIR/{SETTINGS_FILE}", "valgfri: hvilken profil mappen læses med, og dataenes dato")]
    width, first = max(len(path) for path, _ in folder) + 2, mappings[Source.ACTIVITIES]
    lines = [
        "# Inputformater", "",
        "> Genereret fra inputskemaet (`hubmonitor/schema.py`) af `hubmonitor/render/input_formats.py`. Ret "
        f"ikke i filen; kør `{COMMAND}`.", "",
        "## Datamappen", "", "```", *(f"{path:<{width}}{what}" for path, what in folder), "```", "",
        f"Tekstfiler ({_cs(TEXT_SUFFIXES)}) og regneark ({_cs(WORKBOOK_SUFFIXES)}); det gamle `.xls` læses ikke. "
        "Alle filer der matcher, læses (fx én pr. år); filer hvis navn begynder med `~$` eller `.`, springes over. "
        "Finder en kildes mønstre ingen fil, stopper kørslen (`no-source-files`) med mønstrene og mappens filer "
        "(forkert mappe eller forkerte filnavne?); har eksporten ikke kilden, så skriv den som `null` i profilen "
        "(fx `evaluations: null`): de mål der læser den, siger 'mangler data'. En kilde uden data i år er en "
        "fil med kun overskriftsrækken; en helt tom fil (0 bytes, en eksport der fejlede) stopper kørslen "
        "(`empty-file`): eksportér den igen, eller flyt den ud af mappen. "
        f"Det kanoniske format: overskrifterne i række {first.header_row} er kolonnenavnene nedenfor, med "
        f"`separator: {first.separator}`, `encoding: {first.encoding}` og `decimal: \"{first.decimal}\"` (se "
        "profilnøglerne). Kolonnenavne og værdier sammenlignes uden hensyn til store og små bogstaver og "
        "mellemrum. En række med en fundkode med alvoren karantæne tæller ikke med i nogen figur og listes med "
        "fil, ark, række, kolonne og årsag (`hubmonitor check-data --csv`); en advarsel listes, og rækken bruges. "
        "Virksomhedsdata vises aldrig på siderne eller i regnearket, kun i husets egen liste. Mangler en kolonne "
        "der skal findes, stopper kørslen (`missing-column`) med de navne profilen prøvede. I et regneark er en "
        "celle med en Excel-fejlværdi (`#N/A`, `#DIV/0!` …) eller en formel gemt uden sin værdi (vist som `=…`: "
        "et program der skriver formler uden at regne dem ud, gemmer dem sådan; åbn og gem filen i Excel) en "
        "`excel-error`, og rækken bruges ikke.", "",
    ]
    for source, mapping in mappings.items():
        lines += _source(SCHEMA[source], mapping, lang)
    lines += ["## Alle fundkoder", "", *_table(("kode", "alvor", "besked"), (
        (_c(code), SEVERITY[severity], describe(code, lang) or "") for code, (severity, _, _) in CODES.items())), ""]
    lines += _kinds() + _profiles() + _external_and_settings()
    return "\n".join(lines).rstrip("\n") + "\n"


if __name__ == "__main__":
    sys.stdout.buffer.write(input_formats(sys.argv[1] if len(sys.argv) > 1 else "da").encode("utf-8"))
