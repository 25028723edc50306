"""Static HTML dashboards: the hub report, the municipal page, the national comparison and an
index, built from finished reports. ``site.build_site`` returns every file as bytes; only the
CLI writes them. Figures are pure functions (``figures``, ``municipal_figures``); pages escape
every text from contracts and data (``document.esc``)."""
