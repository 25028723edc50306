"""Every fixed text of the dashboards, Danish and English, and the few formats they add to
``render/format.py`` (slugs). Numbers and statuses come from ``render/format.py``, days written in
words from ``hubmonitor/days.py``."""

from __future__ import annotations

import re
import unicodedata

TEXTS: dict[str, dict[str, str]] = {
    "da": {
        "site_title": "Erhvervshusenes resultatkontrakter",
        "index": "Oversigt",
        "report": "Rapport",
        "municipal": "Kommuner",
        "national": "National sammenligning",
        "workbook": "Excel-projektmappe",
        "period": "Kontraktperiode",
        "data_date": "Data til og med",
        "evaluated_to": "Opgjort til og med",
        "hub_data_ends": "For {hub} slutter data {date}.",
        "hub_in_year": "{hub} er opgjort før årets udgang, med data til og med {date}: dens tal kan ikke "
                       "sammenlignes med de andre erhvervshuses hele år.",
        "missing_hubs": "Ingen resultater for: {hubs}.",
        "missing_years": "Ingen resultater for {years}: tabellen og tendenserne springer fra året før til året efter.",
        "data_ends": "data slutter",
        "year_not_over": "året er ikke slut: foreløbige tal",
        # a year evaluated before its end stays so after the end: never "the year is not over" (a review
        # read it on 2025, evaluated to 30 September 2025, in December 2026)
        "provisional_short": "opgjort før årets udgang: foreløbig",
        "generated": "Genereret",
        "hub": "Erhvervshus",
        "hubs": "Erhvervshuse",
        "year": "År",
        "years": "År",
        "pages": "Sider",
        "overview": "Overblik",
        "scorecard": "Alle mål",
        "provisional": ("Opgjort før årets udgang, til og med {date}: mål, der tælles op over året, vurderes på "
                        "tempo (på sporet / bagud); de øvrige (andele, NPS, spredning) er vurderet på data indtil da "
                        "og er foreløbige; tal målt af andre står, som de er opgivet."),
        "target": "Mål",
        "status": "Status",
        "wording": "Kontraktens ordlyd og beregning",
        "rule": "Beregning",
        "numerator": "Tæller",
        "denominator": "Nævner",
        "excluded": "Ikke medregnet",
        "reason": "Årsag",
        "bullets": "Værdi mod mål",
        "bullets_note": ("Søjlen er værdien, den lodrette streg er målet; et bånd er det tilladte interval. "
                         "Den vandrette streg med endestykker er 95 %-konfidensintervallet for tal fra en "
                         "stikprøve af svar."),
        "bullets_print": ("Søjlediagrammerne over værdi mod mål findes i den elektroniske udgave; hvert måls værdi, "
                          "mål, interval og status står på kortene under Alle mål."),
        "pace": "Tempo i året",
        "pace_note": ("Den fuldt optrukne linje er det opnåede til og med hver månedsafslutning; den prikkede "
                      "er målet fordelt ligeligt over året, den stiplede erhvervshusets egen sæsonprofil fra "
                      "tidligere år. Prognosen for årets slutning har et spænd fra de tidligere års forløb."),
        "reached": "Opnået",
        "prorated": "Forventet forholdsmæssigt",
        "seasonal": "Forventet efter sæsonprofil",
        "forecast": "Prognose ultimo",
        "interval": "95 %-konfidensinterval",
        "segments": "Pr. segment",
        "segments_note": ("Målet skal nås i hvert segment; den stiplede streg er målet, den lodrette streg med "
                          "endestykker 95 %-konfidensintervallet."),
        "groups": "Pr. gruppe",
        "groups_note": ("Målet skal nås i hver gruppe; den stiplede streg er målet, den lodrette streg med "
                        "endestykker 95 %-konfidensintervallet."),
        "qualitative": "Indsatsområder",
        "no_status_text": "Ingen status angivet.",
        "quality": "Datakvalitet",
        "rows_read": "Rækker læst",
        "rows_used": "Rækker brugt",
        "quarantined": "I karantæne",
        "duplicates": "Dubletter",
        "outside_period": "Uden for perioden",
        "skipped": "Udeladt af profilen",
        "file": "Fil",
        "findings": "Fund pr. kode",
        "code": "Kode",
        "kind": "Art",
        "count": "Antal",
        "top_findings": "Eksempler på fund (ét pr. kode først)",
        "row": "Række",
        "column": "Kolonne",
        "message": "Problem",
        "no_findings": "Ingen fund.",
        "undated": "Heraf uden læsbar dato",
        "map": "Kommunerne mod det forventede",
        "spread_bars": "Faktisk mod forventet",
        "spread_note": ("Søjlen er det faktiske antal; prikken er det forventede, stregen båndet. Båndets grænser "
                        "vises med så mange decimaler, som holder dem på samme side af et helt antal som grænsen "
                        "selv (812,97: 812 er inden for, 813 ikke)."),
        "dialogue": "Kommuner der inviteres til dialog",
        "dialogue_note": "Kommuner under båndet.",
        "dialogue_note_yet": "Kommuner, der ligger mindst én virksomhed under båndet.",
        "no_dialogue": "Ingen kommuner ligger under båndet.",
        "no_dialogue_yet": "Ingen kommuner ligger mindst én virksomhed under båndet.",
        "dialogue_also": "Inviteres også til dialog efter kontraktens andre mål for spredning",
        "no_spread": "Kontrakten har intet mål for den geografiske spredning.",
        "municipality": "Kommune",
        "actual": "Faktisk",
        "expected": "Forventet",
        "band": "Bånd",
        "shortfall": "Mangler til båndet",
        "allocation": "Fordeling af basisbevillingen",
        "allocation_note": ("Kommunens andel af bevillingen mod dens andel af de individuelt vejledte "
                            "virksomheder."),
        "no_allocation": "Kontrakten har ingen fordeling af basisbevillingen.",
        "amount": "Beløb (t.kr.)",
        "grant_share": "Andel af bevillingen",
        "guided_share": "Andel af individuelt vejledte",
        "guided": "Individuelt vejledte",
        "kr_per_guided": "Kr. pr. vejledt virksomhed",
        "total": "I alt",
        "companies": "virksomheder",
        "population_note": ("Spredningens forventninger og fordelingsnøglen bygger på kommunernes befolkningstal pr. "
                            "{date} (Danmarks Statistik, FOLK1A)."),
        "population_note_spread": ("Spredningens forventninger bygger på kommunernes befolkningstal pr. {date} "
                                   "(Danmarks Statistik, FOLK1A)."),
        "population_note_key": ("Fordelingsnøglen bygger på kommunernes befolkningstal pr. {date} (Danmarks "
                                "Statistik, FOLK1A)."),
        "allocation_table": "Fordelingen er kontraktens egen tabel, ikke en befolkningsnøgle.",
        "municipal_summary": "Kommunerne",
        "rule_changed_note": ("{hub} har i sin kontrakt ændret rammeaftalens regel for {ref} {title} ({keys}): "
                              "tallet er ikke opgjort som de andre erhvervshuses."),
        "rule_changed_card": "Erhvervshuset har i sin kontrakt ændret rammeaftalens regel for målet: {keys}.",
        "municipal_summary_spread": ("{title}: virksomheder pr. kommune mod det forventede ud fra indbyggertallet, "
                                     "{band} (båndet)."),
        "municipal_summary_grant": ("Beløb: kommunens del af basisbevillingen; kr. pr. vejledt virksomhed: beløbet "
                                    "delt med kommunens individuelt vejledte virksomheder."),
        "municipal_summary_link": "Kortet, dialogen og fordelingen: siden Kommuner",
        "municipal_summary_link_spread": "Kortet og dialogen: siden Kommuner",
        "municipal_summary_link_grant": "Fordelingen i figurer: siden Kommuner",
        "municipal_summary_band": ("Målet tæller kommunerne inden for båndet; kommuner under båndet inviteres til "
                                   "dialog."),
        "municipal_summary_band_yet": ("Målet tæller kommunerne inden for båndet; mens året løber, inviteres de "
                                       "kommuner, der ligger mindst én virksomhed under båndet, til dialog."),
        "attribution": ("Kommunegrænser: Indeholder data fra Styrelsen for Dataforsyning og Infrastruktur "
                        "(tidl. Geodatastyrelsen), DAGI 1:500.000, 2014, forenklet; CC BY 4.0."),
        "national_note": ("De nationale mål for alle erhvervshuse med resultater. »Opfyldt« er målene opfyldt ud "
                          "af dem, der kan vurderes (opfyldt eller ikke opfyldt); mål på sporet, bagud eller uden "
                          "data står for sig."),
        "national_charts": "Målene side om side",
        "sort_hint": "Klik for at sortere",
        "no_national": "Ingen nationale mål i resultaterne.",
        "missing": "–",
        "legend_title": "Sådan læses status",
        "skip": "Spring til indhold",
        "history": "Historik",
        "history_note": ("Værdi, mål og status for hvert mål i hvert kontraktår. Målene kan ændre sig fra "
                         "kontrakt til kontrakt: hvert år vises med sit eget mål."),
        "history_table": "Mål pr. år",
        "trend": "Udviklingen",
        "trend_note": ("Markøren er årets værdi (form og farve efter status), den sorte streg årets mål og det "
                       "grå felt et tilladt interval; den prikkede streg er det forventede til datoen i et år, "
                       "der ikke er slut."),
        "in_year": "til og med",
        "in_year_short": "t.o.m.",
        "in_year_note": "{year}: data til og med {date}: opgjort før årets udgang, så tallene kan ikke sammenlignes "
                        "med et helt år.",
        "not_in_contract": "ikke i kontrakten",
        "target_changed": "mål ændret",
        "target_new": "nyt i kontrakten",
        "target_back": "med i kontrakten igen",
        "earlier_title": "tidligere titel",
        "rule_changed_year": "regel ændret",
        "rule_changes_note": ("{ids}: reglen (hvad der tælles) er ændret fra året før under samme id, så tallene før "
                              "og efter er ikke samme regels; tendensens linje er brudt dér."),
        "rule_change_at": "{id} i {year}",
        "framework_changes": ("{year}: rammeaftalens mål er andre end året før ({changes}); antallet er ud af årets "
                              "egne mål."),
        "framework_added": "nye: {ids}",
        "framework_removed": "udgået: {ids}",
        "framework_threshold": "andet mål: {ids}",
        "framework_rule": "anden regel: {ids}",
        "hub_changes": ("{year}: {hub} har i sin egen kontrakt andre nationale mål end året før ({changes}); husets "
                        "antal er ud af dets egne mål."),
        "hub_removed": "udeladt: {ids}",
        "hub_back": "med igen: {ids}",
        "missing_hub_years": "Ingen resultater for {hub} i {years}.",
        "removed_by_hub": "ikke i husets kontrakt",
        "expected_to_date": "Forventet til datoen",
        "national_history": "National sammenligning over årene",
        "national_history_short": "National historik",
        "national_met": "Nationale mål opfyldt",
        "missing_data": "mangler data",
        "national_history_note": ("Antal nationale mål opfyldt ud af dem, der kan vurderes (opfyldt eller ikke "
                                  "opfyldt); mål på sporet eller bagud i et år opgjort før årets udgang, og mål "
                                  "uden data står for sig."),
        "national_history_how": ("Klik på et tal for årets nationale sammenligning, på et erhvervshus for dets "
                                 "historik."),
        "national_trend": "Hvert nationalt mål over årene",
        "national_trend_note": ("En linje pr. erhvervshus (farve, markør og streg); den sorte streg er årets "
                                "nationale mål, prikket hvor erhvervshusene har hver sit mål."),
        "national_target": "Nationalt mål",
        "own_targets": "erhvervshusenes egne mål",
        "over_the_years": "Over årene",
    },
    "en": {
        "site_title": "The business hubs' performance contracts",
        "index": "Overview",
        "report": "Report",
        "municipal": "Municipalities",
        "national": "National comparison",
        "workbook": "Excel workbook",
        "period": "Contract period",
        "data_date": "Data up to",
        "evaluated_to": "Evaluated up to",
        "hub_data_ends": "For {hub} the data end {date}.",
        "hub_in_year": "{hub} is evaluated before the year's end, with data up to {date}: its figures cannot be "
                       "compared with the other hubs' whole year.",
        "missing_hubs": "No results for: {hubs}.",
        "missing_years": "No results for {years}: the table and the trends go from the year before to the year after.",
        "data_ends": "the data end",
        "year_not_over": "the year is not over: provisional figures",
        "provisional_short": "evaluated before the year's end: provisional",
        "generated": "Generated",
        "hub": "Business hub",
        "hubs": "Business hubs",
        "year": "Year",
        "years": "Years",
        "pages": "Pages",
        "overview": "At a glance",
        "scorecard": "All targets",
        "provisional": ("Evaluated before the year's end, up to {date}: targets that count up over the year are "
                        "judged on pace (on track / behind); the others (shares, NPS, spread) are "
                        "judged on the data up to then and are provisional; figures measured by others stand as "
                        "reported."),
        "target": "Target",
        "status": "Status",
        "wording": "The contract's wording and the rule",
        "rule": "Rule",
        "numerator": "Numerator",
        "denominator": "Denominator",
        "excluded": "Not counted",
        "reason": "Reason",
        "bullets": "Value against target",
        "bullets_note": ("The bar is the value, the vertical line the target; a band is the allowed range. "
                         "The horizontal line with end caps is the 95 % confidence interval of figures "
                         "from a sample of answers."),
        "bullets_print": ("The bar charts of value against target are in the electronic edition; each target's "
                          "value, target, interval and status are on the cards under All targets."),
        "pace": "Pace through the year",
        "pace_note": ("The solid line is what was reached by each month end; the dotted line is the target "
                      "spread evenly over the year, the dashed one the hub's own seasonal profile from "
                      "earlier years. The year-end forecast has a range from the earlier years' course."),
        "reached": "Reached",
        "prorated": "Expected pro rata",
        "seasonal": "Expected by seasonal profile",
        "forecast": "Year-end forecast",
        "interval": "95 % confidence interval",
        "segments": "Per segment",
        "segments_note": ("The target must be met in every segment; the dashed line is the target, the vertical "
                          "line with end caps the 95 % confidence interval."),
        "groups": "Per group",
        "groups_note": ("The target must be met in every group; the dashed line is the target, the vertical "
                        "line with end caps the 95 % confidence interval."),
        "qualitative": "Focus areas",
        "no_status_text": "No status given.",
        "quality": "Data quality",
        "rows_read": "Rows read",
        "rows_used": "Rows used",
        "quarantined": "Quarantined",
        "duplicates": "Duplicates",
        "outside_period": "Outside the period",
        "skipped": "Left out by the profile",
        "file": "File",
        "findings": "Findings per code",
        "code": "Code",
        "kind": "Kind",
        "count": "Count",
        "top_findings": "Examples of findings (one per code first)",
        "row": "Row",
        "column": "Column",
        "message": "Problem",
        "no_findings": "No findings.",
        "undated": "Of which undated",
        "map": "The municipalities against the expectation",
        "spread_bars": "Actual against expected",
        "spread_note": ("The bar is the actual number; the dot is the expected, the line the band. The band's "
                        "edges are shown with as many decimals as keep them on the same side of a whole count as "
                        "the edge itself (812.97: 812 is inside, 813 not)."),
        "dialogue": "Municipalities to invite to dialogue",
        "dialogue_note": "Municipalities below the band.",
        "dialogue_note_yet": "Municipalities that are at least one company below the band.",
        "no_dialogue": "No municipality is below the band.",
        "no_dialogue_yet": "No municipality is at least one company below the band.",
        "dialogue_also": "Also invited to dialogue by the contract's other spread targets",
        "no_spread": "The contract has no target for the geographic spread.",
        "municipality": "Municipality",
        "actual": "Actual",
        "expected": "Expected",
        "band": "Band",
        "shortfall": "Short of the band",
        "allocation": "Allocation of the basic grant",
        "allocation_note": ("The municipality's share of the grant against its share of the individually guided "
                            "companies."),
        "no_allocation": "The contract has no allocation of the basic grant.",
        "amount": "Amount (thousand kr)",
        "grant_share": "Share of the grant",
        "guided_share": "Share of individually guided",
        "guided": "Individually guided",
        "kr_per_guided": "Kr per guided company",
        "total": "Total",
        "companies": "companies",
        "population_note": ("The spread's expectations and the allocation key rest on the municipalities' "
                            "population on {date} (Statistics Denmark, FOLK1A)."),
        "population_note_spread": ("The spread's expectations rest on the municipalities' population on {date} "
                                   "(Statistics Denmark, FOLK1A)."),
        "population_note_key": ("The allocation key rests on the municipalities' population on {date} (Statistics "
                                "Denmark, FOLK1A)."),
        "allocation_table": "The allocation is the contract's own table, not a population key.",
        "municipal_summary": "The municipalities",
        "rule_changed_note": ("{hub} changed the framework's rule for {ref} {title} in its contract ({keys}): "
                              "the figure is not counted as the other hubs' are."),
        "rule_changed_card": "The hub's contract changed the framework's rule for this target: {keys}.",
        "municipal_summary_spread": ("{title}: companies per municipality against the number expected from the "
                                     "population, {band} (the band)."),
        "municipal_summary_grant": ("Amount: the municipality's part of the basic grant; kr per guided company: the "
                                    "amount divided by the municipality's individually guided companies."),
        "municipal_summary_link": "The map, the dialogue and the allocation: the Municipalities page",
        "municipal_summary_link_spread": "The map and the dialogue: the Municipalities page",
        "municipal_summary_link_grant": "The allocation in figures: the Municipalities page",
        "municipal_summary_band": ("The target counts the municipalities within the band; municipalities below the "
                                   "band are invited to dialogue."),
        "municipal_summary_band_yet": ("The target counts the municipalities within the band; while the year runs, "
                                       "municipalities that are at least one company below the band are invited to "
                                       "dialogue."),
        "attribution": ("Municipal boundaries: contains data from the Danish Agency for Data Supply and "
                        "Infrastructure (formerly Geodatastyrelsen), DAGI 1:500,000, 2014, simplified; CC BY 4.0."),
        "national_note": ("The national targets for every hub with results. “Met” is the targets met "
                          "out of those that can be judged (met or not met); targets on track, behind or missing "
                          "data are counted apart."),
        "national_charts": "The targets side by side",
        "sort_hint": "Click to sort",
        "no_national": "No national targets in the results.",
        "missing": "–",
        "legend_title": "How to read the status",
        "skip": "Skip to content",
        "history": "History",
        "history_note": ("Value, target and status of every target in every contract year. Targets may change "
                         "from one contract to the next: each year is shown with its own target."),
        "history_table": "Targets per year",
        "trend": "The trend",
        "trend_note": ("The marker is the year's value (shape and colour by status), the black line the year's "
                       "target and the grey box an allowed range; the dotted line is the expectation by the date "
                       "in a year that has not ended."),
        "in_year": "up to",
        "in_year_short": "to",
        "in_year_note": "{year}: data up to {date}: evaluated before the year's end, so its figures are not "
                        "comparable with a whole year.",
        "not_in_contract": "not in the contract",
        "target_changed": "target changed",
        "target_new": "new in the contract",
        "target_back": "back in the contract",
        "earlier_title": "earlier title",
        "rule_changed_year": "rule changed",
        "rule_changes_note": ("{ids}: the rule (what is counted) changed from the year before under the same id, "
                              "so the figures before and after are not the same rule's; the trend's line is broken "
                              "there."),
        "rule_change_at": "{id} in {year}",
        "framework_changes": ("{year}: the framework's targets differ from the year before ({changes}); the count is "
                              "out of the year's own targets."),
        "framework_added": "new: {ids}",
        "framework_removed": "dropped: {ids}",
        "framework_threshold": "other target: {ids}",
        "framework_rule": "other rule: {ids}",
        "hub_changes": ("{year}: {hub}'s own contract holds other national targets than the year before ({changes}); "
                        "the hub's count is out of its own targets."),
        "hub_removed": "left out: {ids}",
        "hub_back": "back: {ids}",
        "missing_hub_years": "No results for {hub} in {years}.",
        "removed_by_hub": "not in the hub's contract",
        "expected_to_date": "Expected by the date",
        "national_history": "National comparison over the years",
        "national_history_short": "National history",
        "national_met": "National targets met",
        "missing_data": "missing data",
        "national_history_note": ("National targets met out of those that can be judged (met or not met); "
                                  "targets on track or behind in a year evaluated before its end, and targets "
                                  "missing data, are counted apart."),
        "national_history_how": "Click a number for that year's national comparison, a hub for its history.",
        "national_trend": "Each national target over the years",
        "national_trend_note": ("A line per hub (colour, marker and dash); the black line is the year's national "
                                "target, dotted where the hubs have targets of their own."),
        "national_target": "National target",
        "own_targets": "the hubs' own targets",
        "over_the_years": "Over the years",
    },
}


def text(key: str, lang: str) -> str:
    return TEXTS[lang][key]


def slug(name: str) -> str:
    """A stable ASCII file-name part: 'Sjælland' → 'sjaelland', 'Erhvervshus Fyn' → 'erhvervshus-fyn'."""
    lowered = name.strip().lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    ascii_text = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "hub"


def report_folder(erhvervshus: str, year: int) -> str:
    """The folder of one hub's pages for one year, e.g. 'sjaelland-2024'."""
    return f"{slug(erhvervshus)}-{year}"


NATIONAL_HISTORY = "national-historik.html"


def history_page(erhvervshus: str) -> str:
    """The page of one hub's years side by side, e.g. 'historik-sjaelland.html'."""
    return f"historik-{slug(erhvervshus)}.html"

# The map's note and key: the hover sentence is screen-only (hidden in print); {title} is the spread
# target's title and {band} its band as the contract gives it ("±10 %").
MAP_TEXTS: dict[str, dict[str, str]] = {
    "da": {
        "note": ("{title}: virksomheder pr. kommune mod det forventede ud fra indbyggertallet, {band} (båndet). "
                 "Tallet ved hver kommune henviser til nøglen under kortet med kommunens tal."),
        "hover": "Hold musen over en kommune for tallene.",
        "key": "Nøgle til kortet",
        "number": "Nr.",
        "expected_band": "Forventet (bånd)",
        "position": "Placering",
        "not_on_map": "ikke på kortet",
    },
    "en": {
        "note": ("{title}: companies per municipality against the number expected from the population, "
                 "{band} (the band). The number at each municipality refers to the key below the map with the "
                 "municipality's figures."),
        "hover": "Hover over a municipality for the figures.",
        "key": "Key to the map",
        "number": "No.",
        "expected_band": "Expected (band)",
        "position": "Position",
        "not_on_map": "not on the map",
    },
}

# The national table's own words.
NATIONAL_TEXTS: dict[str, dict[str, str]] = {
    "da": {"order": ("Ordnet efter andelen af de nationale mål, der er opfyldt ud af dem, der kan vurderes "
                     "(højeste først), dernæst antal opfyldte mål og erhvervshusets navn. Erhvervshuse med samme "
                     "andel og samme antal opfyldte mål deler placeringen; navnet afgør kun rækkefølgen."),
           # on screen only: the printed table cannot be sorted, scrolled or clicked
           "how": ("Klik på en kolonneoverskrift for at sortere og på et erhvervshus for dets rapport; tabellen "
                   "kan rulles vandret med erhvervshuset fast i første kolonne."),
           "beside": "Opgjort for sig, ikke rangeret blandt erhvervshusene",
           "per_hub": "eget mål pr. hus", "csv": "Hent tabellen som CSV (semikolon, decimalkomma)",
           "xlsx": "Hent tabellen som Excel-projektmappe",
           "region": "Nationale mål pr. erhvervshus", "target_col": "Mål og tærskel"},
    "en": {"order": ("Ranked by the share of the national targets met out of those that can be judged "
                     "(highest first), then the number of targets met and the hub's name. Hubs with the same "
                     "share and the same number of targets met share a rank; the name decides only the order."),
           "how": ("Click a column heading to sort and a hub for its report; the table scrolls sideways with "
                   "the hub fixed in the first column."),
           "beside": "Reported on its own, not ranked among the hubs",
           "per_hub": "own target per hub", "csv": "Download the table as CSV",
           "xlsx": "Download the table as an Excel workbook",
           "region": "National targets by business hub", "target_col": "Target and threshold"},
}

# The KKR summary at the top of the hub report (docs/decisions.md): the verdict in one
# sentence, the targets that need attention, the dialogue municipalities and the grant as money.
SUMMARY_TEXTS: dict[str, dict[str, str]] = {
    "da": {
        "summary": "Sammenfatning",
        "year_end": "{hub} opfyldte {met} af {n} mål, der kunne vurderes, i {year}; {not_met} er ikke opfyldt",
        "running": ("{hub} til og med {date}: {met} af {n} mål, der kunne vurderes, er opfyldt, {on_track} på "
                    "sporet, {behind} bagud og {not_met} ikke opfyldt"),
        "none": "{hub} har ingen mål, der kunne vurderes, i {year}",
        "missing": "{missing} mangler data",
        "missing_one": "{missing} mangler data",
        "data_ends": "men data slutter {ends}, så tempoet er vurderet mod mere af året, end data dækker",
        "data_ends_early": ("men data slutter {ends}, mere end en måned før årets udgang: målene er opgjort for "
                            "hele året, og der mangler måske data"),
        "attention": "Mål der ikke er opfyldt, er bagud eller mangler data",
        "no_attention": "Alle mål, der kunne vurderes, er opfyldt eller på sporet.",
        "target_col": "Mål",
        "result_col": "Resultat",
        "threshold_col": "Krav",
        "money": "Basisbevillingen",
        "grant": ("Basisbevilling: {total} fordelt på {count}; {per} kr. pr. individuelt vejledt "
                  "virksomhed i alt ({guided} vejledte virksomheder)"),
        "grant_range": ", fra {low} kr. ({low_key}) til {high} kr. ({high_key})",
        "grant_unguided": ("; ingen vejledte virksomheder i {names} (ingen kr. pr. virksomhed), men en andel af "
                           "bevillingen"),
        "grant_link": "Fordelingen pr. kommune",
        "no_grant": "Kontrakten har ingen fordeling af basisbevillingen.",
    },
    "en": {
        "summary": "Summary",
        "year_end": "{hub} met {met} of the {n} targets that could be assessed in {year}; {not_met} not met",
        "running": ("{hub} up to {date}: {met} of the {n} targets that could be assessed are met, {on_track} on "
                    "track, {behind} behind and {not_met} not met"),
        "none": "{hub} has no target that could be assessed in {year}",
        "missing": "{missing} lack data",
        "missing_one": "{missing} lacks data",  # "1 lack data", a review found
        "data_ends": "but the data end {ends}, so the pace is judged against more of the year than the data cover",
        "data_ends_early": ("but the data end {ends}, more than a month before the year's end: the targets are "
                            "evaluated for the whole year, and data may be missing"),
        "attention": "Targets not met, behind or without data",
        "no_attention": "Every target that could be assessed is met or on track.",
        "target_col": "Target",
        "result_col": "Result",
        "threshold_col": "Required",
        "money": "The basic grant",
        "grant": ("Basic grant: {total} split between {count}; {per} kr per individually guided "
                  "company overall ({guided} guided companies)"),
        "grant_range": ", from {low} kr ({low_key}) to {high} kr ({high_key})",
        "grant_unguided": "; no guided companies in {names}, with a share of the grant (no kr per company)",
        "grant_link": "The split per municipality",
        "no_grant": "The contract has no allocation of the basic grant.",
    },
}
