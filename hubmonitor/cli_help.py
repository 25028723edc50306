"""``--help`` in Danish (the default language) beside the English in the commands' own docstrings and
``help=`` texts: every command's help and every option's, by command and parameter name, and click's
own words ("Usage:", "Options", "[default: da]"). ``help_lang`` says which: ``--lang en`` given before
``--help`` (the option is eager for that), else ``HUBMONITOR_LANG``, else Danish. A test holds every
command and option of the CLI to a Danish text here, so a new option cannot be English only.
"""

from __future__ import annotations

import inspect
import os
from typing import Any

import click

# The kinds of value click names in an option's help ("--data DIRECTORY"), and hubmonitor's own
METAVARS = {"DIRECTORY": "MAPPE", "FILE": "FIL", "INTEGER": "HELTAL", "FLOAT": "TAL", "TEXT": "TEKST",
            "NAME": "NAVN", "FOLDER": "MAPPE", "YYYY-MM-DD": "ÅÅÅÅ-MM-DD", "YYYY-YYYY": "ÅÅÅÅ-ÅÅÅÅ",
            "YYYY,YYYY": "ÅÅÅÅ,ÅÅÅÅ", "YYYY": "ÅÅÅÅ"}

# click's own words
WORDS = {"usage": "Brug: ", "options": "Tilvalg", "commands": "Kommandoer", "default": "standard: {default}",
         "required": "påkrævet", "envvar": "miljøvariabel: {var}"}

# Each command's help (None: the ``hubmonitor`` group) but its examples, which are the docstring's own
# (``_examples``): the same commands in either language.
COMMANDS: dict[str | None, str] = {
    None: """Vurdér erhvervshusenes resultatkontrakter.""",
    "validate": """Kontrollér en kontraktfil (og det, den bygger på), en profil, en datamappes external-<år>.yaml
eller dens hubmonitor.yaml (og den profil, den nævner), uden at læse data.

Skriver hvert problem som FIL:LINJE STI: BESKED og afslutter med 1, hvis der er nogen.""",
    "evaluate": """Beregn hvert mål i CONTRACT ud fra data i --data.

Skriver en tabel over målene (id, titel, værdi, mål, status) og opgørelsen af datakvaliteten;
afslutter med 0, når vurderingen er gennemført, uanset om målene er opfyldt. Med --years vurderes
hvert års kontrakt (CONTRACT med {year} udfyldt), og hvert måls værdi og status skrives pr. år.""",
    "check-data": """Opgør kvaliteten af data i DATA_DIR, uden kontrakt.

Hver fils rækker gøres op (læst = brugt + karantæne + dubletter), hvert problem tælles pr. kode og
listes med fil, række (overskriften = række 1) og kolonne. --csv skriver rækkerne i karantæne, som
de var, med deres årsager, så de kan rettes i Excel og køres igen.""",
    "dashboard": """Byg statiske HTML-dashboards ud fra resultatfiler (JSON fra evaluate --json) og siderne for de
backtest- og diff-filer (backtest --json, diff --json), der gives sammen med dem.

Skriver index.html; pr. erhvervshus og år <hub>-<år>/rapport.html (erhvervshusets rapport),
<hub>-<år>/kommuner.html (kort, spredning, fordeling) og <hub>-<år>.xlsx; pr. år
national-<år>.html (alle erhvervshuse side om side) med national-<år>.csv og .xlsx; og assets/
med plotly.js, som alle sider deler. Siderne åbnes fra disken uden netværk. Skriver stien til
forsiden.

\b
Eksempel:
  hubmonitor evaluate contracts/midtjylland/2024.yaml \\
      --data data/sample/midtjylland-2024 --json out/midtjylland-2024.json
  hubmonitor dashboard out/midtjylland-2024.json --out dashboards""",
    "demo": """Prøv hubmonitor uden egne data: alle seks erhvervshuse, 2022-2025, på opdigtede data.

Genererer realistiske demodata (hvis mappen ikke allerede har dem), vurderer hvert erhvervshus'
kontrakt for hvert år, skriver resultaterne som JSON og bygger dashboards og skriver så stien til
forsiden. Data er opdigtede; README's "Your own data" fortæller om rigtige eksporter.

\b
Eksempel:
  hubmonitor demo --out out/demo""",
    "schema": """Skriv JSON Schema for en kontrakt (eller rammeaftale), en profil eller en datamappes hubmonitor.yaml.

Peg en YAML-editor på det, så foreslår editoren nøgler og markerer fejl, mens der skrives;
`hubmonitor validate` kontrollerer stadig det, skemaet ikke kan (kolonner, basisår, data).""",
    "backtest": """Afprøv kontraktudkastet DRAFT på de seneste års data, før det underskrives.

Vurderer hvert mål i udkastet på hvert tidligere år med samme motor og regler som en underskrevet
kontrakt (som om udkastet var underskrevet for det år), og skriver pr. mål værdi, vurdering og
margin hvert år, hvor mange hele år der nåede målet, og kalibreringen: chancen for at nå en andel
fra svar næste år, den mindste forskel svarene kan vise, og det niveau en optællings tendens peger
på, med spænd. De tidligere års egne kontrakter læses ikke.

\b
Eksempel:
  hubmonitor backtest contracts/midtjylland/udkast-2026.yaml \\
      --data out/demo/data/midtjylland --years 2022-2025 --json out/backtest-2026.json""",
    "diff": """Sammenlign to kontrakter mål for mål: nye, fjernede, ændret tærskel, ændret regel (filtre,
undtagelser, grupper …), ændret ordlyd.

En kontrakt over flere år sammenlignes for sit første år. Med --data beregnes begge kontrakter
også på de samme data (ét år, hver som om den var underskrevet for det), og tallene vises side om
side.""",
}

_WIDE = ("Skriv alt ud, uanset bredde (som standard passer output til terminalen, eller 100 kolonner når "
         "det ikke er en terminal).")
_PROFILE = ("Profil for datas opbygning: et indbygget navn (canonical, escrm-excel) eller en YAML-fil. "
            "Standard: mappens hubmonitor.yaml 'profile:', ellers canonical.")
_STRICT = "Afslut med 1, hvis nogen række måtte sættes i karantæne."

# Each option's help by (command, parameter name); "*": the same in every command that has it.
OPTIONS: dict[tuple[str, str], str] = {
    ("*", "_click_default_help"): "Vis denne hjælp og afslut.",
    ("*", "lang"): "Sprog for output (dansk eller engelsk).",
    ("*", "wide"): _WIDE,
    ("*", "profile"): _PROFILE,
    ("*", "strict"): _STRICT,
    ("hubmonitor", "version"): "Vis versionen og afslut.",
    ("hubmonitor", "debug"): "Vis hele forløbet (traceback) ved fejl.",
    ("evaluate", "data_dirs"): (
        "Erhvervshusets datamappe (crm_activities*.csv, evaluations*.csv, external-<år>.yaml). Gives den "
        "flere gange (en kontrakt for hele landet eller for flere erhvervshuses kommuner), læses hver mappe "
        "med sin egen profil, og data vurderes samlet."),
    ("evaluate", "json_out"): (
        "Skriv resultaterne som JSON her (skrives atomisk; ikke i datamappen og aldrig oven i en inputfil). "
        "- skriver dem til standard output og tabellen til standard error. Med --years en sti med {year}."),
    ("evaluate", "as_of"): (
        "Vurdér med data til og med denne dato (ÅÅÅÅ-MM-DD) inden for kontraktåret: mål, der tælles op over "
        "året, er på sporet eller bagud i forhold til målet forholdsmæssigt for den forløbne del af året. "
        "Standard: et år, der ikke er slut, vurderes pr. datadatoen (hubmonitor.yaml's data_date:, ellers den "
        "seneste dato i data til og med i dag); et år, hvis udgang er passeret, vurderes helt, medmindre "
        "data_date: er angivet (HUBMONITOR_TODAY=ÅÅÅÅ-MM-DD sætter dagen i dag). Med --years hvert år til og "
        "med denne dato (et år, der er slut inden da, helt)."),
    ("evaluate", "years_spec"): (
        "Vurdér flere kontraktår, én resultatfil pr. år: CONTRACT og --json indeholder {year}; datamappen "
        "læses én gang; filerne skrives samlet til sidst."),
    ("evaluate", "allow_outside_hub"): (
        "Fortsæt, når de fleste virksomheder i data ligger uden for kontraktens erhvervshus (som standard "
        "stopper kørslen så: sandsynligvis den forkerte datamappe)."),
    ("check-data", "json_out"): (
        "Skriv datakvalitetsrapporten som JSON her (- for standard output; rapporten går så til standard "
        "error). Ikke i datamappen."),
    ("check-data", "csv_out"): (
        "Skriv rækkerne i karantæne med deres årsager som CSV til Excel her (- for standard output). Ikke i "
        "datamappen."),
    ("check-data", "signals_out"): (
        "Skriv integritetssignalernes grundlag på virksomhedsniveau (hvilke rækker og virksomheder der ligger "
        "bag hvert signal, hvert år mod året før) som CSV til erhvervshuset selv; det vises aldrig på siderne. "
        "Ikke i datamappen."),
    ("dashboard", "out_dir"): (
        "Mappe til siderne: de bygges ved siden af og skiftes ind samlet, så en afbrudt kørsel efterlader de "
        "forrige sider; andre filer i mappen røres ikke. Ikke en datamappe og ikke i en."),
    ("dashboard", "reproducible"): (
        "Fastlås genereringslinjen til den seneste datadato: de samme resultater giver byte-identiske sider."),
    ("demo", "out_dir"): (
        "Mappe til demoen: data/ (genereres én gang), results/ (JSON) og dashboards/; results/ og "
        "dashboards/ skiftes hver ind samlet."),
    ("demo", "seed"): "Frø for generatoren (samme frø, samme filer).",
    ("demo", "scale"): "Gang alle mængder op; omkring 57 giver 10 millioner aktivitetsrækker (til benchmarks).",
    ("demo", "regenerate"): "Generér data igen, selv om mappen er komplet.",
    ("demo", "reproducible"): "Fastlås genereringstidspunktet på siderne (byte-identisk output).",
    ("schema", "out_file"): "Skriv skemaet her (- for standard output).",
    ("backtest", "data_dir"): (
        "Erhvervshusets datamappe med de tidligere år (crm_activities*.csv, evaluations*.csv, "
        "external-<år>.yaml)."),
    ("backtest", "years_spec"): "De tidligere år, udkastet afprøves på. Standard: de 4 år før udkastets år.",
    ("backtest", "draft_year"): "Hvilket år af et udkast over flere år (standard: det første).",
    ("backtest", "json_out"): (
        "Skriv backtesten som JSON her (til `hubmonitor dashboard`, som laver dens side). - skriver den til "
        "standard output og tabellen til standard error."),
    ("backtest", "allow_outside_hub"): (
        "Fortsæt, når de fleste virksomheder i data ligger uden for udkastets erhvervshus."),
    ("diff", "data_dir"): "Et erhvervshus' datamappe: beregn begge kontrakters tal på de samme data, side om side.",
    ("diff", "year"): (
        "Med --data: det år af data, begge kontrakter beregnes på, hver som om den var underskrevet for det "
        "(standard: OLD's år)."),
    ("diff", "json_out"): (
        "Skriv sammenligningen som JSON her (til `hubmonitor dashboard`, som laver dens side). - skriver den "
        "til standard output og teksten til standard error."),
    ("diff", "allow_outside_hub"): (
        "Med --data: fortsæt, når de fleste virksomheder i data ligger uden for kontrakternes erhvervshus."),
}


def english_only() -> bool:
    """HUBMONITOR_LANG=en: click's messages and the help in English alone."""
    return os.environ.get("HUBMONITOR_LANG", "").strip().lower() == "en"


def help_lang(ctx: click.Context) -> str:
    """The help's language: ``--lang`` when it came before ``--help``, else HUBMONITOR_LANG, else Danish."""
    asked = ctx.params.get("lang")
    if isinstance(asked, str):
        return asked.lower()
    return "en" if english_only() else "da"


def short_help(text: str, limit: int) -> str:
    """The list of commands' line for a help: its first sentence, cut between words to ``limit``
    with "..." (as click makes it of a docstring)."""
    first = " ".join(text.split("\n\n")[0].split())
    sentence = first.split(". ")[0].rstrip(".")
    if len(sentence) <= limit:
        return sentence
    words, line = sentence.split(), ""
    for word in words:
        if len(line) + len(word) + 4 > limit:
            break
        line = f"{line} {word}".strip()
    return line + "..."


# The words around the docstrings' examples, in Danish
_EXAMPLE_WORDS = {"Examples:": "Eksempler:", "Example:": "Eksempel:",
                  "first line of a contract:": "første linje i en kontrakt:"}


def _examples(docstring: str) -> str:
    """The examples at the end of a command's docstring ("\\b" and "Examples:" on, as click shows them),
    their words in Danish; "" where it has none."""
    text = inspect.cleandoc(docstring)
    at = text.find("\b\nExample")
    if at < 0:
        return ""
    examples = text[at:]
    for english, danish in _EXAMPLE_WORDS.items():
        examples = examples.replace(english, danish)
    return "\n\n" + examples


def _danish_default(param: click.Option, default: str) -> str:
    """An option's default as Danish writes it: "1,0" for a decimal number ("[standard: 1.0]" was English)."""
    return default.replace(".", ",") if isinstance(param.type, click.types.FloatParamType) else default


def option_help(command: str, param: click.Parameter) -> str | None:
    """The Danish help of ``param`` of ``command`` (None: none written)."""
    return OPTIONS.get((command, param.name or "")) or OPTIONS.get(("*", param.name or ""))


class DanishHelp:
    """Mixed into click's Command and Group: the help in Danish unless English is asked for."""

    def _danish(self, ctx: click.Context) -> bool:
        return help_lang(ctx) == "da"

    def _key(self) -> str | None:
        name = getattr(self, "name", None)
        return None if isinstance(self, click.Group) else name

    def get_short_help_str(self, limit: int = 45) -> str:
        ctx = click.get_current_context(silent=True)
        text = COMMANDS.get(self._key())
        if ctx is None or text is None or not self._danish(ctx):
            return super().get_short_help_str(limit)  # type: ignore[misc]
        return short_help(text, limit)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if not self._danish(ctx):
            super().format_usage(ctx, formatter)  # type: ignore[misc]
            return
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=WORDS["usage"])

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = COMMANDS.get(self._key())
        if text is None or not self._danish(ctx):
            super().format_help_text(ctx, formatter)  # type: ignore[misc]
            return
        formatter.write_paragraph()
        with formatter.indentation():
            own = inspect.cleandoc(text)  # a text with its own example is not given the docstring's again
            formatter.write_text(own + ("" if "\nEksempel" in own else _examples(getattr(self, "help", None) or "")))

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if not self._danish(ctx):
            super().format_options(ctx, formatter)  # type: ignore[misc]
            return
        command = self._key() or "hubmonitor"  # (not the path's last word: "python -m hubmonitor.cli")
        rows = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if not isinstance(param, click.Option) or param.hidden:
                continue
            extra = param.get_help_extra(ctx)
            items = ([WORDS["envvar"].format(var=", ".join(extra["envvars"]))] if "envvars" in extra else []) + \
                ([WORDS["default"].format(default=_danish_default(param, extra["default"]))]
                 if "default" in extra else []) + \
                ([extra["range"]] if "range" in extra else []) + \
                ([WORDS["required"]] if "required" in extra else [])
            text = option_help(command, param) or param.help or ""
            spec = " ".join("|".join(METAVARS.get(part, part) for part in word.split("|"))
                            for word in (param.get_help_spec(ctx) or "").split(" "))
            rows.append((spec, f"{text}  [{'; '.join(items)}]" if items else text))
        if rows:
            with formatter.section(WORDS["options"]):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if not self._danish(ctx):
            super().format_commands(ctx, formatter)  # type: ignore[misc]
            return
        group: Any = self
        commands = [(name, cmd) for name in group.list_commands(ctx)
                    if (cmd := group.get_command(ctx, name)) is not None and not cmd.hidden]
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _ in commands)
            with formatter.section(WORDS["commands"]):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in commands])
