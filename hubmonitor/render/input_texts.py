"""The fixed Danish texts of ``docs/input-formats.md`` (``input_formats.py`` writes it): what each kind
of target measures, what each profile key does, and the example files. The tests check that every
kind and key has a text and that every example reads.
"""

from __future__ import annotations

WHERE, EXTERNAL = "felterne i `where`", "`external-<år>.yaml` (ingen kolonner)"
# Per kind of target: what it measures, and the columns it reads beyond the fixed ones.
KINDS: dict[str, tuple[str, str]] = {
    "share": ("andel af svarene (rækkerne) med et succes-svar; svar i `exclude` (fx `Ved ikke`) tæller ikke med; "
              "med `answered_by` kun svar fra virksomheder med en aktivitet i CRM, der matcher dens `where`, i året "
              "(`guided_in: same_year`) eller hele året før (`previous_year`)",
              "svarfeltet i `answer`, " + WHERE + ", en enum-kolonne i `group_by` (og `groups_needed`); "
              "`source: activities`: aktiviteterne; `answered_by`: svarenes `company_id` og aktiviteternes felter"),
    "nps": ("Net Promoter Score: 100 × (andelen 9–10 − andelen 0–6)", WHERE),
    "distinct_companies": ("antal forskellige virksomheder med en aktivitet der matcher `where`", WHERE),
    "company_ratio": ("forskellige virksomheder i `numerator` over summen af forskellige virksomheder i hvert "
                      "led af `denominator`", "felterne i `numerator` og `denominator`"),
    "new_companies": ("andel af periodens virksomheder der ikke var med året før (kræver data for året før)", WHERE),
    "municipal_spread": ("virksomheder pr. kommune mod forventningen efter befolkningstal (± `tolerance`)", WHERE),
    "external": ("et tal opgjort af andre: `figure` eller `numerator`/`denominator`", EXTERNAL),
    "milestone": ("milepæle under `milestones`: `done`, antal eller antal forskellige kommuner", EXTERNAL),
    "allocation": ("grundbevillingens fordeling på kommunerne, med virksomheder pr. kommune",
                   "felterne i `guided` (som standard `activity_type: individuel`)"),
    "duration": ("tiden fra `start` til `end` (dato eller tidspunkt), evt. minus pausedage i `paused`: gennemsnit, "
                 "median, percentil, maksimum eller andelen inden for `within` (timer, dage, uger, danske arbejdsdage)",
                 "kolonnerne i `start`, `end`, `paused`, `group_by` og " + WHERE),
    "count": ("antal rækker (aktiviteter, ikke virksomheder) i kilden der matcher `where`; med `group_by` skal hver "
              "gruppe i `groups` nå målet", WHERE + " og `group_by`"),
    "sum": ("summen af talkolonnen `column` over rækkerne der matcher `where` (en tom celle lægger intet til); med "
            "`group_by` skal hver gruppe i `groups` nå målet", "kolonnen i `column`, " + WHERE + " og `group_by`"),
}

# Per key of a profile's source: what it does.
PROFILE_KEYS: dict[str, str] = {
    "files": "filmønstre (glob, store og små bogstaver ens) i datamappen, fx `eksport*.csv`; et mønster kan også "
             "skrives `{pattern, constants, columns, header_row, skip_rows}` med konstanter, kolonnenavne, "
             "overskriftsrække og rækker der udelades for netop de filer (filens `skip_rows` i stedet for kildens)",
    "sheets": "kun regneark: arkene der læses, hver `{name, optional, constants, columns}` (`name`: et navn "
              "eller en liste at prøve; `optional: true`: arket må mangle); uden `sheets` læses det synlige ark, "
              "hvis overskriftsrække har kildens kolonner (har flere ark det, stopper kørslen med "
              "`ambiguous-sheet`; har intet, læses det første synlige ark); skjulte ark læses kun, når de nævnes",
    "columns": "kanonisk kolonne: eksportens navn, eller en liste af navne der prøves i rækkefølge; en kolonne "
               "der ikke nævnes, søges under sit kanoniske navn",
    "absent": "kanoniske kolonner eksporten ikke har; de mål der læser dem, siger 'mangler data' (en kolonne "
              "der skal findes, kan ikke stå her)",
    "constants": "samme værdi på alle kildens rækker, fx `activity_type: kollektiv`",
    "values": "eksportens stavemåder → kanoniske værdier, pr. kolonne (enum, ja/nej, emner, kommune, hele tal: "
              "`nps: {'10 - Meget sandsynligt': 10}`; `null` for et helt tal er intet svar, fx "
              "`nps: {'Ved ikke': null}`: cellen læses som tom)",
    "date_formats": "datoformater i rækkefølge, skrevet med `DD`, `MM`, `YYYY` eller `YY` og `-`, `.`, `/`, `,` "
                    "eller mellemrum; `MMM` er måneden som ord, navnet eller de tre første bogstaver, dansk eller "
                    "engelsk, store eller små (`DD. MMM YYYY` læser `1. jan. 2024` og `15. Maj 2024`); `EXCEL` "
                    "læser Excels datonumre (45352 = 2024-03-01, en talcelle i en datokolonne); `YYYY-MM-DD` læses "
                    "altid",
    "separator": "kun tekstfiler: `auto`, `,`, `;` eller `tab`",
    "decimal": "decimaltegn, `.` eller `,` (`751,0` er 751)",
    "encoding": "kun tekstfiler: `auto` (UTF-8, UTF-8 med BOM eller Windows-1252, også blandet linje for "
                "linje), `utf-8`, `utf-8-sig` eller `windows-1252` (en fil gemt som UTF-8 med æ, ø eller å stopper "
                "da kørslen, `encoding-mismatch`: fjern nøglen, så findes hver fils tegnsæt)",
    "list_separator": "tegnet mellem emnerne i én celle",
    "header_row": "rækken med overskrifterne (1 = første række)",
    "skip_rows": "rækker der ikke er data, og som udelades før noget læses af dem: pr. overskrift i eksporten "
                 "(ikke en kanonisk kolonne) de værdier hvis rækker udelades, fx `{Status: [Distribueret, Delvist "
                 "besvaret]}` for et spørgeskemas ikke-besvarelser; store og små bogstaver og mellemrum er "
                 "ligegyldige; antallet pr. værdi siges som `skipped-rows` (information), rækkerne tælles ikke som "
                 "læst; en fil uden overskriften stopper kørslen",
}

EXAMPLE_PROFILE = """\
document: profile
name: min-eksport
title: Vores CRM-eksport (CSV med semikolon)
sources:
  activities:
    files: ["aktiviteter*.csv"]
    columns:
      date: Dato
      company_id: [Virksomheds-ID, Kunde-ID]
      cvr: CVR-nummer
      company_name: Virksomhedsnavn
      municipality: Kommune
      segment: Segment
      activity_type: Aktivitetstype
    absent: [activity_id, growth_programme, referred, topics]
    values:
      segment: {Etableret virksomhed: drift, Start-up: iværksætter}
      activity_type: {Individuel vejledning: individuel, Arrangement: kollektiv}
    date_formats: [DD.MM.YYYY]
    separator: ";"
    decimal: ","
    encoding: windows-1252
"""

EXAMPLE_DATA = """\
data:
  activities:
    values: {activity_type: [vækstkortlægning]}     # flere værdier til en enum-kolonne
    columns:                                         # flere kolonner
      employees: {kind: integer, minimum: 0, label: antal ansatte, label_en: employees}
  inquiries:                                         # en ny kilde; sources: giver dens filer
    label: henvendelser
    columns:
      date: {kind: date}
      channel: {kind: enum, values: [telefon, mail, web], label: kanal}
"""

EXAMPLE_EXTERNAL = """\
awareness:                      # kendskabsmålingen: antal adspurgte og antal der kender huset
  respondents: 1180
  aware: 631
effect_study:                   # effektmålingen, procentpoint
  revenue_growth_pp: {value: 11.2, low: 6.8, high: 15.6}
  employment_growth_pp: {value: 4.6, n: 412}
  productivity_growth_pp: 1.3
milestones:
  municipal_presentations:
    - {municipality: Horsens, date: 2024-01-03}
    - {municipality: Herning, date: 2024-02-04, note: oplæg i økonomiudvalget}
  dialogue_meetings: [2024-02-12, 2024-05-27, 2024-09-30]
  green_dialogue_tool: {done: true, date: 2021-11-01}
"""
